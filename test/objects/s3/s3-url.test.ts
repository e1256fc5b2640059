import { describe, expect, it } from 'vitest';
import { formatS3Url, parseS3Url } from '../../../src/objects/s3/s3-url.js';

describe('parseS3Url', () => {
  it('reads a bucket alone, with or without a trailing slash', () => {
    expect(parseS3Url('s3://photos')).toEqual({ bucket: 'photos', prefix: '' });
    expect(parseS3Url('s3://photos/')).toEqual({ bucket: 'photos', prefix: '' });
  });

  it('reads a key prefix and makes it end in exactly one slash', () => {
    expect(parseS3Url('s3://photos/family/2024')).toEqual({ bucket: 'photos', prefix: 'family/2024/' });
    expect(parseS3Url('s3://photos/family/2024/')).toEqual({ bucket: 'photos', prefix: 'family/2024/' });
    expect(parseS3Url('S3://my.bucket-1/a')).toEqual({ bucket: 'my.bucket-1', prefix: 'a/' });
  });

  it('decodes percent escapes pasted from consoles', () => {
    expect(parseS3Url('s3://photos/Summer%20Holiday/')).toEqual({ bucket: 'photos', prefix: 'Summer Holiday/' });
  });

  it('refuses what is not an s3:// URL, or whose prefix could escape', () => {
    for (const bad of ['', 'photos/a', 'http://photos/a', 's3://', 's3:///a', 's3://photos/a//b', 's3://photos/../x', 's3://photos/a?x=1', 's3://photos/%E0%A4%A']) {
      expect(() => parseS3Url(bad), bad).toThrow(/s3:\/\/ URL/);
    }
  });

  it('formats back to the same URL', () => {
    expect(formatS3Url(parseS3Url('s3://photos/family'))).toBe('s3://photos/family/');
    expect(formatS3Url(parseS3Url('s3://photos'))).toBe('s3://photos/');
  });
});
