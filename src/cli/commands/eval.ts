import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { configFrom, parsePositiveInt } from '../context.js';
import { clusterLibrary } from '../../clustering/cluster-library.js';
import { clusteringMethodNames, DEFAULT_CLUSTERING_METHOD } from '../../clustering/methods/registry.js';
import { thresholdsForPack } from '../../clustering/pack-thresholds.js';
import { evaluateLibrary, type EvaluationReport, type FacePick } from '../../eval/evaluate-library.js';
import { labelsFromFolders } from '../../eval/labelled-folders.js';
import { libraryPack, openLibrary } from '../../library/open-library.js';
import { scanLibrary } from '../../library/scan-library.js';
import { findPack } from '../../models/pack-registry.js';
import { progressPrinter } from '../progress.js';

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
    .action(async (folders: string[], opts: { pairs?: string; pick: string; method: string; pack?: string; jobs?: number; keep?: string; json?: boolean }, command: Command) => {
      if (opts.pick !== 'centre' && opts.pick !== 'largest') throw new Error(`--pick must be centre or largest, not ${opts.pick}`);
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
          const seconds = scan.elapsedMs / 1000;
          const speed = { analysed: scan.analysed, imagesPerSecond: scan.analysed > 0 ? scan.analysed / seconds : null, clusterMs };
          if (opts.json) console.log(JSON.stringify({ pack, method: opts.method, ...report, speed }, null, 2));
          else console.log(formatReport(pack, opts.method, report, speed));
        } finally {
          await library.close();
        }
      } finally {
        if (!opts.keep) rmSync(dir, { recursive: true, force: true });
      }
    });
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
