import type { Command } from 'commander';
import { configFrom, withLibrary } from '../context.js';
import { formatTable } from '../table.js';
import { findPack, knownPacks, locatePack } from '../../models/pack-registry.js';
import { currentPack, setPack } from '../../library/open-library.js';
import { libraryModelsDir } from '../../models/pull/library-models-dir.js';
import { pullPack } from '../../models/pull/pull-pack.js';
import { pullPrinter } from '../../models/pull/pull-printer.js';

export function registerModels(program: Command): void {
  const models = program.command('models').description('model packs: list, verify, choose');

  models
    .command('list')
    .description('known packs, whether their weights are here, and their licences')
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
          verification
            ? `${(verification.crossValidatedAccuracy * 100).toFixed(2)}% ±${(verification.crossValidatedStd * 100).toFixed(2)} @${verification.threshold.toFixed(3)}`
            : '-',
          manifest.licence,
        ]);
      }
      console.log(formatTable(['PACK', 'WEIGHTS', 'LFW PAIRS (10-FOLD, THRESHOLD)', 'LICENCE'], rows));
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
    .argument('<pack>', 'pack name')
    .description("download the pack's missing weights into the library's models folder, checking each file's pinned sha256")
    .action(async (name: string, _opts: unknown, command: Command) => {
      const config = configFrom(command);
      const manifest = findPack(name);
      const installDir = libraryModelsDir(config);
      console.log(`pulling ${name} into ${installDir}`);
      await pullPack(manifest, { installDir, modelDirs: config.modelDirs, onEvent: pullPrinter(process.stdout) });
      console.log(`${name} is installed; licence: ${manifest.licence}`);
    });

  models
    .command('use')
    .argument('<pack>', 'pack name')
    .description('make the library use another pack; the next scan analyses every photo again with it')
    .action(async (name: string, _opts: unknown, command: Command) => {
      const config = configFrom(command);
      const manifest = findPack(name);
      const where = await locatePack(manifest, config.modelDirs);
      if (!where.available) throw new Error(`pack ${name} is not installed: missing ${where.missing.join(', ')}`);
      await withLibrary(config, (library) => setPack(library, name));
      console.log(`library ${config.library} now uses ${name}; run facetag scan again to re-analyse your photos with it`);
    });
}
