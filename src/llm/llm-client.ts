import type { z } from 'zod';

/**
 * The port to a language model: one OpenAI-compatible server (llama.cpp's llama-server, exo, vLLM, Ollama, a hosted
 * API), asked for JSON that must satisfy a zod schema. Everything that annotates or answers questions goes through
 * this interface; only src/llm/ talks HTTP to the server.
 */
export interface LlmSettings {
  /** Base URL up to and including /v1, e.g. http://127.0.0.1:8000/v1 (FACETAG_LLM_URL, --llm-url). */
  url: string;
  /** The model to ask for; null: the first one the server lists at /v1/models (FACETAG_LLM_MODEL). */
  model: string | null;
  /** Sent as a bearer token, never logged or printed (FACETAG_LLM_KEY). */
  key: string | null;
  /** The model takes images (FACETAG_LLM_VISION=true). */
  vision: boolean;
  /** One request's limit; a request past it fails with LlmError (FACETAG_LLM_TIMEOUT_MS). */
  timeoutMs: number;
}

export interface LlmImage {
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  bytes: Uint8Array;
}

export interface StructuredRequest<T> {
  /** The instructions (the versioned prompt file's text, filled in). */
  system: string;
  /** The material: what facetag knows, already cut to fit the model's context. */
  user: string;
  images?: readonly LlmImage[];
  /** Every string and number in it bounded: an unbounded field runs to maxTokens and breaks the JSON. */
  schema: z.ZodType<T>;
  schemaName: string;
  maxTokens: number;
}

export interface StructuredReply<T> {
  value: T;
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** Wall time of all attempts together. */
  ms: number;
  /** 1, or 2 when the first reply broke the schema and was asked again with the validation error. */
  attempts: number;
}

export interface LlmClient {
  /** The base URL, for messages (never the key). */
  readonly url: string;
  /** The model in use: the configured one, else the first the server lists. */
  model(signal?: AbortSignal): Promise<string>;
  /** The model's context size in tokens where the server says it, else null. */
  contextTokens(signal?: AbortSignal): Promise<number | null>;
  /**
   * Asks for JSON satisfying `schema`: sends the JSON schema with the request (response_format json_schema), validates
   * the reply, asks once more with the validation error when it does not satisfy it, then fails with
   * LlmReplyError. An unreachable server, an HTTP error or a timeout fails with LlmError naming the URL.
   */
  structured<T>(request: StructuredRequest<T>, signal?: AbortSignal): Promise<StructuredReply<T>>;
}

/** The server could not be reached, answered with an error, or took longer than the timeout. Names the URL, never the key. */
export class LlmError extends Error {
  override readonly name: string = 'LlmError';
}

/** What the failed attempts cost and why each was rejected, for the run's report. */
export interface LlmReplyDetails {
  attempts: number;
  /** One reason per attempt, e.g. "it was cut off at the token limit…". */
  problems: string[];
  promptTokens: number;
  completionTokens: number;
  ms: number;
}

/** The server answered, twice, with something that does not satisfy the schema (or was cut off at max tokens). */
export class LlmReplyError extends LlmError {
  override readonly name = 'LlmReplyError';
  readonly details: LlmReplyDetails | undefined;
  constructor(message: string, details?: LlmReplyDetails) {
    super(message);
    this.details = details;
  }
}
