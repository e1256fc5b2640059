import { z } from 'zod';

/** Every 4xx and 5xx answer of every route (src/server/error-handler.ts): what went wrong, and the detail to act on. */
export const Problem = z.object({ error: z.string(), detail: z.string() });
