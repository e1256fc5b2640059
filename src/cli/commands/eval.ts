import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { configFrom, parsePositiveInt } from '../context.js';
import { clusterLibrary } from '../../clustering/cluster-library.js';
import { clusteringMethodNames, DEFAULT_CLUSTERING_METHOD } from '../../clustering/methods/registry.js';
import { thresholdsForPack } from '../../clustering/pack-thresholds.js';
import { verificationCalibration } from '../../eval/calibration.js';
import { evaluateLibrary, pairsDatasetsDir, predictedPeople, type EvaluationReport, type FacePick } from '../../eval/evaluate-library.js';
import { chunkPaths, replayInChunks, type ChunkOrder } from '../../eval/chunked-replay.js';
import { labelsFromFolders } from '../../eval/labelled-folders.js';
import { partitionAgreement, type PrecisionRecall } from '../../eval/metrics.js';
import type { Catalog } from '../../catalog/catalog.js';
import { openSqliteCatalog } from '../../catalog/sqlite/open-sqlite-catalog.js';
import { libraryPack, openLibrary } from '../../library/open-library.js';
import { scanLibrary } from '../../library/scan-library.js';
import { findPack } from '../../models/pack-registry.js';
import { progressPrinter } from '../progress.js';

interface EvalOptions {
  pairs?: string;
  pick: string;
  method: string;
  pack?: string;
  jobs?: number;
  keep?: string;
  json?: boolean;
  calibrate?: boolean;
  chunks?: number;
  chunkOrder: string;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('measure accuracy on labelled photos (one folder per person)')
    .argument('<folders...>', 'labelled folders, e.g. ../shared/datasets/lfw ../shared/datasets/lfw-singletons')
    .option('--pairs <file>', 'verification pairs (fold, same, path A, path B), e.g. lfw-meta/pairs-balanced.tsv')
    .option('--pick <how>', 'face standing for a photo: centre (LFW crops) or largest', 'largest')
    .option('--method <name>', `clustering method (${clusteringMethodNames().join(', ')})`, DEFAULT_CLUSTERING_METHOD)
    .option('--pack <name>', 'model pack')
    .option('--jobs <n>', 'worker threads', parsePositiveInt)
    .option('--keep <dir>', 'keep the evaluation library in this folder (reruns reuse its analysis)')
    .option('--json', 'print the report as JSON')
    .option('--chunks <n>', 'also add the photos to a fresh library in n runs, clustering after each as a scan does, and compare with one run', parsePositiveInt)
    .option('--chunk-order <how>', 'interleaved (every n-th photo per run) or contiguous (consecutive slices)', 'interleaved')
    .option('--calibrate', "also print the pack's calibration block (pair verification and the data it came from) for its manifest; needs --pairs")
    .action(async (folders: string[], opts: EvalOptions, command: Command) => {
      if (opts.pick !== 'centre' && opts.pick !== 'largest') throw new Error(`--pick must be centre or largest, not ${opts.pick}`);
      if (opts.chunkOrder !== 'interleaved' && opts.chunkOrder !== 'contiguous') throw new Error(`--chunk-order must be interleaved or contiguous, not ${opts.chunkOrder}`);
      const chunkOrder: ChunkOrder = opts.chunkOrder;
      if (opts.calibrate && !opts.pairs) throw new Error('--calibrate needs --pairs <file>, e.g. ../shared/datasets/lfw-meta/pairs-balanced.tsv');
      const pick: FacePick = opts.pick;
      // Never the user's own library: evaluation photos must not turn up among their people.
      const dir = opts.keep ?? mkdtempSync(join(tmpdir(), 'facetag-eval-'));
      const globals = command.optsWithGlobals<{ library?: string }>();
      if (globals.library) throw new Error('eval uses its own library; use --keep <dir> to keep it');
      // Always an embedded library, whatever FACETAG_GRAPH / FACETAG_OBJECTS say: evaluation data stays out of the user's stores.
      const config = { ...configFrom(command, { jobs: opts.jobs, pack: opts.pack }), library: dir, graph: undefined, objects: undefined };
      try {
        const library = await openLibrary(config);
        try {
          const pack = await libraryPack(library, config);
          const progress = progressPrinter();
          const scan = await scanLibrary(library, config, pack, { roots: folders, prune: false, cluster: false, onProgress: (p) => progress.update(p) });
          progress.done();
          const t = performance.now();
          await clusterLibrary(library.catalog, pack, thresholdsForPack(findPack(pack)), { mode: 'recluster', method: opts.method });
          const clusterMs = performance.now() - t;
          const labels = await labelsFromFolders(folders);
          const report = await evaluateLibrary(library.catalog, pack, labels, { pick, pairsFile: opts.pairs });
          const chunked = opts.chunks ? await evaluateInChunks(library.catalog, pack, labels, { pick, chunks: opts.chunks, order: chunkOrder, method: opts.method }) : undefined;
          const seconds = scan.elapsedMs / 1000;
          const speed = { analysed: scan.analysed, imagesPerSecond: scan.analysed > 0 ? scan.analysed / seconds : null, clusterMs };
          const calibration = opts.calibrate && report.verification
            ? {
                ...findPack(pack).calibration,
                verification: await verificationCalibration(report.verification, {
                  pairsFile: opts.pairs!,
                  datasetsDir: pairsDatasetsDir({ pairsFile: opts.pairs }),
                  command: reproducingCommand(process.argv.slice(2)),
                  date: new Date(),
                }),
              }
            : undefined;
          if (opts.json) console.log(JSON.stringify({ pack, method: opts.method, ...report, speed, ...(chunked ? { chunked } : {}), ...(calibration ? { calibration } : {}) }, null, 2));
          else {
            console.log(formatReport(pack, opts.method, report, speed));
            if (chunked) console.log(formatChunked(chunked));
            if (calibration) console.log(`\ncalibration for packs/${pack}/manifest.json:\n"calibration": ${JSON.stringify(calibration, null, 2)}`);
          }
        } finally {
          await library.close();
        }
      } finally {
        if (!opts.keep) rmSync(dir, { recursive: true, force: true });
      }
    });
}

