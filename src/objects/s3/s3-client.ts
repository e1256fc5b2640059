import { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from './s3-settings.js';

/** One client per store or source: it pools connections, so share it rather than making one per request. */
export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    // Without credentials the SDK walks its default provider chain (environment, shared files, SSO, instance roles).
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    requestChecksumCalculation: settings.checksums === 'when_supported' ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED',
    responseChecksumValidation: settings.checksums === 'when_supported' ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: settings.connectTimeoutMs, socketTimeout: settings.socketTimeoutMs },
  });
}
