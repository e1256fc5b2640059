import type { Config } from '../config/config.js';
import { parseS3Settings, type S3Settings } from '../objects/s3/s3-settings.js';
import { parseS3Url } from '../objects/s3/s3-url.js';

/** Connection settings from the configuration plus the bucket and prefix of one s3:// URL. */
export function s3SettingsFor(url: string, config: Config): S3Settings {
  const { bucket, prefix } = parseS3Url(url);
  return parseS3Settings({ ...config.s3, bucket, prefix });
}
