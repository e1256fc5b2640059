import type { Command } from 'commander';
import { acceptSuggestion, rejectSuggestion } from '../../annotate/decide-suggestions.js';
import { suggestionView } from '../../annotate/suggestion-view.js';
import { decisionPorts } from '../../api/suggestion-ports.js';
import { withLibraryApi } from '../context.js';
import { formatTable } from '../table.js';

export function registerSuggestions(program: Command): void {
  const suggestions = program.command('suggestions').description("a language model's pending suggestions (facetag annotate), to accept or reject");

  suggestions
    .command('list', { isDefault: true })
    .description('list the pending suggestions, oldest first')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const pending = await withLibraryApi(command, (lib) => lib.backends.catalog.listSuggestions({ status: 'pending' }));
      if (opts.json) {
        console.log(JSON.stringify(pending.map(suggestionView), null, 2));
        return;
      }
      if (pending.length === 0) {
        console.log('No pending suggestions: facetag annotate --all-unnamed asks a language model for some.');
        return;
      }
      console.log(
        formatTable(
          ['ID', 'ABOUT', 'KIND', 'CONFIDENCE', 'VALUE', 'EVIDENCE'],
          pending.map((s) => [s.id, s.target.type === 'person' ? s.target.id : `photo ${s.target.id.slice(0, 12)}`, s.kind, s.confidence.toFixed(2), s.value, s.evidence.join('; ') || '-']),
        ),
      );
    });

  for (const verb of ['accept', 'reject'] as const) {
    suggestions
      .command(verb)
      .argument('<ids...>', 'suggestion ids (s12)')
      .description(
        verb === 'accept'
          ? 'accept suggestions: an accepted name names the person, as facetag person name does'
          : 'reject suggestions: a rejected value is never suggested again for the same person or photo',
      )
      .action(async (ids: string[], _opts: unknown, command: Command) => {
        await withLibraryApi(command, async (lib) => {
          for (const id of ids) {
            if (verb === 'reject') {
              const s = await rejectSuggestion(lib.backends.catalog, id);
              console.log(`${id}: rejected ${s.kind} ${JSON.stringify(s.value)} for ${s.target.id}`);
              continue;
            }
            const s = await acceptSuggestion(decisionPorts(lib), id);
            console.log(s.kind === 'name' ? `${id}: ${s.target.id} is now ${s.value}` : `${id}: accepted ${s.kind} of ${s.target.id}`);
          }
        });
      });
  }
}
