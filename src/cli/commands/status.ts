import type { Command } from 'commander';
import { withLibraryApi } from '../context.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('library location, counts, model pack and the last run')
    .option('--errors', 'list the files that could not be analysed, with the reason')
    .action(async (opts: { errors?: boolean }, command: Command) => {
      await withLibraryApi(command, async (lib) => {
        if (opts.errors) {
          const errors = await lib.scanErrors();
          if (errors.length === 0) console.log('No errors.');
          for (const e of errors) console.log(`${e.path}: ${e.reason}`);
          return;
        }
        const { counts, lastRun: run, ...where } = await lib.summary();
        console.log(`library:    ${where.library}`);
        console.log(`catalog:    ${where.catalog}`);
        console.log(`crops:      ${where.crops}`);
        console.log(`model pack: ${where.pack ?? '(chosen on first scan)'}`);
        console.log(`photos:     ${counts.photos} (${counts.files} files)`);
        console.log(`faces:      ${counts.faces}`);
        console.log(`people:     ${counts.people}`);
        console.log(`errors:     ${counts.errors}${counts.errors > 0 ? ' (facetag status --errors)' : ''}`);
        if (run) {
          const stats = Object.entries(run.stats).map(([k, v]) => `${k} ${v}`).join(', ');
          console.log(`last run:   #${run.id} ${run.startedAt} ${run.finishedAt ? `finished ${run.finishedAt}` : 'did not finish'} (${run.root}; ${stats})`);
        }
      });
    });
}
