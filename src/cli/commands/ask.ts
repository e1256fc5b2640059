import type { Command } from 'commander';
import { askLibrary, type AskAnswer } from '../../annotate/ask-library.js';
import { withLibraryApi } from '../context.js';
import { llmFor } from '../llm-client-for.js';
import { addLlmOptions } from '../llm-options.js';

export function registerAsk(program: Command): void {
  addLlmOptions(program.command('ask'))
    .argument('<question>', 'e.g. "photos of Alice and Bob at the beach in 2019"')
    .description('find photos by a question in plain words: a language model turns it into a search, shown before the photos')
    .option('--json', 'print JSON')
    .action(async (question: string, opts: { json?: boolean }, command: Command) => {
      const llm = llmFor(command).client;
      const answer = await withLibraryApi(command, (lib) => askLibrary({ catalog: lib.backends.catalog, llm }, question));
      if (opts.json) console.log(JSON.stringify(answer, null, 2));
      else for (const line of describeAnswer(answer)) console.log(line);
    });
}

/** The search that ran (or why none did), then the photos' paths. */
export function describeAnswer(answer: AskAnswer): string[] {
  const { query } = answer;
  const lines = [
    `Asked ${answer.model} (${answer.promptTokens}+${answer.completionTokens} tokens, ${(answer.ms / 1000).toFixed(1)}s); the search:`,
    `  people: ${query.people.map((p) => `${p.name} (${p.id})`).join(', ') || '-'}`,
    `  dates:  ${query.from ?? '…'} to ${query.to ?? '…'}`,
    `  place:  ${query.place ?? '-'}`,
    `  words:  ${query.words.join(', ') || '-'}`,
  ];
  if (query.place !== null || query.words.length > 0) lines.push('  (place and words are looked for in folder and file names and photo captions; GPS places have no names here)');
  if (answer.refusal !== null) return [...lines, `Nothing searched: ${answer.refusal}.`];
  return [...lines, `${answer.photos.length} ${answer.photos.length === 1 ? 'photo' : 'photos'}:`, ...answer.photos.map((p) => p.path)];
}
