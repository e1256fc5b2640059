import type { Command } from 'commander';
import { withLibraryApi } from '../context.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export the library: JSON (stdout or --out FILE) or XMP face-region sidecars beside each photo')
    .requiredOption('--format <format>', 'json or xmp')
    .option('--out <path>', 'json: a file to write; xmp: a folder to mirror the photos\' paths into (default: beside the photos)')
    .option('--naming <naming>', 'xmp sidecar names: keep-extension (photo.jpg.xmp, digiKam) or replace-extension (photo.xmp, Lightroom)', 'keep-extension')
    .option('--no-unnamed', 'xmp: leave out faces of people without a name')
    .action(async (opts: { format: string; out?: string; naming: string; unnamed: boolean }, command: Command) => {
      if (opts.naming !== 'keep-extension' && opts.naming !== 'replace-extension') throw new Error(`unknown --naming ${opts.naming}`);
      const naming = opts.naming;
      await withLibraryApi(command, async (lib) => {
        if (opts.format === 'json') {
          const summary = await lib.exportJson(opts.out || process.stdout);
          process.stderr.write(`exported ${summary.photos} photos, ${summary.faces} faces, ${summary.people} people\n`);
        } else if (opts.format === 'xmp') {
          const report = await lib.exportXmp({ outDir: opts.out, naming, includeUnnamed: opts.unnamed });
          for (const e of report.errors) process.stderr.write(`error: ${e.path}: ${e.reason}\n`);
          console.log(`${report.written} sidecars written, ${report.skipped} photos without faces to write, ${report.errors.length} errors`);
          if (report.errors.length > 0) process.exitCode = 1;
        } else {
          throw new Error(`unknown export format "${opts.format}" (json or xmp)`);
        }
      });
    });
}
