import { describe, expect, it } from 'vitest';
import { assertValidListPrefix, assertValidObjectKey, normalizeKeyPrefix } from '../../src/objects/object-key.js';
import { S3ObjectStore } from '../../src/objects/s3/s3-object-store.js';
import { parseS3Settings } from '../../src/objects/s3/s3-settings.js';

describe('object keys', () => {
  it('takes the same keys as the local store', () => {
    for (const good of ['a.jpg', 'crops/a.jpg', 'crops/sub/c.jpg', '..a', 'a..']) expect(() => assertValidObjectKey(good)).not.toThrow();
    for (const bad of ['', '/a', 'a/', 'crops//x.jpg', '../outside.jpg', 'a/./b', 'a/..']) expect(() => assertValidObjectKey(bad), bad).toThrow(`invalid object key "${bad}"`);
  });

  it('lets a list prefix end part-way through a name, but not climb', () => {
    for (const good of ['', 'crops/', 'crops/ab', 'c']) expect(() => assertValidListPrefix(good)).not.toThrow();
    for (const bad of ['../', '..', 'crops/../', 'crops//', '/crops', 'a/.']) expect(() => assertValidListPrefix(bad), bad).toThrow('invalid list prefix');
  });

  it('refuses a climbing list prefix before asking the server', async () => {
    // Nothing listens on port 9: a request would fail differently.
    const store = new S3ObjectStore(parseS3Settings({ endpoint: 'http://127.0.0.1:9', bucket: 'photos', credentials: { accessKeyId: 'k', secretAccessKey: 's' }, maxAttempts: 1 }));
    const listing = async () => {
      for await (const key of store.list('../')) void key;
    };
    await expect(listing()).rejects.toThrow('invalid list prefix "../"');
    store.close();
  });

  it('normalises store prefixes to end in one slash', () => {
    expect(normalizeKeyPrefix('')).toBe('');
    expect(normalizeKeyPrefix('/')).toBe('');
    expect(normalizeKeyPrefix('a/b')).toBe('a/b/');
    expect(normalizeKeyPrefix('/a/b/')).toBe('a/b/');
    expect(() => normalizeKeyPrefix('a//b')).toThrow('invalid key prefix');
  });
});
