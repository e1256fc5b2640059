import type { Command } from 'commander';
import { withLibraryApi } from '../context.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerPhotos(program: Command): void {
  program
    .command('photos')
    .description('list photos showing all of the given people')
    .option('--person <person>', 'id or name (repeatable)', collect, [])
    .option('--with <person>', 'also showing this person (repeatable)', collect, [])
    .option('--json', 'print JSON')
    .action(async (opts: { person: string[]; with: string[]; json?: boolean }, command: Command) => {
      const names = [...opts.person, ...opts.with];
      if (names.length === 0) throw new Error('name at least one person: facetag photos --person Alice [--with Bob]');
      await withLibraryApi(command, async (lib) => {
        const ids = [];
        for (const name of names) ids.push((await lib.personByIdOrName(name)).id);
        const photos = await lib.photoRecordsShowing(ids);
        if (opts.json) console.log(JSON.stringify(photos, null, 2));
        else for (const photo of photos) console.log(photo.path);
      });
    });
}
