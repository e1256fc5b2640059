import { describe, expect, it } from 'vitest';
import { isSameRemoteVersion, remotePhotoVersion } from '../../../src/pipeline/sources/remote-photo.js';

describe('remote photo versions', () => {
  const listed = { etag: '"abc"', size: 100, lastModified: new Date('2024-05-01T10:00:00Z') };

  it('are the same only when ETag, size and modification time all are', () => {
    expect(isSameRemoteVersion(listed, { ...listed, lastModified: new Date('2024-05-01T10:00:00Z') })).toBe(true);
    expect(isSameRemoteVersion(listed, { ...listed, etag: '"abd"' })).toBe(false);
    expect(isSameRemoteVersion(listed, { ...listed, size: 101 })).toBe(false);
    expect(isSameRemoteVersion(listed, { ...listed, lastModified: new Date('2024-05-01T10:00:01Z') })).toBe(false);
  });

  it('fit in one string, to keep beside the photo in the catalog', () => {
    expect(remotePhotoVersion(listed)).toBe('"abc"|100|2024-05-01T10:00:00.000Z');
  });
});
