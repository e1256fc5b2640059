import type { z } from 'zod';

/**
 * One versioned prompt: its instructions, the schema every reply must satisfy, and the reply's token limit. A change
 * to any of them is a new version (a new file); suggestions record the version they came from, so a rerun with a new
 * version asks again and one with the same version skips what was asked.
 */
export interface Prompt<T> {
  version: string;
  system: string;
  schema: z.ZodType<T>;
  schemaName: string;
  maxTokens: number;
}
