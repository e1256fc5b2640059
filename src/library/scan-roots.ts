import { realpath } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import { parseS3Url } from '../objects/s3/s3-url.js';

/** A scan asked for over HTTP names a place outside the folders the server was told it may read. */
export class ScanPathRefusedError extends Error {
  readonly statusCode = 403;
  constructor(message: string) {
    super(message);
    this.name = 'ScanPathRefusedError';
  }
}

/**
 * Checks that every requested path lies below one of the roots (`serve --roots`), and returns the paths to scan.
 * Folders are compared by where they really are: both sides are resolved and their symbolic links followed, so
 * neither `..` nor a link pointing elsewhere gets out. s3:// locations are compared as bucket and key prefix.
 * Links inside a root folder are the administrator's doing and a scan follows them, as `facetag scan` does.
 */
export async function checkScanPaths(paths: readonly string[], roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) {
    throw new ScanPathRefusedError(
      'this server scans nothing: no roots are configured; start it with --roots /photos[:/more] (or FACETAG_ROOTS) to allow scans below those folders or s3:// prefixes',
    );
  }
  const allowed = await Promise.all(roots.map(realRoot));
  const checked: string[] = [];
  for (const path of paths) checked.push(await checkOne(path, allowed, roots));
  return checked;
}

type RealRoot = { kind: 'folder'; real: string } | { kind: 's3'; bucket: string; prefix: string } | null;

async function realRoot(root: string): Promise<RealRoot> {
  if (root.startsWith('s3://')) {
    const { bucket, prefix } = parseS3Url(root);
    return { kind: 's3', bucket, prefix };
  }
  // A root that does not exist (an unmounted drive) allows nothing until it is back.
  const real = await realpath(resolve(root)).catch(() => null);
  return real === null ? null : { kind: 'folder', real };
}

async function checkOne(path: string, allowed: readonly RealRoot[], roots: readonly string[]): Promise<string> {
  const refuse = (why: string): never => {
    throw new ScanPathRefusedError(`${JSON.stringify(path)} ${why}; this server scans only below ${roots.join(', ')}`);
  };
  if (path.startsWith('s3://')) {
    let location: { bucket: string; prefix: string };
    try {
      location = parseS3Url(path);
    } catch (err) {
      return refuse(`is not a valid s3:// location (${(err as Error).message})`);
    }
    const inside = allowed.some((r) => r?.kind === 's3' && r.bucket === location.bucket && location.prefix.startsWith(r.prefix));
    return inside ? path : refuse('is not below an allowed s3:// prefix');
  }
  if (!isAbsolute(path)) return refuse('is not an absolute path');
  const real = await realpath(resolve(path)).catch(() => null);
  if (real === null) return refuse('does not exist (or cannot be read)');
  const inside = allowed.some((r) => r?.kind === 'folder' && (real === r.real || real.startsWith(r.real.endsWith(sep) ? r.real : r.real + sep)));
  // The resolved path, as typed (links kept), so the catalog keeps the same paths a `facetag scan` of it would.
  return inside ? resolve(path) : refuse(real === resolve(path) ? 'is outside the allowed folders' : `leads to ${real}, outside the allowed folders`);
}
