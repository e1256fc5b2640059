import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { configFrom, withLibrary } from '../context.js';
import { formatTable } from '../table.js';
import type { Config } from '../../config/config.js';
import { describePackDownload, packDownload } from '../../models/pack-download.js';
import { bestAvailablePack, findPack, knownPacks, locatePack } from '../../models/pack-registry.js';
import { licenceGate } from '../../models/pull/licence-gate.js';
import { currentPack } from '../../library/open-library.js';
import { switchPack } from '../../library/switch-pack.js';
import { progressPrinter, formatDuration } from '../progress.js';
import { stopOnSignal } from '../stop-on-signal.js';
import { libraryModelsDir } from '../../models/pull/library-models-dir.js';
import { pullPack } from '../../models/pull/pull-pack.js';
import { pullPrinter } from '../../models/pull/pull-printer.js';

async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** What the library will analyse with after a pull: its remembered pack wins over a newly installed better one. */
async function packInUse(config: Config, pulled: string): Promise<string> {
  const current = config.pack ?? (await withLibrary(config, currentPack));
  if (current === null) {
    const best = await bestAvailablePack(config.modelDirs);
    return `library ${config.library} will use ${best.manifest.name} on its first scan`;
  }
  if (current === pulled) return `library ${config.library} uses ${pulled}`;
  return `library ${config.library} uses ${current}; to switch it: facetag models use ${pulled} (analyses every photo again with it, keeping names and corrections)`;
}

export function registerModels(program: Command): void {
  const models = program.command('models').description('model packs: list, verify, choose');

  models
    .command('list')
    .description('known packs, whether their weights are here and how to get them, and their licences')
    .action(async (_opts: unknown, command: Command) => {
      const config = configFrom(command);
      const current = await withLibrary(config, currentPack);
      const rows = [];
      for (const manifest of knownPacks()) {
        const where = await locatePack(manifest, config.modelDirs);
        const verification = manifest.calibration.verification;
        rows.push([
          (manifest.name === current ? '* ' : '  ') + manifest.name,
          where.available ? 'installed' : `missing ${where.missing.join(', ')}`,
          describePackDownload(packDownload(manifest)),
          verification
            ? `${(verification.crossValidatedAccuracy * 100).toFixed(2)}% ±${(verification.crossValidatedStd * 100).toFixed(2)} @${verification.threshold.toFixed(3)}`
            : '-',
          manifest.licence,
        ]);
      }
      console.log(formatTable(['PACK', 'WEIGHTS', 'GET IT', 'LFW PAIRS (10-FOLD, THRESHOLD)', 'LICENCE'], rows));
      console.log(`\nsearched: ${config.modelDirs.join(', ')}`);
    });

  models
    .command('verify')
    .argument('[pack]', 'pack name (default: every pack)')
    .description('check the sha256 of every weights file')
    .action(async (name: string | undefined, _opts: unknown, command: Command) => {
      const config = configFrom(command);
      const packs = name ? [findPack(name)] : knownPacks();
      let broken = 0;
      for (const manifest of packs) {
        const where = await locatePack(manifest, config.modelDirs);
        if (where.available) console.log(`${manifest.name}: ok (${[...where.located.files.values()].join(', ')})`);
        else {
          if (where.badChecksum.length > 0 || name) broken++;
          const bad = where.badChecksum.length > 0 ? `; wrong checksum: ${where.badChecksum.join(', ')}` : '';
          console.log(`${manifest.name}: missing ${where.missing.join(', ')}${bad}`);
        }
      }
      if (broken > 0) process.exitCode = 1;
    });

  models
    .command('pull')
    .argument('[pack]', 'pack name (default: the recommended pack, the one with the highest preference)')
    .option('--accept-licence', 'accept the licence terms of the files to download (needed for non-commercial ones)')
    .description(
      "download the pack's missing weights into the library's models folder from its pinned sources " +
        '(or FACETAG_MODELS_MIRROR), checking each file against its sha256; resumes an interrupted download',
    )
    .action(async (name: string | undefined, opts: { acceptLicence?: boolean }, command: Command) => {
      const config = configFrom(command);
      const manifest = name ? findPack(name) : knownPacks()[0]!;
      const installDir = libraryModelsDir(config);
      console.log(`pulling ${manifest.name}${name ? '' : ' (recommended)'} into ${installDir}`);
      const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
      await pullPack(manifest, {
        installDir,
        modelDirs: config.modelDirs,
        mirror: process.env.FACETAG_MODELS_MIRROR,
        beforeDownload: licenceGate({
          packName: manifest.name,
          accepted: opts.acceptLicence === true,
          ask: interactive ? askYesNo : undefined,
          print: (line) => console.log(line),
        }),
        onEvent: pullPrinter(process.stdout),
      });
      console.log(`${manifest.name} is installed; licence: ${manifest.licence}`);
      console.log(await packInUse(config, manifest.name));
    });

  models
    .command('use')
    .argument('<pack>', 'pack name')
    .description(
      'switch the library to another pack: its photos are analysed again with it (resumable: run it again after an ' +
        'interruption), names and corrections move to the new faces of the same boxes, the old faces go',
    )
    .action(async (name: string, _opts: unknown, command: Command) => {
      const config = configFrom(command);
      const manifest = findPack(name);
      const where = await locatePack(manifest, config.modelDirs);
      if (!where.available) throw new Error(`pack ${name} is not installed: missing ${where.missing.join(', ')}`);
      const stop = stopOnSignal('finishing the photos in progress; run facetag models use again to resume');
      const progress = progressPrinter();
      try {
        const outcome = await withLibrary(config, (library) =>
          switchPack(library, config, name, {
            signal: stop.signal,
            onProgress: (p) => progress.update(p),
            onError: (path, reason) => void process.stderr.write(`\r\x1b[2Kerror: ${path}: ${reason}\n`),
          }),
        );
        progress.done();
        if (outcome.kind === 'nothing-to-do') {
          console.log(`library ${config.library} uses ${name}; every photo is analysed with it already`);
        } else if (outcome.kind === 'unfinished') {
          console.log(
            `library ${config.library} still uses its old pack: ${outcome.leftPhotos} photos are not yet analysed with ${name} ` +
              `(${outcome.analysed} done now, ${outcome.failed} errors); run facetag models use ${name} again to go on`,
          );
          process.exitCode = outcome.interrupted ? 130 : 1;
        } else {
          const { carry } = outcome;
          console.log(
            `library ${config.library} now uses ${name} (was ${outcome.from.join(', ') || 'none'}): ${outcome.analysed} photos analysed again ` +
              `in ${formatDuration(outcome.elapsedMs / 1000)}, ${carry.carried} decisions carried to the new faces, ${outcome.cropsRemoved} old crops removed`,
          );
          if (carry.lost.length > 0) {
            console.log(`${carry.lost.length} faces' decisions found no face of the same box with ${name}:`);
            for (const face of carry.lost) console.log(`  ${face.faceId} (${face.personId ?? 'not a face'}) on photo ${face.photoSha256.slice(0, 16)}`);
          }
        }
      } finally {
        stop.dispose();
      }
    });
}
