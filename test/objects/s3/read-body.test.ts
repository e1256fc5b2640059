import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBodyBytes } from '../../../src/objects/s3/read-body.js';

const chunks = () => Readable.from([Buffer.from([1, 2]), Buffer.from([3]), Buffer.from([4, 5, 6])]);

describe('readBodyBytes', () => {
  it('fills one buffer of the announced length, as a plain Uint8Array', async () => {
    const bytes = await readBodyBytes(chunks(), 6, 'test');
    expect(bytes).toEqual(Uint8Array.of(1, 2, 3, 4, 5, 6));
    expect(bytes.constructor).toBe(Uint8Array);
  });

  it('joins the chunks when no length is announced', async () => {
    const bytes = await readBodyBytes(chunks(), undefined, 'test');
    expect(bytes).toEqual(Uint8Array.of(1, 2, 3, 4, 5, 6));
    expect(bytes.constructor).toBe(Uint8Array);
  });

  it('refuses a truncated or an overlong body instead of returning wrong bytes', async () => {
    await expect(readBodyBytes(chunks(), 8, 'reading x')).rejects.toThrow('reading x: connection ended after 6 of 8 bytes');
    await expect(readBodyBytes(chunks(), 4, 'reading x')).rejects.toThrow('reading x: server sent more than the announced 4 bytes');
  });

  it('reads an empty object', async () => {
    expect(await readBodyBytes(undefined, 0, 'test')).toEqual(new Uint8Array(0));
    expect(await readBodyBytes(Readable.from([]), 0, 'test')).toEqual(new Uint8Array(0));
  });
});
