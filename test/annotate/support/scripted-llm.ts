import { LlmError, type LlmClient, type StructuredReply, type StructuredRequest } from '../../../src/llm/llm-client.js';

/**
 * A test-only LlmClient that answers from a script instead of a model, to provoke specific replies and faults in
 * the orchestration. It validates every scripted reply against the request's schema, as the real client does, so a
 * script cannot hand the code under test something a real reply could never be.
 */
export function scriptedLlm(
  answer: (request: StructuredRequest<unknown>, call: number) => unknown,
  options: { contextTokens?: number | null; model?: string } = {},
): LlmClient & { requests: StructuredRequest<unknown>[] } {
  const requests: StructuredRequest<unknown>[] = [];
  return {
    url: 'http://scripted.test/v1',
    requests,
    model: async () => options.model ?? 'scripted-model',
    contextTokens: async () => (options.contextTokens === undefined ? 8192 : options.contextTokens),
    async structured<T>(request: StructuredRequest<T>): Promise<StructuredReply<T>> {
      requests.push(request as StructuredRequest<unknown>);
      const value = await answer(request as StructuredRequest<unknown>, requests.length);
      return { value: request.schema.parse(value), model: options.model ?? 'scripted-model', promptTokens: 100 + request.user.length, completionTokens: 20, ms: 50, attempts: 1 };
    },
  };
}

/** The fault a real client reports for a server that does not answer. */
export function unreachable(): never {
  throw new LlmError('cannot reach the language model at http://scripted.test/v1: connect ECONNREFUSED');
}

/** The deepface folder a person's evidence names first (each person's photos come from one folder). */
export function folderIn(request: StructuredRequest<unknown>): string {
  const match = /small\/deepface\/(person\d+)/.exec(request.user);
  if (!match) throw new Error(`no deepface folder in the evidence:\n${request.user}`);
  return match[1]!;
}
