import { Option, type Command } from 'commander';
import type { LlmSettings } from '../llm/llm-client.js';
import { DEFAULT_LLM_TIMEOUT_MS, resolveLlmSettings, type LlmSettingsFlags } from '../llm/llm-settings.js';
import { parsePositiveInt } from './context.js';

/** The flags every command that asks the language model shares. The key has no flag: it would show in `ps`. */
export function addLlmOptions(command: Command): Command {
  return command
    .option('--llm-url <url>', 'OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (env FACETAG_LLM_URL)')
    .option('--llm-model <name>', 'model to ask (env FACETAG_LLM_MODEL; default: the first the server lists)')
    .addOption(new Option('--llm-timeout-ms <ms>', `one request's limit (env FACETAG_LLM_TIMEOUT_MS; default ${DEFAULT_LLM_TIMEOUT_MS})`).argParser(parsePositiveInt));
}

/** LLM settings from the flags or the environment; null when no URL is configured (the LLM is off). */
export function llmSettingsFrom(flags: LlmSettingsFlags, env: NodeJS.ProcessEnv = process.env): LlmSettings | null {
  return resolveLlmSettings(flags, env);
}

export function requireLlmSettings(flags: LlmSettingsFlags, env: NodeJS.ProcessEnv = process.env): LlmSettings {
  const settings = llmSettingsFrom(flags, env);
  if (!settings) throw new Error('no language model configured: pass --llm-url http://host:port/v1 or set FACETAG_LLM_URL');
  return settings;
}
