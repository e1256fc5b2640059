import { rename, rm } from 'node:fs/promises';
import { sha256OfFile } from '../file-checksum.js';
import { ChecksumMismatchError } from './download-error.js';

/**
 * Moves a finished download into place only if its sha256 is the pinned one. The rename is within one
 * folder, so readers see either no file or the whole verified file, never a half-written one.
 * A mismatch deletes the part: resuming wrong bytes could never give the right file.
 */
export async function installVerified(partPath: string, finalPath: string, expected: { file: string; sha256: string; url: string }): Promise<void> {
  const actual = await sha256OfFile(partPath);
  if (actual !== expected.sha256) {
    await rm(partPath, { force: true });
    throw new ChecksumMismatchError(expected.file, expected.sha256, actual, expected.url);
  }
  await rename(partPath, finalPath);
}
