import type { Catalog } from '../catalog/catalog.js';
import { compareCatalogs } from './compare-catalogs.js';
import { clearCatalog, copyCatalog, type CopyOptions, type CopySummary } from './copy-catalog.js';

/**
 * `facetag graph sync`: makes the target catalog a copy of the source, safely.
 *
 * - A target that holds anything (photos, faces, people, paths or scan errors) is refused, naming what it holds,
 *   unless `replace` is set: then it is emptied first.
 * - Before writing, a marker setting records which source the target is being filled from. It is removed only once
 *   the copy is complete and checked, so a killed sync leaves the marker behind, and running the same sync again
 *   resumes it (every step of the copy skips what is already there) instead of refusing a non-empty target.
 * - At the end the two catalogs are compared record by record; a difference (the source changed while the sync was
 *   interrupted, say) fails the sync with the marker left in place, and `replace` copies afresh.
 */

/** The marker's setting key; never copied from a source. */
export const SYNC_MARKER = 'sync.unfinished';

interface SyncMarker {
  /** The source, as describeCatalog() shows it. */
  from: string;
  /** clearing: the target is being emptied (--replace); copying: the copy has started. */
  phase: 'clearing' | 'copying';
  /** The sync was asked to replace what the target held, so a rerun with --replace need not empty it again. */
  replace: boolean;
  startedAt: string;
}

export interface SyncOptions extends Omit<CopyOptions, 'keepSettings'> {
  /** Names for messages and the marker: the describeCatalog() of each side. */
  sourceName: string;
  targetName: string;
  replace?: boolean;
}

export interface SyncSummary extends CopySummary {
  /** An unfinished sync from the same source was found and completed. */
  resumed: boolean;
  /** The target was emptied first (--replace). */
  cleared: boolean;
}

export async function syncCatalog(source: Catalog, target: Catalog, options: SyncOptions): Promise<SyncSummary> {
  const { sourceName: from, targetName: to } = options;
  const replace = options.replace === true;
  if (from === to) throw new Error(`cannot sync ${from} into itself`);

  const sourceMarker = readMarker(await source.getSetting(SYNC_MARKER));
  if (sourceMarker !== null) {
    throw new Error(
      `${from} is itself an unfinished copy of ${sourceMarker.from}: finish that sync first (run it again), then copy from here`,
    );
  }

  const marker = readMarker(await target.getSetting(SYNC_MARKER));
  const resumed = marker !== null && marker.from === from;
  let clear: boolean;
  if (resumed) {
    clear = marker.phase === 'clearing' || (replace && !marker.replace);
  } else if (marker !== null) {
    if (!replace) {
      throw new Error(
        `${to} holds an unfinished sync from ${marker.from}: run that sync again to finish it, ` +
          `or add --replace to empty ${to} and copy ${from} instead`,
      );
    }
    clear = true;
  } else {
    const counts = await target.counts();
    const held = Object.entries(counts).filter(([, n]) => n > 0);
    if (held.length > 0 && !replace) {
      throw new Error(
        `${to} is not empty: it holds ${held.map(([what, n]) => `${n} ${COUNT_NAMES[what] ?? what}`).join(', ')}; ` +
          'add --replace to empty it and copy over it',
      );
    }
    clear = held.length > 0;
  }

  const startedAt = marker?.startedAt ?? new Date().toISOString();
  const keepReplace = replace || (resumed && marker.replace);
  const write = (phase: SyncMarker['phase']) =>
    target.setSetting(SYNC_MARKER, JSON.stringify({ from, phase, replace: keepReplace, startedAt } satisfies SyncMarker));

  if (clear) {
    await write('clearing');
    await clearCatalog(target, { onProgress: options.onProgress, signal: options.signal, keepSettings: [SYNC_MARKER] });
  }
  await write('copying');
  const summary = await copyCatalog(source, target, { ...options, keepSettings: [SYNC_MARKER] });

  options.onProgress?.({ phase: 'checking', done: 0, total: 1 });
  const differences = await compareCatalogs(source, target, [SYNC_MARKER]);
  if (differences.length > 0) {
    throw new Error(
      `the copy in ${to} does not match ${from}: ${differences.join('; ')}. ` +
        `Did ${from} change since the sync started? Run the sync again with --replace to copy it afresh`,
    );
  }
  options.onProgress?.({ phase: 'checking', done: 1, total: 1 });
  await target.deleteSetting(SYNC_MARKER);
  return { ...summary, resumed, cleared: clear };
}

const COUNT_NAMES: Record<string, string> = { files: 'paths', errors: 'scan errors' };

function readMarker(value: string | null): SyncMarker | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(value) as Partial<SyncMarker>;
    if (typeof parsed.from === 'string' && (parsed.phase === 'clearing' || parsed.phase === 'copying')) {
      return { from: parsed.from, phase: parsed.phase, replace: parsed.replace === true, startedAt: String(parsed.startedAt ?? '') };
    }
  } catch {
    // fall through: an unreadable marker still means an unfinished sync
  }
  return { from: 'an unknown source', phase: 'clearing', replace: true, startedAt: '' };
}
