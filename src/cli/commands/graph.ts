import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { configFrom, parsePositiveInt } from '../context.js';
import type { Config } from '../../config/config.js';
import type { CopyProgress } from '../../library/copy-catalog.js';
import { currentPack, openLibrary, type Library } from '../../library/open-library.js';
import { syncCatalog, type SyncSummary } from '../../library/sync-catalog.js';

const SYNC_HELP = `
Copies the whole catalog: every photo with all its paths (size, modification time) and metadata; faces with
boxes, landmarks, quality, pack and embeddings (same face ids); people with the same ids, names and hidden flags;
every assignment with its source (automatic or yours); constraints (not-person, different-people); scan errors;
and settings (the model pack).
Not copied: the run history (the target keeps its own), and face crops, which live in the object store, set up
separately (--objects / FACETAG_OBJECTS, else <library>/objects): give both sides the same store.

A target that holds anything is refused, naming what it holds; --replace empties it first. The copy is safe to
interrupt: until it is complete and checked, the target carries a marker, and running the same command again
finishes it without duplicates. At the end both catalogs are compared record by record.

Examples:
  facetag --library ~/Photos/.facetag graph sync --to neo4j://neo4j:secret@graph.local:7687
  facetag --library ./restored graph sync --from neo4j://graph.local:7687   (login from FACETAG_GRAPH_USER/PASSWORD)`;

export function registerGraph(program: Command): void {
  const graph = program.command('graph').description('the library as a Neo4j graph: copy it there and back');
  graph
    .command('sync')
    .description('copy the library (--library, or --graph) into the Neo4j graph at --to, or the graph at --from into the embedded library')
    .option('--to <url>', 'copy the library into this graph (neo4j://user:password@host:7687[/database])')
    .option('--from <url>', 'copy this graph into the embedded library given by --library')
    .option('--replace', 'empty the target first if it holds anything')
    .option('--batch <n>', 'photos per batch (read, stored, reported)', parsePositiveInt, 100)
    .addHelpText('after', SYNC_HELP)
    .action(async (opts: { to?: string; from?: string; replace?: boolean; batch: number }, command: Command) => {
      if ((opts.to === undefined) === (opts.from === undefined)) throw new Error('graph sync needs exactly one of --to <url> or --from <url>');
      // Crops are not copied, so neither side needs the object store: nothing is opened or checked there.
      const config: Config = { ...configFrom(command), objects: undefined };
      const sourceConfig: Config = opts.to !== undefined ? config : { ...config, graph: opts.from };
      const targetConfig: Config = opts.to !== undefined ? { ...config, graph: opts.to } : { ...config, graph: undefined };
      if (sourceConfig.graph === undefined && !existsSync(join(sourceConfig.library, 'catalog.sqlite'))) {
        throw new Error(`there is no library at ${sourceConfig.library} to copy (no catalog.sqlite); give its folder with --library`);
      }

      const abort = new AbortController();
      const onSignal = (): void => {
        if (abort.signal.aborted) process.exit(130);
        abort.abort(new Error('interrupted'));
        process.stderr.write('\nstopping after the current photo (Ctrl-C again to quit at once)...\n');
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const started = Date.now();
      let source: Library | undefined;
      let target: Library | undefined;
      try {
        source = await openLibrary(sourceConfig);
        target = await openLibrary(targetConfig);
        // Libraries made before settings lived in the catalog keep their pack in library.json: bring it in, so it is copied.
        await currentPack(source);
        const [from, to] = [source.describeCatalog(), target.describeCatalog()];
        process.stderr.write(`copying ${from} into ${to}\n`);
        const summary = await syncCatalog(source.catalog, target.catalog, {
          sourceName: from,
          targetName: to,
          replace: opts.replace === true,
          batchSize: opts.batch,
          signal: abort.signal,
          onProgress: progressLines(),
        });
        console.log(describeSummary(summary, from, to, (Date.now() - started) / 1000));
      } catch (error) {
        if (abort.signal.aborted) {
          throw new Error('graph sync interrupted; the target is marked unfinished: run the same command again to finish the copy');
        }
        throw error;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await target?.close();
        await source?.close();
      }
    });
}

/** One line per step on stderr, and photo progress at most every 2 s (each line on a terminal, in place). */
function progressLines(stream: NodeJS.WriteStream = process.stderr): (progress: CopyProgress) => void {
  let phase = '';
  let lastPrint = 0;
  return (p) => {
    const now = Date.now();
    const first = p.phase !== phase;
    const last = p.done === p.total;
    if (!first && !last && now - lastPrint < 2000) return;
    if (first && p.total === 0) {
      phase = p.phase;
      return;
    }
    phase = p.phase;
    lastPrint = now;
    stream.write(`${p.phase} ${p.done}/${p.total}\n`);
  };
}

function describeSummary(summary: SyncSummary, from: string, to: string, seconds: number): string {
  const how = [summary.cleared ? 'emptied it first' : '', summary.resumed ? `finished an interrupted sync (${summary.photosAlreadyThere} photos were already there)` : '']
    .filter((part) => part !== '')
    .join('; ');
  return [
    `copied ${from} into ${to} in ${seconds.toFixed(1)} s${how ? ` (${how})` : ''}:`,
    `  ${summary.photos} photos at ${summary.files} paths, ${summary.faces} faces, ${summary.people} people, ${summary.assignments} assignments,`,
    `  ${summary.constraints} constraints, ${summary.suggestions} suggestions, ${summary.errors} scan errors, ${summary.settings} settings; checked: the copy matches`,
    'not copied: run history, and face crops (they stay in the object store)',
  ].join('\n');
}
