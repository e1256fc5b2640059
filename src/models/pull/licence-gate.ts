import type { PackFile } from '../pack-manifest.js';
import { megabytes } from './megabytes.js';

/** The user did not accept terms that restrict use of a file: nothing was downloaded. */
export class LicenceNotAcceptedError extends Error {
  constructor(packName: string, restricted: PackFile[]) {
    super(
      `pack ${packName}: ${restricted.map((f) => f.file).join(', ')} ${restricted.length === 1 ? 'is' : 'are'} not licensed for commercial use; ` +
        `nothing was downloaded. Read the terms above and, if your use is allowed, run again with --accept-licence ` +
        `(or choose a pack under other terms: facetag models list)`,
    );
    this.name = 'LicenceNotAcceptedError';
  }
}

export interface LicenceGateOptions {
  packName: string;
  /** --accept-licence: the terms were read and accepted beforehand. */
  accepted: boolean;
  /** Asks the person at a terminal; absent when nobody can answer (pipe, CI), which then counts as a refusal. */
  ask?: (question: string) => Promise<boolean>;
  print: (line: string) => void;
}

/**
 * Prints the licence of every file about to be downloaded and lets the download go on only when none restricts
 * commercial use or the user accepted the terms. A file without recorded terms counts as restricted: unknown terms
 * are not permission.
 */
export function licenceGate(options: LicenceGateOptions): (files: PackFile[]) => Promise<void> {
  return async (files) => {
    options.print('licences of the files to download:');
    for (const file of files) {
      const size = file.bytes === undefined ? '' : ` (${megabytes(file.bytes)} MB)`;
      options.print(`  ${file.file}${size}: ${file.licence?.terms ?? 'terms not recorded'}`);
    }
    const restricted = files.filter((f) => f.licence?.commercialUse !== true);
    if (restricted.length === 0 || options.accepted) return;
    const yes = options.ask ? await options.ask('These terms do not allow commercial use. Accept them and download? [y/N] ') : false;
    if (!yes) throw new LicenceNotAcceptedError(options.packName, restricted);
  };
}
