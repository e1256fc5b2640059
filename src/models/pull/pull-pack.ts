import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { packFiles, type PackFile, type PackManifest } from '../pack-manifest.js';
import { locatePack, type LocatedPack } from '../pack-registry.js';
import { ChecksumMismatchError, DownloadError } from './download-error.js';
import { downloadToPart, type DownloadProgress } from './download-to-part.js';
import { fileSources } from './file-sources.js';
import { installVerified } from './install-verified.js';

export type PullEvent =
  | { kind: 'present'; file: string; path: string }
  | { kind: 'download'; file: string; url: string; progress: DownloadProgress }
  | { kind: 'retry'; file: string; attempt: number; reason: string }
  | { kind: 'next-source'; file: string; url: string; reason: string }
  | { kind: 'installed'; file: string; path: string };

export interface PullOptions {
  /** The library's models folder; files go to `<installDir>/<pack>/<file>`, where `locatePack` looks first. */
  installDir: string;
  /** Every folder searched for weights: a file already in one of them with the right checksum is not fetched. */
  modelDirs: readonly string[];
  /** Tries per file when the connection breaks mid-transfer; each retry resumes where the last one stopped. */
  attempts?: number;
  retryDelayMs?: number;
  /** Base URL that replaces every manifest source with `<mirror>/<file>` (see fileSources). */
  mirror?: string;
  /** Called with the files about to be downloaded, before the first byte; throwing stops the pull (licence refused). */
  beforeDownload?: (files: PackFile[]) => Promise<void> | void;
  onEvent?: (event: PullEvent) => void;
}

interface WantedFile {
  file: string;
  sha256: string;
  url: string;
}

/** Every source failed: says what each one answered, so a user can tell a moved file from a dead network. */
export class NoSourceWorkedError extends Error {
  constructor(file: string, failures: { url: string; reason: string }[]) {
    super(`could not get ${file} from any source:\n${failures.map((f) => `  ${f.url}: ${f.reason}`).join('\n')}`);
    this.name = 'NoSourceWorkedError';
  }
}

/** Downloads the pack's missing weights, verifies them against the pinned sha256 and installs them. */
export async function pullPack(manifest: PackManifest, options: PullOptions): Promise<LocatedPack> {
  const searchDirs = [options.installDir, ...options.modelDirs.filter((d) => d !== options.installDir)];
  const before = await locatePack(manifest, searchDirs);
  const missing = new Set(before.available ? [] : before.missing);
  const wanted = packFiles(manifest).filter((f) => missing.has(f.file));
  const packDir = join(options.installDir, manifest.name);

  // Refuse the whole pull up front rather than leave a pack half downloaded.
  for (const { file } of wanted) {
    if (basename(file) !== file) throw new Error(`model pack ${manifest.name}: file name ${file} must not contain a folder`);
  }
  const withoutSource = wanted.filter((f) => fileSources(f, options.mirror).length === 0);
  if (withoutSource.length > 0) {
    throw new Error(
      `model pack ${manifest.name} has no download address for ${withoutSource.map((f) => `${f.file} (sha256 ${f.sha256})`).join(', ')}; ` +
        `copy ${withoutSource.length === 1 ? 'it' : 'them'} into ${packDir} by hand`,
    );
  }
  if (wanted.length > 0) await options.beforeDownload?.(wanted);

  for (const spec of wanted) {
    await mkdir(packDir, { recursive: true });
    await fetchFromSources(spec, join(packDir, spec.file), options);
  }

  const after = await locatePack(manifest, searchDirs);
  if (!after.available) throw new Error(`model pack ${manifest.name} is still missing ${after.missing.join(', ')} after pulling`);
  for (const [file, path] of after.located.files) if (!missing.has(file)) options.onEvent?.({ kind: 'present', file, path });
  return after.located;
}

/** Tries each source in turn; one that fails (gone, wrong bytes, unreachable after retries) hands over to the next. */
async function fetchFromSources(spec: PackFile, finalPath: string, options: PullOptions): Promise<void> {
  const urls = fileSources(spec, options.mirror);
  const failures: { url: string; reason: string }[] = [];
  for (const [index, url] of urls.entries()) {
    try {
      await fetchVerified({ file: spec.file, sha256: spec.sha256, url }, finalPath, options);
      return;
    } catch (err) {
      if (!(err instanceof DownloadError || err instanceof ChecksumMismatchError)) throw err;
      if (urls.length === 1) throw err;
      failures.push({ url, reason: err.message });
      if (index + 1 < urls.length) options.onEvent?.({ kind: 'next-source', file: spec.file, url: urls[index + 1]!, reason: err.message });
    }
  }
  throw new NoSourceWorkedError(spec.file, failures);
}

async function fetchVerified(spec: WantedFile, finalPath: string, options: PullOptions): Promise<void> {
  const { attempts = 3, retryDelayMs = 1000, onEvent = () => {} } = options;
  const partPath = `${finalPath}.part`;
  for (let attempt = 1; ; attempt++) {
    let resumed = false;
    try {
      await downloadToPart(spec.url, partPath, (progress) => {
        resumed ||= progress.resumedFrom > 0;
        onEvent({ kind: 'download', file: spec.file, url: spec.url, progress });
      });
      await installVerified(partPath, finalPath, spec);
      onEvent({ kind: 'installed', file: spec.file, path: finalPath });
      return;
    } catch (err) {
      // A stale part (from an older file or another program) spoils a resumed download. The mismatch deleted it,
      // so one more try starts from zero; a mismatch of a fresh download is final.
      const retry = (err instanceof DownloadError && err.resumable) || (err instanceof ChecksumMismatchError && resumed);
      if (!retry || attempt >= attempts) throw err;
      onEvent({ kind: 'retry', file: spec.file, attempt, reason: err.message });
      await sleep(retryDelayMs * attempt);
    }
  }
}
