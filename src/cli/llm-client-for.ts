import type { Command } from 'commander';
import type { LlmClient } from '../llm/llm-client.js';

/** The flag every command that talks to a language model takes (the environment's FACETAG_LLM_URL otherwise). */
export const LLM_URL_FLAG = ['--llm-url <url>', 'OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (env FACETAG_LLM_URL)'] as const;

/**
 * The language model a command talks to, from --llm-url and the FACETAG_LLM_* environment: the one place the CLI
 * makes its client. Without a URL the feature is off and the command says how to turn it on.
 */
export function llmClientFor(command: Command): LlmClient {
  const { llmUrl } = command.opts<{ llmUrl?: string }>();
  const url = llmUrl ?? process.env.FACETAG_LLM_URL;
  if (url === undefined || url.trim() === '') {
    throw new Error('no language model is configured: set FACETAG_LLM_URL (e.g. http://127.0.0.1:8000/v1) or pass --llm-url');
  }
  // The OpenAI-compatible client (src/llm/) is built on another branch; until it is merged this build has none.
  throw new Error(`this build of facetag has no client for the language model at ${url} yet`);
}
