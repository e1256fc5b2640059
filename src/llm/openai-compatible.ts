import { z } from 'zod';
import { chatBody, checkReply, firstMessages, retryMessages, type ChatMessage } from './chat-request.js';
import { LlmError, LlmReplyError, type LlmClient, type LlmSettings, type StructuredReply, type StructuredRequest } from './llm-client.js';
import { describeUrl, redact, requestJson, type LlmHttpOptions } from './llm-http.js';

/** A reply that breaks the schema is asked again once, with the reason; then the request fails. */
const MAX_ATTEMPTS = 2;

const ModelsSchema = z.object({
  data: z.array(z.object({ id: z.string().min(1), max_model_len: z.number().int().positive().optional() }).loose()),
});

// llama-server's /props: n_ctx under default_generation_settings (older builds had it at the top level).
const PropsSchema = z
  .object({
    default_generation_settings: z.object({ n_ctx: z.number().int().positive().optional() }).loose().optional(),
    n_ctx: z.number().int().positive().optional(),
  })
  .loose();

/**
 * The LlmClient for any server with OpenAI's chat completions API (llama-server, exo, vLLM, Ollama, hosted APIs), over
 * Node's fetch. The model name and context size are asked once and remembered.
 */
export function openAiCompatibleClient(settings: LlmSettings): LlmClient {
  return new OpenAiCompatibleClient(settings);
}

class OpenAiCompatibleClient implements LlmClient {
  readonly url: string;
  private readonly http: LlmHttpOptions;
  private modelName: Promise<string> | undefined;
  private context: Promise<number | null> | undefined;

  constructor(private readonly settings: LlmSettings) {
    this.url = describeUrl(settings.url).replace(/\/+$/, '');
    this.http = { key: settings.key, timeoutMs: settings.timeoutMs };
  }

  model(signal?: AbortSignal): Promise<string> {
    if (this.settings.model !== null) return Promise.resolve(this.settings.model);
    this.modelName ??= this.listModels(signal).then((models) => {
      const first = models[0];
      if (first === undefined) throw new LlmError(`${this.endpoint('models')}: the server lists no model; set FACETAG_LLM_MODEL`);
      return first.id;
    });
    return this.remembered(this.modelName, () => (this.modelName = undefined));
  }

  contextTokens(signal?: AbortSignal): Promise<number | null> {
    this.context ??= this.readContext(signal);
    return this.remembered(this.context, () => (this.context = undefined));
  }

  async structured<T>(request: StructuredRequest<T>, signal?: AbortSignal): Promise<StructuredReply<T>> {
    if ((request.images?.length ?? 0) > 0 && !this.settings.vision) {
      throw new Error(`images given for ${request.schemaName}, but the model is not marked as taking images (FACETAG_LLM_VISION)`);
    }
    const started = performance.now();
    const model = await this.model(signal);
    let messages: ChatMessage[] = firstMessages(request);
    const problems: string[] = [];
    let promptTokens = 0;
    let completionTokens = 0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await this.post('chat/completions', chatBody(model, messages, request), signal);
      let check;
      try {
        check = checkReply(result, request.schema);
      } catch (err) {
        throw new LlmError(redact(`POST ${this.endpoint('chat/completions')}: ${(err as Error).message}`, this.settings.key));
      }
      promptTokens += check.promptTokens;
      completionTokens += check.completionTokens;
      if (check.ok) {
        return { value: check.value, model, promptTokens, completionTokens, ms: Math.round(performance.now() - started), attempts: attempt };
      }
      problems.push(check.problem);
      messages = retryMessages(messages, check.content, check.problem);
    }
    const ms = Math.round(performance.now() - started);
    throw new LlmReplyError(
      redact(`${this.endpoint('chat/completions')}: model ${model} gave no valid ${request.schemaName} in ${MAX_ATTEMPTS} attempts; last: ${problems.at(-1)}`, this.settings.key),
      { attempts: MAX_ATTEMPTS, problems, promptTokens, completionTokens, ms },
    );
  }

  private async listModels(signal?: AbortSignal): Promise<z.infer<typeof ModelsSchema>['data']> {
    const result = await requestJson(`${this.settings.url}/models`, { method: 'GET' }, this.http, signal);
    const parsed = ModelsSchema.safeParse(result.status === 'ok' ? result.body : undefined);
    if (!parsed.success) throw new LlmError(`GET ${this.endpoint('models')}: the answer is not a model list`);
    return parsed.data.data;
  }

  /**
   * llama-server says the context it runs with at /props, beside /v1 or at the root; vLLM lists max_model_len with
   * the model; other servers say nothing and the caller keeps its own cautious limit.
   */
  private async readContext(signal?: AbortSignal): Promise<number | null> {
    const base = this.settings.url;
    const candidates = [`${base}/props`, ...(base.endsWith('/v1') ? [`${base.slice(0, -3)}/props`] : [])];
    for (const url of candidates) {
      const result = await requestJson(url, { method: 'GET' }, { ...this.http, allowNotFound: true }, signal);
      if (result.status === 'not-found') continue;
      const props = PropsSchema.safeParse(result.body);
      const nCtx = props.success ? (props.data.default_generation_settings?.n_ctx ?? props.data.n_ctx) : undefined;
      if (nCtx !== undefined) return nCtx;
    }
    const model = await this.model(signal);
    const listed = (await this.listModels(signal)).find((m) => m.id === model);
    return listed?.max_model_len ?? null;
  }

  private async post(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const result = await requestJson(`${this.settings.url}/${path}`, { method: 'POST', body }, this.http, signal);
    return result.status === 'ok' ? result.body : undefined;
  }

  private endpoint(path: string): string {
    return `${this.url}/${path}`;
  }

  /** A failed look-up is not remembered: the next call asks the server again (it may have come up meanwhile). */
  private remembered<V>(pending: Promise<V>, forget: () => void): Promise<V> {
    return pending.catch((err: unknown) => {
      forget();
      throw err;
    });
  }
}
