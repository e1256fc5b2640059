import type { Command } from 'commander';
import { configFrom, withLibrary } from '../context.js';
import { requirePerson } from '../../people/people-service.js';

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
      await withLibrary(configFrom(command), async ({ catalog }) => {
        const ids = [];
        for (const name of names) ids.push((await requirePerson(catalog, name)).id);
        const photos = await catalog.photosWithPeople(ids);
        if (opts.json) console.log(JSON.stringify(photos, null, 2));
        else for (const photo of photos) console.log(photo.path);
      });
    });
}
