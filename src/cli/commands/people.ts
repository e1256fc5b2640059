import type { Command } from 'commander';
import { withLibraryApi } from '../context.js';
import { formatTable } from '../table.js';

export function registerPeople(program: Command): void {
  program
    .command('people')
    .description('list the people found, most faces first')
    .option('--all', 'include hidden people')
    .option('--json', 'print JSON')
    .action(async (opts: { all?: boolean; json?: boolean }, command: Command) => {
      const people = await withLibraryApi(command, (lib) => lib.allPeople({ includeHidden: opts.all === true }));
      if (opts.json) {
        console.log(JSON.stringify(people, null, 2));
        return;
      }
      if (people.length === 0) {
        console.log('No people yet: run facetag scan <folder> first.');
        return;
      }
      console.log(
        formatTable(
          ['PERSON', 'NAME', 'FACES', 'PHOTOS', 'SAMPLE'],
          people.map((p) => [p.id, (p.name ?? '-') + (p.hidden ? ' (hidden)' : ''), p.faces, p.photos, p.samplePath ?? '-']),
        ),
      );
    });
}
