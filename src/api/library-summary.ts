import type { Config } from '../config/config.js';
import { currentPack, type Library } from '../library/open-library.js';
import type { LibrarySummary } from './library-records.js';

/**
 * The library's location, backends, counts and last run. Unlike the server's status page it probes nothing and
 * waits for every answer: a catalog that does not answer is an error here, not a field.
 */
export async function librarySummary(backends: Library, config: Config): Promise<LibrarySummary> {
  const counts = await backends.catalog.counts();
  const lastRun = await backends.catalog.lastRun();
  return {
    library: config.library,
    catalog: backends.describeCatalog(),
    crops: backends.objects.describe(),
    // currentPack, not libraryPack: looking at a library must not choose its pack.
    pack: await currentPack(backends),
    counts,
    lastRun,
  };
}
