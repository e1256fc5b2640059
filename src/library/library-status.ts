import type { FacetagLibrary } from '../api/facetag-library.js';
import type { RunRecord, ScanError } from '../catalog/catalog.js';
import { probeWorkers } from '../queue/bullmq/queue-probe.js';
import type { QueueSettings } from '../queue/queue-settings.js';
import { combinedRate } from '../queue/queue-report.js';
import { packReports } from './doctor-checks.js';
import { currentPack } from './open-library.js';
import { reachable, within } from './within.js';

/** A status page answers even when a server is down: each part gets this long. */
const PART_TIMEOUT_MS = 3000;

interface Part {
  where: string;
  reachable: boolean;
  detail: string | null;
}

export interface PackStatus {
  name: string;
  installed: boolean;
  missing: string[];
  badChecksum: string[];
  licence: string;
  calibration: { threshold: number; accuracy: number; std: number; pairs: string; pairCount: number; measured: string; command: string } | null;
  clustering: string | null;
}

/** What `GET /api/status` answers: where everything is, whether it answers, the packs, the counts, the last run. */
export interface LibraryStatus {
  version: string;
  library: string;
  catalog: Part & { backend: 'sqlite' | 'neo4j' };
  objects: Part & { backend: 'local' | 's3' };
  queue: { configured: boolean; where: string | null; reachable: boolean | null; detail: string | null };
  workers: { count: number; imagesPerSecond: number } | null;
  pack: string | null;
  packs: PackStatus[];
  counts: { photos: number; files: number; faces: number; people: number } | null;
  errors: number | null;
  lastRun: RunRecord | null;
  /** Naming help from a language model (issue "annotate"): nothing configures one yet. */
  llm: { configured: boolean };
}

export async function libraryStatus(lib: FacetagLibrary, version: string, queue: QueueSettings | null): Promise<LibraryStatus> {
  const { catalog, objects } = lib.backends;
  const optional = <T>(work: () => Promise<T>): Promise<T | null> => within(work(), PART_TIMEOUT_MS).catch(() => null);
  const [countsAnswer, objectsReach, workers, pack, lastRun, packs] = await Promise.all([
    // The counts double as the catalog's probe.
    within(catalog.counts(), PART_TIMEOUT_MS).then(
      (counts) => ({ counts, detail: null }),
      (err: Error) => ({ counts: null, detail: err.message }),
    ),
    reachable(() => objects.has('status-probe'), PART_TIMEOUT_MS),
    queue ? probeWorkers(queue, PART_TIMEOUT_MS).then((w) => ({ ok: w, error: null }), (err: Error) => ({ ok: null, error: err.message })) : null,
    optional(() => currentPack(lib.backends)),
    optional(() => catalog.lastRun()),
    packReports(lib.config.modelDirs),
  ]);
  const { counts } = countsAnswer;
  return {
    version,
    library: lib.config.library,
    catalog: { backend: lib.backends.kind === 'graph' ? 'neo4j' : 'sqlite', where: lib.backends.describeCatalog(), reachable: counts !== null, detail: countsAnswer.detail },
    objects: { backend: lib.config.objects ? 's3' : 'local', where: objects.describe(), ...objectsReach },
    queue: queue
      ? { configured: true, where: queue.display, reachable: workers?.ok !== null, detail: workers?.error ?? null }
      : { configured: false, where: null, reachable: null, detail: null },
    workers: workers?.ok ? { count: workers.ok.length, imagesPerSecond: combinedRate(workers.ok) } : null,
    pack,
    packs: packs.map(({ manifest, installed, missing, badChecksum }) => {
      const v = manifest.calibration.verification;
      return {
        name: manifest.name,
        installed,
        missing,
        badChecksum,
        licence: manifest.licence,
        calibration: v
          ? { threshold: v.threshold, accuracy: v.crossValidatedAccuracy, std: v.crossValidatedStd, pairs: v.pairs, pairCount: v.pairCount, measured: v.measured, command: v.command }
          : null,
        clustering: manifest.calibration.clustering ?? null,
      };
    }),
    counts: counts ? { photos: counts.photos, files: counts.files, faces: counts.faces, people: counts.people } : null,
    errors: counts?.errors ?? null,
    lastRun,
    llm: { configured: false },
  };
}

/** The files a scan could not analyse, and why (`facetag status --errors`). */
export function listScanErrors(lib: FacetagLibrary): Promise<ScanError[]> {
  return lib.backends.catalog.listErrors();
}
