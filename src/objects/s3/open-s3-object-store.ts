import { S3ObjectStore } from './s3-object-store.js';
import type { S3Settings } from './s3-settings.js';

/**
 * The store, but only once HeadBucket has answered: an unreachable server, bad credentials or a missing bucket
 * stop start-up with an S3UnreachableError naming the endpoint, the bucket and the cause.
 */
export async function openS3ObjectStore(settings: S3Settings): Promise<S3ObjectStore> {
  const store = new S3ObjectStore(settings);
  try {
    await store.checkReachable();
  } catch (err) {
    store.close();
    throw err;
  }
  return store;
}
