import type { Command } from 'commander';
import { withLibraryApi } from '../context.js';
import { formatTable } from '../table.js';
import { pendingByPerson } from '../../annotate/suggestion-view.js';

export function registerPeople(program: Command): void {
  program
    .command('people')
    .description('list the people found, most faces first')
    .option('--all', 'include hidden people')
    .option('--json', 'print JSON')
    .action(async (opts: { all?: boolean; json?: boolean }, command: Command) => {
      const { people, suggested } = await withLibraryApi(command, async (lib) => ({
        people: await lib.allPeople({ includeHidden: opts.all === true }),
        suggested: pendingByPerson(await lib.backends.catalog.listSuggestions({ status: 'pending' })),
      }));
      if (opts.json) {
        console.log(JSON.stringify(people.map((p) => ({ ...p, pendingSuggestions: suggested.get(p.id) ?? 0 })), null, 2));
        return;
      }
      if (people.length === 0) {
        console.log('No people yet: run facetag scan <folder> first.');
        return;
      }
      console.log(
        formatTable(
          ['PERSON', 'NAME', 'FACES', 'PHOTOS', 'SAMPLE'],
          people.map((p) => [p.id, (p.name ?? '-') + (p.hidden ? ' (hidden)' : '') + (suggested.has(p.id) ? ' *' : ''), p.faces, p.photos, p.samplePath ?? '-']),
        ),
      );
      if (people.some((p) => suggested.has(p.id))) console.log('* has pending suggestions: facetag suggestions');
    });
}
