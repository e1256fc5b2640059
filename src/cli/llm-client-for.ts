import type { Command } from 'commander';
import type { LlmClient, LlmSettings } from '../llm/llm-client.js';
import type { LlmSettingsFlags } from '../llm/llm-settings.js';
import { openAiCompatibleClient } from '../llm/openai-compatible.js';
import { requireLlmSettings } from './llm-options.js';

/**
 * The language model a command talks to, from its LLM flags (addLlmOptions) and the FACETAG_LLM_* environment: the
 * one place the CLI makes its client. Without a URL the feature is off and the command says how to turn it on.
 */
export function llmFor(command: Command): { client: LlmClient; settings: LlmSettings } {
  const settings = requireLlmSettings(command.opts<LlmSettingsFlags>());
  return { client: openAiCompatibleClient(settings), settings };
}
