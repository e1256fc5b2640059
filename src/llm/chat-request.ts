import { z } from 'zod';
import type { LlmImage, StructuredRequest } from './llm-client.js';

/** One message of an OpenAI chat completion request. */
export type ChatMessage =
  | { role: 'system' | 'assistant'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] };

type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

/** The system prompt and the material; images as data URIs (servers such as llama-server refuse remote URLs). */
export function firstMessages(request: StructuredRequest<unknown>): ChatMessage[] {
  const images = request.images ?? [];
  const user: ChatMessage =
    images.length === 0
      ? { role: 'user', content: request.user }
      : { role: 'user', content: [{ type: 'text', text: request.user }, ...images.map(imagePart)] };
  return [{ role: 'system', content: request.system }, user];
}

function imagePart(image: LlmImage): ChatContentPart {
  return { type: 'image_url', image_url: { url: `data:${image.mime};base64,${Buffer.from(image.bytes).toString('base64')}` } };
}

/**
 * The second attempt: the conversation so far, the reply that failed, and what was wrong with it, so the model can
 * correct itself instead of repeating the same answer (at temperature 0 an unchanged request gives the same reply).
 */
export function retryMessages(messages: readonly ChatMessage[], failedReply: string, problem: string): ChatMessage[] {
  return [
    ...messages,
    { role: 'assistant', content: failedReply },
    {
      role: 'user',
      content: `That reply was rejected: ${problem}. Answer again with only a JSON value that satisfies the schema.`,
    },
  ];
}

/**
 * The request body. response_format json_schema is what OpenAI, llama-server, vLLM and Ollama all take; llama-server
 * turns the schema into a grammar, so every field must be bounded or the reply runs to max_tokens.
 */
export function chatBody(model: string, messages: readonly ChatMessage[], request: StructuredRequest<unknown>): Record<string, unknown> {
  return {
    model,
    messages,
    response_format: {
      type: 'json_schema',
      json_schema: { name: schemaName(request.schemaName), schema: jsonSchemaOf(request), strict: true },
    },
    max_tokens: request.maxTokens,
    temperature: 0,
  };
}

/** The reply is what the schema parses, so its input side is what the model must write. */
export function jsonSchemaOf(request: Pick<StructuredRequest<unknown>, 'schema' | 'schemaName'>): Record<string, unknown> {
  let generated: Record<string, unknown>;
  try {
    generated = z.toJSONSchema(request.schema, { io: 'input' }) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`schema ${request.schemaName} cannot be sent as JSON Schema: ${(err as Error).message}`);
  }
  const { $schema: _dialect, ...schema } = generated;
  return closeObjects(schema) as Record<string, unknown>;
}

/**
 * zod's input side leaves objects open to extra keys (it strips them while parsing). Closed objects are what OpenAI's
 * strict mode demands, and they keep llama-server's grammar from letting the model add unbounded keys of its own.
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, closeObjects(value)]));
  if (copy.type === 'object' && copy.properties !== undefined && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

/** OpenAI accepts names of [a-zA-Z0-9_-], at most 64 characters. */
function schemaName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'reply';
}

const CompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }).optional(),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional() }).optional(),
});

export type ReplyCheck<T> =
  | { ok: true; value: T; promptTokens: number; completionTokens: number }
  | { ok: false; problem: string; content: string; promptTokens: number; completionTokens: number };

/**
 * Judges one chat completion: a reply cut off at max_tokens, one that is not JSON, and one that breaks the schema are
 * all failed attempts (with the reason, for the retry); a body that is no chat completion at all throws.
 */
export function checkReply<T>(body: unknown, schema: z.ZodType<T>): ReplyCheck<T> {
  const completion = CompletionSchema.safeParse(body);
  if (!completion.success) throw new Error(`the answer is not a chat completion (${z.prettifyError(completion.error).replace(/\s+/g, ' ')})`);
  const choice = completion.data.choices[0]!;
  const content = choice.message?.content ?? '';
  const tokens = {
    promptTokens: completion.data.usage?.prompt_tokens ?? 0,
    completionTokens: completion.data.usage?.completion_tokens ?? 0,
  };
  if (choice.finish_reason === 'length') {
    return { ok: false, problem: 'it was cut off at the token limit before the JSON was complete; answer shorter', content, ...tokens };
  }
  let json: unknown;
  try {
    json = JSON.parse(stripFence(content));
  } catch (err) {
    return { ok: false, problem: `it is not valid JSON (${(err as Error).message})`, content, ...tokens };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problem: `it does not satisfy the schema: ${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`, content, ...tokens };
  }
  return { ok: true, value: parsed.data, ...tokens };
}

/** Some servers wrap JSON in a ```json fence despite response_format; the fence is no reason to retry. */
function stripFence(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(content);
  return fenced ? fenced[1]! : content;
}
