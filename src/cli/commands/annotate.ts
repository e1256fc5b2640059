import type { Command } from 'commander';
import { annotatePeople, type AnnotateOutcome, type AnnotateProgress } from '../../annotate/annotate-people.js';
import { annotatePhotos } from '../../annotate/annotate-photos.js';
import { annotatePorts } from '../../api/suggestion-ports.js';
import { withLibraryApi, parsePositiveInt } from '../context.js';
import { llmFor } from '../llm-client-for.js';
import { addLlmOptions } from '../llm-options.js';
import { formatDuration, progressBar, statusLinePrinter } from '../progress.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseConfidence(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) throw new Error(`--min-confidence must be a number from 0 to 1, got "${value}"`);
  return n;
}

interface AnnotateFlags {
  person: string[];
  photos?: boolean;
  vision?: boolean;
  allUnnamed?: boolean;
  apply?: boolean;
  minConfidence?: number;
  concurrency: number;
}

export function registerAnnotate(program: Command): void {
  addLlmOptions(program.command('annotate'))
    .description('ask a language model for suggestions about people (a name, a description, relations) or photos (a caption, tags); nothing is applied without --apply')
    .option('--person <person>', 'id or name (repeatable)', collect, [])
    .option('--all-unnamed', 'every unnamed person who is not hidden')
    .option('--photos', 'a caption and tags per photo instead (every photo, or those showing the --person people)')
    .option('--vision', 'show the model face crops and photos too (it must take images: FACETAG_LLM_VISION=true)')
    .option('--apply', 'accept suggestions at or above --min-confidence at once (a name names the person)')
    .option('--min-confidence <x>', 'with --apply: the least confidence to accept, 0..1 (default 0.9)', parseConfidence)
    .option('--concurrency <n>', 'requests to the model at once', parsePositiveInt, 1)
    .action(async (opts: AnnotateFlags, command: Command) => {
      if (opts.photos && opts.allUnnamed) throw new Error('--photos goes with --person (photos showing them) or alone (every photo), not --all-unnamed');
      if (!opts.photos && (opts.person.length > 0) === (opts.allUnnamed === true)) throw new Error('say whom to annotate: --person ID (repeatable) or --all-unnamed');
      if (opts.minConfidence !== undefined && opts.apply !== true) throw new Error('--min-confidence goes with --apply');
      const { client: llm, settings } = llmFor(command);
      if (opts.vision && !settings.vision) throw new Error('--vision needs a model that takes images: set FACETAG_LLM_VISION=true for one that does');
      const started = Date.now();
      const outcome = await withLibraryApi(command, async (lib) => {
        const ids = await Promise.all(opts.person.map(async (who) => (await lib.personByIdOrName(who)).id));
        const progress = statusLinePrinter(progressLine(started, opts.photos ? 'photos' : 'people'));
        const run = { vision: opts.vision === true, concurrency: opts.concurrency, applyMinConfidence: opts.apply ? (opts.minConfidence ?? 0.9) : null, onProgress: (p: AnnotateProgress) => progress.update(p) };
        try {
          if (opts.photos) return await annotatePhotos(annotatePorts(lib, llm), { ...run, photos: ids.length === 0 ? 'all' : { showing: ids } });
          return await annotatePeople(annotatePorts(lib, llm), { ...run, people: opts.allUnnamed ? 'all-unnamed' : ids });
        } finally {
          progress.done();
        }
      });
      for (const line of report(outcome, Date.now() - started)) console.log(line);
      if (outcome.failed.length > 0) process.exitCode = 1;
    });
}

function progressLine(started: number, noun: string): (p: AnnotateProgress, now: number) => string {
  return (p, now) =>
    `[${progressBar(p.done, p.total)}] ${p.done}/${p.total} ${noun}  ${p.failed} failed  ${p.promptTokens}+${p.completionTokens} tokens  ${formatDuration((now - started) / 1000)}`;
}

/** What the run did, for people to read: counts, tokens and time, failures, what --apply applied. */
export function report(outcome: AnnotateOutcome, wallMs: number): string[] {
  const asked = outcome.annotated.length + outcome.failed.length;
  const noun = outcome.targetType === 'person' ? 'people' : 'photos';
  const stored = outcome.annotated.reduce((sum, a) => sum + a.suggestionIds.length, 0);
  const lines = [
    `Annotated ${outcome.annotated.length} of ${asked} ${noun} asked with ${outcome.model ?? '(no model asked)'} (prompt ${outcome.promptVersion}): ` +
      `${stored} suggestions, ${outcome.skipped.length} skipped (already asked), ${outcome.failed.length} failed`,
  ];
  if (asked > 0) {
    const perPerson = outcome.annotated.length === 0 ? 0 : outcome.modelMs / outcome.annotated.length;
    lines.push(
      `tokens: ${outcome.promptTokens} prompt + ${outcome.completionTokens} completion; ` +
        `${(perPerson / 1000).toFixed(1)}s of model time per ${outcome.targetType}; ${formatDuration(wallMs / 1000)} in all`,
    );
  }
  const cut = outcome.annotated.filter((a) => a.cut !== null).length;
  if (cut > 0) lines.push(`evidence cut to fit the model's context for ${cut} ${cut === 1 ? outcome.targetType : noun}`);
  for (const f of outcome.failed) lines.push(`failed ${f.targetId}: ${f.reason}`);
  for (const a of outcome.applied) lines.push(`applied ${a.suggestionId}: ${a.targetId} ${a.kind} ${JSON.stringify(a.value)}`);
  for (const n of outcome.notApplied) lines.push(`not applied ${n.suggestionId}: ${n.reason}`);
  if (stored > outcome.applied.length) lines.push('See the suggestions with: facetag suggestions');
  return lines;
}
