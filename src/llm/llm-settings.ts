import { z } from 'zod';
import type { LlmSettings } from './llm-client.js';

/** What the command line may set; the environment fills in the rest. */
export interface LlmSettingsFlags {
  llmUrl?: string;
  llmModel?: string;
  llmVision?: boolean;
  llmTimeoutMs?: number;
}

/** Long enough for a small model on a busy CPU to answer a few hundred tokens; a hosted API is far quicker. */
export const DEFAULT_LLM_TIMEOUT_MS = 120_000;

const LlmSettingsSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: 'the LLM URL must be an http:// or https:// URL, e.g. http://127.0.0.1:8000/v1' })
    // fetch refuses URLs with user:password@, and a password there would end up in messages: the key has its own setting.
    .refine((url) => !/^https?:\/\/[^/]*@/.test(url), 'the LLM URL must not carry user:password@; set FACETAG_LLM_KEY instead')
    // One spelling of the base, so that `${url}/models` never doubles a slash.
    .transform((url) => url.replace(/\/+$/, '')),
  model: z.string().trim().min(1).nullable(),
  key: z.string().min(1).nullable(),
  vision: z.boolean(),
  timeoutMs: z.number().int().min(1).max(3_600_000),
});

/**
 * The LLM settings from the flags and the environment (FACETAG_LLM_URL, FACETAG_LLM_MODEL, FACETAG_LLM_KEY,
 * FACETAG_LLM_VISION, FACETAG_LLM_TIMEOUT_MS), flags first; null when no URL is set: the LLM is off and nothing
 * else needs it. Invalid values throw with a message that names the setting and never shows the key.
 */
export function resolveLlmSettings(flags: LlmSettingsFlags, env: NodeJS.ProcessEnv): LlmSettings | null {
  const url = nonEmpty(flags.llmUrl) ?? nonEmpty(env.FACETAG_LLM_URL);
  if (url === undefined) return null;
  const parsed = LlmSettingsSchema.safeParse({
    url,
    model: nonEmpty(flags.llmModel) ?? nonEmpty(env.FACETAG_LLM_MODEL) ?? null,
    key: nonEmpty(env.FACETAG_LLM_KEY) ?? null,
    vision: flags.llmVision ?? parseBoolean(env.FACETAG_LLM_VISION, 'FACETAG_LLM_VISION'),
    timeoutMs: flags.llmTimeoutMs ?? (nonEmpty(env.FACETAG_LLM_TIMEOUT_MS) !== undefined ? Number(env.FACETAG_LLM_TIMEOUT_MS) : DEFAULT_LLM_TIMEOUT_MS),
  });
  if (!parsed.success) {
    // Issues name the field and zod's message; the key's value is never part of either (only min(1) checks it).
    throw new Error(`invalid LLM settings: ${parsed.error.issues.map((i) => `${settingName(i.path)}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

const NAMES: Record<string, string> = {
  url: 'FACETAG_LLM_URL (--llm-url)',
  model: 'FACETAG_LLM_MODEL',
  key: 'FACETAG_LLM_KEY',
  vision: 'FACETAG_LLM_VISION',
  timeoutMs: 'FACETAG_LLM_TIMEOUT_MS',
};

function settingName(path: readonly PropertyKey[]): string {
  const first = path[0];
  return typeof first === 'string' ? (NAMES[first] ?? first) : '(settings)';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

// Strict on purpose: FACETAG_LLM_VISION=yes silently meaning "no" would send no images and nobody would notice.
function parseBoolean(value: string | undefined, name: string): boolean {
  if (nonEmpty(value) === undefined) return false;
  const lower = value!.trim().toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  throw new Error(`invalid LLM settings: ${name} must be true or false, got "${value}"`);
}