interface ChunkedEvaluation {
  chunks: number;
  order: ChunkOrder;
  report: EvaluationReport;
  /** The chunked runs' people measured against one run's (precision: pairs the chunked runs join that one run joins too). */
  agreement: PrecisionRecall;
  /** Labelled photos whose face no run assigned to anyone. */
  unassigned: { oneRun: number; chunked: number };
}

/**
 * Incremental against batch: the photos already analysed for the report are added to a fresh catalog in `chunks` runs,
 * clustering after each as a scan does; the result is scored against the labels and against the one-run clustering.
 */
async function evaluateInChunks(
  catalog: Catalog,
  pack: string,
  labels: ReadonlyMap<string, string>,
  options: { pick: FacePick; chunks: number; order: ChunkOrder; method: string },
): Promise<ChunkedEvaluation> {
  const dir = mkdtempSync(join(tmpdir(), 'facetag-chunks-'));
  try {
    const target = await openSqliteCatalog(join(dir, 'catalog.sqlite'));
    try {
      const paths = [...labels.keys()].sort();
      await replayInChunks(catalog, target, pack, chunkPaths(paths, options.chunks, options.order), {
        thresholds: thresholdsForPack(findPack(pack)),
        method: options.method,
      });
      const report = await evaluateLibrary(target, pack, labels, { pick: options.pick });
      const [oneRun, chunked] = await Promise.all([predictedPeople(catalog, pack, paths, options.pick), predictedPeople(target, pack, paths, options.pick)]);
      const items = paths.filter((p) => oneRun.has(p)).map((p) => ({ a: oneRun.get(p) ?? null, b: chunked.get(p) ?? null }));
      return {
        chunks: options.chunks,
        order: options.order,
        report,
        agreement: partitionAgreement(items),
        unassigned: { oneRun: items.filter((i) => i.a === null).length, chunked: items.filter((i) => i.b === null).length },
      };
    } finally {
      await target.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function formatChunked(c: ChunkedEvaluation): string {
  const r = c.report;
  return [
    `in ${c.chunks} runs (${c.order}), clustering after each:`,
    `  pairwise  precision ${pct(r.pairwise.precision)}  recall ${pct(r.pairwise.recall)}  F1 ${r.pairwise.f1.toFixed(4)}`,
    `  BCubed    precision ${pct(r.bcubed.precision)}  recall ${pct(r.bcubed.recall)}  F ${r.bcubed.f1.toFixed(4)}`,
    `  singletons merged into someone: ${r.singletons.merged} of ${r.singletons.singletons} (${pct(r.singletons.rate)}); people made: ${r.people}`,
    `  agreement with one run: pairwise precision ${pct(c.agreement.precision)}  recall ${pct(c.agreement.recall)}  F1 ${c.agreement.f1.toFixed(4)}; unassigned faces ${c.unassigned.chunked} (one run: ${c.unassigned.oneRun})`,
  ].join('\n');
}

/** The command as typed, without the options that only say where to keep things or how to print. */
function reproducingCommand(args: readonly string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--keep' || args[i] === '--jobs') i++;
    else if (args[i] !== '--json' && !args[i]!.startsWith('--keep=') && !args[i]!.startsWith('--jobs=')) kept.push(args[i]!);
  }
  return ['facetag', ...kept].join(' ');
}

function pct(v: number): string {
  return `${(v * 100).toFixed(2)}%`;
}

function formatReport(pack: string, method: string, r: EvaluationReport, speed: { analysed: number; imagesPerSecond: number | null; clusterMs: number }): string {
  const lines = [
    `pack ${pack}, clustering ${method}`,
    `images ${r.images} (${r.identities} identities), face found in ${r.detected}: detection rate ${pct(r.detectionRate)}`,
    `people made: ${r.people}`,
    `pairwise  precision ${pct(r.pairwise.precision)}  recall ${pct(r.pairwise.recall)}  F1 ${r.pairwise.f1.toFixed(4)}`,
    `BCubed    precision ${pct(r.bcubed.precision)}  recall ${pct(r.bcubed.recall)}  F ${r.bcubed.f1.toFixed(4)}`,
    `singletons merged into someone: ${r.singletons.merged} of ${r.singletons.singletons} (${pct(r.singletons.rate)})`,
  ];
  if (r.verification) {
    const v = r.verification;
    lines.push(
      `verification on ${v.pairs} pairs (${v.pairsWithoutFace} without a face): 10-fold ${pct(v.tenFoldAccuracy)} ± ${pct(v.tenFoldStd)}, best threshold ${v.bestThreshold.toFixed(3)} gives ${pct(v.bestAccuracy)}`,
    );
  }
  lines.push(
    `speed: ${speed.analysed} images analysed${speed.imagesPerSecond ? ` at ${speed.imagesPerSecond.toFixed(1)} images/s` : ' (reused)'}, clustering ${(speed.clusterMs / 1000).toFixed(1)} s`,
  );
  return lines.join('\n');
}
