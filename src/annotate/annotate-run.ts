import type { NewSuggestion, SuggestionTarget } from '../catalog/suggestions.js';
import { LibraryRequestError } from '../library/library-errors.js';
import type { Library } from '../library/open-library.js';
import { LlmError, LlmReplyError, type LlmClient, type LlmImage, type StructuredReply } from '../llm/llm-client.js';
import { acceptSuggestion, type DecisionPorts } from './decide-suggestions.js';
import { estimateTokens, type FittedEvidence } from './evidence-budget.js';
import type { Prompt } from './prompts/prompt.js';
import { runConcurrently } from './run-concurrently.js';
import type { ImageSource } from './vision-images.js';

export interface AnnotatePorts extends DecisionPorts {
  library: Library;
  llm: LlmClient;
  /** Face crops and photos, for a model that takes images (--vision). */
  images: ImageSource;
}

export interface RunOptions {
  concurrency: number;
  /** Accept every suggestion at or above this confidence (names name the person); null: leave all pending. */
  applyMinConfidence: number | null;
  /** Send images too (the model must take them: FACETAG_LLM_VISION=true); the prompt's vision version is used. */
  vision?: boolean;
  onProgress?(progress: AnnotateProgress): void;
  /** Stops handing out targets and aborts the requests in flight; the run then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface AnnotateProgress {
  done: number;
  total: number;
  failed: number;
  /** Suggestions stored so far. */
  suggestions: number;
  promptTokens: number;
  completionTokens: number;
}

export interface AnnotateOutcome {
  targetType: SuggestionTarget['type'];
  promptVersion: string;
  model: string | null;
  /** Targets that already have suggestions from this prompt version: not asked again. */
  skipped: string[];
  annotated: { targetId: string; suggestionIds: string[]; cut: string | null; ms: number; tokens: number }[];
  /** Targets whose replies broke the schema twice: reported, nothing stored for them. */
  failed: { targetId: string; reason: string }[];
  applied: { suggestionId: string; targetId: string; kind: string; value: string }[];
  notApplied: { suggestionId: string; reason: string }[];
  promptTokens: number;
  completionTokens: number;
  /** Time the model took, all replies together (they overlap with a concurrency above 1). */
  modelMs: number;
}

/** What one kind of annotation (people, photos) brings to a run. */
export interface Annotation<R, E> {
  type: SuggestionTarget['type'];
  prompt: Prompt<R>;
  /** What the model is told about one target, cut to `budgetTokens`, and what the reply is read with. */
  evidence(targetId: string, budgetTokens: number): Promise<{ fitted: FittedEvidence; context: E }>;
  /** What the model is shown of one target when it takes images (only asked with `vision`). */
  images(targetId: string): Promise<LlmImage[]>;
  suggestions(targetId: string, reply: StructuredReply<R>, context: E): NewSuggestion[];
}

/** When the server does not say its context size. */
const DEFAULT_CONTEXT_TOKENS = 4096;
/** Room for the chat template and the schema a server may add to the prompt. */
const TEMPLATE_RESERVE_TOKENS = 400;

/**
 * Asks the model about each target still without suggestions from the annotation's prompt version, storing each
 * target's suggestions at once (so a stopped run keeps what it got and a rerun does the rest). A value the user
 * rejected for a target is never stored for it again. A reply that breaks the schema twice is reported and the run
 * goes on; a server that cannot be reached or fails stops the run (LlmError naming the URL).
 */
export async function runAnnotation<R, E>(ports: AnnotatePorts, annotation: Annotation<R, E>, wanted: readonly string[], options: RunOptions): Promise<AnnotateOutcome> {
  const { prompt } = annotation;
  const { catalog } = ports.library;
  const done = new Set(await catalog.suggestedTargets(annotation.type, prompt.version));
  const todo = [...new Set(wanted)].filter((id) => !done.has(id));
  const outcome: AnnotateOutcome = {
    targetType: annotation.type,
    promptVersion: prompt.version,
    model: null,
    skipped: [...new Set(wanted)].filter((id) => done.has(id)),
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
  if (budget < 100) throw new LlmError(`the model's context at ${ports.llm.url} (${context} tokens) is too small for the ${prompt.version} prompt`);
  const report = () =>
    options.onProgress?.({
      done: outcome.annotated.length + outcome.failed.length,
      total: todo.length,
      failed: outcome.failed.length,
      suggestions: outcome.annotated.reduce((sum, a) => sum + a.suggestionIds.length, 0),
      promptTokens: outcome.promptTokens,
      completionTokens: outcome.completionTokens,
    });
  report();

  try {
    await runConcurrently(todo, options.concurrency, async (targetId, signal) => {
      const { fitted, context: readWith } = await annotation.evidence(targetId, budget);
      const images = options.vision ? await annotation.images(targetId) : [];
      let reply: StructuredReply<R>;
      try {
        reply = await ports.llm.structured({ system: prompt.system, user: fitted.text, images, schema: prompt.schema, schemaName: prompt.schemaName, maxTokens: prompt.maxTokens }, signal);
      } catch (error) {
        if (!(error instanceof LlmReplyError)) throw error;
        outcome.failed.push({ targetId, reason: error.message });
        report();
        return;
      }
      const fresh: NewSuggestion[] = [];
      for (const s of annotation.suggestions(targetId, reply, readWith)) if (!(await catalog.wasRejected(s.target, s.kind, s.value))) fresh.push(s);
      const ids = await catalog.addSuggestions(fresh);
      outcome.promptTokens += reply.promptTokens;
      outcome.completionTokens += reply.completionTokens;
      outcome.modelMs += reply.ms;
      outcome.annotated.push({ targetId, suggestionIds: ids, cut: fitted.cut, ms: reply.ms, tokens: reply.promptTokens + reply.completionTokens });
      report();
      if (options.applyMinConfidence !== null) await applyConfident(ports, outcome, targetId, ids, fresh.map((s) => s.confidence), options.applyMinConfidence);
    }, options.signal);
  } catch (error) {
    if (error instanceof LlmError && !(error instanceof LlmReplyError)) {
      const kept = `suggestions for ${outcome.annotated.length} ${annotation.type === 'person' ? 'people' : 'photos'} were stored before it stopped; run again to do the rest`;
      throw new LlmError(`${error.message} (${kept})`, { cause: error });
    }
    throw error;
  }
  return outcome;
}

async function applyConfident(ports: AnnotatePorts, outcome: AnnotateOutcome, targetId: string, ids: readonly string[], confidences: readonly number[], min: number): Promise<void> {
  for (const [i, id] of ids.entries()) {
    if (confidences[i]! < min) continue;
    try {
      const accepted = await acceptSuggestion(ports, id);
      outcome.applied.push({ suggestionId: id, targetId, kind: accepted.kind, value: accepted.value });
    } catch (error) {
      // A name someone else has: the suggestion stays pending for the user to see.
      if (!(error instanceof LibraryRequestError)) throw error;
      outcome.notApplied.push({ suggestionId: id, reason: error.message });
    }
  }
}
