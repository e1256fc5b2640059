import { ListObjectsV2Command, type _Object, type S3Client } from '@aws-sdk/client-s3';

/**
 * Every object below a prefix, one page (up to 1000 keys) at a time, so a bucket with millions of photos is
 * never listed into memory at once. S3 returns keys in UTF-8 byte order.
 */
export async function* listObjects(client: S3Client, bucket: string, prefix: string, pageSize = 1000): AsyncGenerator<_Object> {
  let continuationToken: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: pageSize, ContinuationToken: continuationToken }),
    );
    for (const object of page.Contents ?? []) yield object;
    // A truncated page without a token would otherwise end the listing early and silently.
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (page.IsTruncated && !continuationToken) throw new Error(`listing s3://${bucket}/${prefix}: server said there is more but gave no continuation token`);
  } while (continuationToken);
}
