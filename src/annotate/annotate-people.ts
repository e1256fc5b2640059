import { LlmError, LlmReplyError, type LlmClient } from '../llm/llm-client.js';
import { LibraryRequestError } from '../library/library-errors.js';
import type { Library } from '../library/open-library.js';
import { acceptSuggestion, type DecisionPorts } from './decide-suggestions.js';
import { estimateTokens, fitEvidence } from './evidence-budget.js';
import { personEvidence } from './person-evidence.js';
import { gatherPersonFacts } from './person-facts.js';
import { personSuggestions } from './person-suggestions.js';
import type { Prompt } from './prompts/prompt.js';
import { PERSON_PROMPT_V1, type PersonReply } from './prompts/person-v1.js';
import { runConcurrently } from './run-concurrently.js';

export interface AnnotatePorts extends DecisionPorts {
  library: Library;
  llm: LlmClient;
}

export interface AnnotatePeopleOptions {
  /** Person ids, or every unnamed person who is not hidden. */
  people: 'all-unnamed' | readonly string[];
  concurrency: number;
  /** Accept every suggestion at or above this confidence (names name the person); null: leave all pending. */
  applyMinConfidence: number | null;
  onProgress?(progress: AnnotateProgress): void;
  /** The prompt to ask with (tests give another version); the current person prompt by default. */
  prompt?: Prompt<PersonReply>;
}

export interface AnnotateProgress {
  done: number;
  total: number;
  failed: number;
  promptTokens: number;
  completionTokens: number;
}

export interface AnnotateOutcome {
  promptVersion: string;
  model: string | null;
  /** People who already have suggestions from this prompt version: not asked again. */
  skipped: string[];
  annotated: { personId: string; suggestionIds: string[]; cut: string | null; ms: number; tokens: number }[];
  /** People whose replies broke the schema twice: reported, nothing stored for them. */
  failed: { personId: string; reason: string }[];
  applied: { suggestionId: string; personId: string; kind: string; value: string }[];
  notApplied: { suggestionId: string; reason: string }[];
  promptTokens: number;
  completionTokens: number;
  /** Time the model took, all replies together (they overlap with --concurrency above 1). */
  modelMs: number;
}

/** When the server does not say its context size. */
const DEFAULT_CONTEXT_TOKENS = 4096;
/** Room for the chat template and the schema a server may add to the prompt. */
const TEMPLATE_RESERVE_TOKENS = 400;

/**
 * Asks the model about each person still without suggestions from this prompt version, storing each person's
 * suggestions at once (so a stopped run keeps what it got and a rerun does the rest). A reply that breaks the
 * schema twice is reported and the run goes on; a server that cannot be reached or fails stops the run (LlmError).
 */
export async function annotatePeople(ports: AnnotatePorts, options: AnnotatePeopleOptions): Promise<AnnotateOutcome> {
  const prompt = options.prompt ?? PERSON_PROMPT_V1;
  const { catalog } = ports.library;
  const wanted = options.people === 'all-unnamed' ? (await catalog.listPeople()).filter((p) => p.name === null).map((p) => p.id) : [...new Set(options.people)];
  const done = new Set(await catalog.suggestedTargets('person', prompt.version));
  const todo = wanted.filter((id) => !done.has(id));
  const outcome: AnnotateOutcome = {
    promptVersion: prompt.version,
    model: null,
    skipped: wanted.filter((id) => done.has(id)),
    annotated: [],
    failed: [],
    applied: [],
    notApplied: [],
    promptTokens: 0,
    completionTokens: 0,
    modelMs: 0,
  };
  if (todo.length === 0) return outcome;
  outcome.model = await ports.llm.model();
  const context = (await ports.llm.contextTokens()) ?? DEFAULT_CONTEXT_TOKENS;
  const budget = context - estimateTokens(prompt.system) - prompt.maxTokens - TEMPLATE_RESERVE_TOKENS;
  if (budget < 100) throw new LlmError(`the model's context at ${ports.llm.url} (${context} tokens) is too small for the person prompt`);
  const report = () =>
    options.onProgress?.({ done: outcome.annotated.length + outcome.failed.length, total: todo.length, failed: outcome.failed.length, promptTokens: outcome.promptTokens, completionTokens: outcome.completionTokens });
  report();

  try {
    await runConcurrently(todo, options.concurrency, async (personId, signal) => {
      const facts = await gatherPersonFacts(ports.library, personId);
      const fitted = fitEvidence(personEvidence(facts), budget);
      let reply;
      try {
        reply = await ports.llm.structured({ system: prompt.system, user: fitted.text, schema: prompt.schema, schemaName: prompt.schemaName, maxTokens: prompt.maxTokens }, signal);
      } catch (error) {
        if (!(error instanceof LlmReplyError)) throw error;
        outcome.failed.push({ personId, reason: error.message });
        report();
        return;
      }
      const suggested = personSuggestions(personId, reply, facts.companions.map((c) => c.name), prompt.version);
      const fresh = [];
      for (const s of suggested) if (!(await catalog.wasRejected(s.target, s.kind, s.value))) fresh.push(s);
      const ids = await catalog.addSuggestions(fresh);
      outcome.promptTokens += reply.promptTokens;
      outcome.completionTokens += reply.completionTokens;
      outcome.modelMs += reply.ms;
      outcome.annotated.push({ personId, suggestionIds: ids, cut: fitted.cut, ms: reply.ms, tokens: reply.promptTokens + reply.completionTokens });
      report();
      if (options.applyMinConfidence !== null) await applyConfident(ports, outcome, personId, ids, fresh.map((s) => s.confidence), options.applyMinConfidence);
    });
  } catch (error) {
    if (error instanceof LlmError && !(error instanceof LlmReplyError)) {
      const kept = `suggestions for ${outcome.annotated.length} people were stored before it stopped; run again to do the rest`;
      throw new LlmError(`${error.message} (${kept})`, { cause: error });
    }
    throw error;
  }
  return outcome;
}

async function applyConfident(ports: AnnotatePorts, outcome: AnnotateOutcome, personId: string, ids: readonly string[], confidences: readonly number[], min: number): Promise<void> {
  for (const [i, id] of ids.entries()) {
    if (confidences[i]! < min) continue;
    try {
      const accepted = await acceptSuggestion(ports, id);
      outcome.applied.push({ suggestionId: id, personId, kind: accepted.kind, value: accepted.value });
    } catch (error) {
      // A name someone else has: the suggestion stays pending for the user to see.
      if (!(error instanceof LibraryRequestError)) throw error;
      outcome.notApplied.push({ suggestionId: id, reason: error.message });
    }
  }
}
