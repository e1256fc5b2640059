import type { Command } from 'commander';
import { configFrom, withLibrary } from '../context.js';
import { currentPack } from '../../library/open-library.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('library location, counts, model pack and the last run')
    .option('--errors', 'list the files that could not be analysed, with the reason')
    .action(async (opts: { errors?: boolean }, command: Command) => {
      const config = configFrom(command);
      await withLibrary(config, async (library) => {
        const { catalog, objects } = library;
        if (opts.errors) {
          const errors = await catalog.listErrors();
          if (errors.length === 0) console.log('No errors.');
          for (const e of errors) console.log(`${e.path}: ${e.reason}`);
          return;
        }
        const counts = await catalog.counts();
        const run = await catalog.lastRun();
        console.log(`library:    ${config.library}`);
        console.log(`catalog:    ${library.describeCatalog()}`);
        console.log(`crops:      ${objects.describe()}`);
        console.log(`model pack: ${(await currentPack(library)) ?? '(chosen on first scan)'}`);
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
