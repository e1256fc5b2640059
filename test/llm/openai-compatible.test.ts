import { expect, it } from 'vitest';
import { z } from 'zod';
import { LlmError, LlmReplyError, type LlmSettings } from '../../src/llm/llm-client.js';
import { openAiCompatibleClient } from '../../src/llm/openai-compatible.js';
import { describeWithTestServers, LLM_SETTINGS } from '../support/test-servers-env.js';

// Against the REAL llama-server that `scripts/test-servers up` starts (LLM_URL). Its model, Gemma 3 270M, is a small
// base model: what it says is nonsense, so these tests check the plumbing only. Every field of every schema is
// bounded (enums, short strings, small integers): llama-server turns the schema into a grammar, and an unbounded
// field would run to max_tokens. Faults the real server will not produce are in openai-compatible-faults.test.ts.

const Tagging = z.object({
  mood: z.enum(['happy', 'sad', 'calm']),
  people: z.number().int().min(0).max(9),
  word: z.string().min(1).max(12),
});

describeWithTestServers('OpenAI-compatible client against llama-server', LLM_SETTINGS, (env) => {
  const settings: LlmSettings = { url: env.LLM_URL!, model: null, key: null, vision: false, timeoutMs: 300_000 };

  it('takes the model the server lists', async () => {
    const listed = (await (await fetch(`${env.LLM_URL}/models`)).json()) as { data: Array<{ id: string }> };
    const model = await openAiCompatibleClient(settings).model();
    expect(model).toBe(listed.data[0]!.id);
    expect(model.length).toBeGreaterThan(0);
  });

  it('reads the context size the server runs with', async () => {
    // scripts/test-servers starts llama-server with -c $TEST_LLM_CONTEXT (4096) and one slot.
    const expected = Number(process.env.TEST_LLM_CONTEXT ?? 4096);
    expect(await openAiCompatibleClient(settings).contextTokens()).toBe(expected);
  });

  it('returns a value that satisfies a bounded schema, with tokens and time', async () => {
    const client = openAiCompatibleClient(settings);
    const reply = await client.structured({
      system: 'You tag photos. Answer with JSON only.',
      user: 'Photo: three friends laughing on a beach in 2019. Give its mood, how many people, and one word.',
      schema: Tagging,
      schemaName: 'photo_tags',
      maxTokens: 64,
    });
    expect(Tagging.parse(reply.value)).toEqual(reply.value);
    expect(reply.model).toBe(await client.model());
    expect(reply.attempts).toBeGreaterThanOrEqual(1);
    expect(reply.promptTokens).toBeGreaterThan(0);
    expect(reply.completionTokens).toBeGreaterThan(0);
    expect(reply.ms).toBeGreaterThan(0);
    console.log(`llama-server: ${JSON.stringify(reply.value)} in ${reply.ms} ms, ${reply.promptTokens}+${reply.completionTokens} tokens, ${reply.attempts} attempt(s)`);
  });

  it('asks again when the JSON passes the grammar but not the zod schema, then fails with LlmReplyError', async () => {
    // A refinement has no JSON Schema form: the grammar lets any short word through, zod accepts only this one.
    const Picky = z.object({ word: z.string().min(1).max(8).refine((w) => w === 'qqqqqqq', 'the word must be qqqqqqq') });
    const err = await openAiCompatibleClient(settings)
      .structured({ system: 'Answer with JSON only.', user: 'Give one word.', schema: Picky, schemaName: 'picky', maxTokens: 32 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(LlmReplyError);
    const details = (err as LlmReplyError).details!;
    expect(details.attempts).toBe(2);
    expect(details.problems).toEqual([expect.stringMatching(/the word must be qqqqqqq/), expect.stringMatching(/the word must be qqqqqqq/)]);
    expect(details.completionTokens).toBeGreaterThan(0);
  });

  it("reports the server's refusal of an image (a text-only model) as one line naming the URL, never the key", async () => {
    const key = 'sk-local-test-key-42'; // llama-server runs without --api-key and ignores it
    const err = await openAiCompatibleClient({ ...settings, key, vision: true })
      .structured({
        system: 'Describe the photo.',
        user: 'Tag it.',
        images: [{ mime: 'image/png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }],
        schema: Tagging,
        schemaName: 'photo_tags',
        maxTokens: 32,
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(err).toBeInstanceOf(LlmError);
    expect(err).not.toBeInstanceOf(LlmReplyError);
    expect(err!.message).toMatch(new RegExp(`^POST ${env.LLM_URL!.replace(/[.]/g, '\\.')}/chat/completions: HTTP 500 .*image input is not supported`));
    expect(err!.message).not.toContain('\n');
    expect(err!.message).not.toContain(key);
  });

  it('fails with LlmReplyError after two replies cut off at max_tokens', async () => {
    const err = await openAiCompatibleClient(settings)
      .structured({ system: 'Answer with JSON only.', user: 'Tag this photo.', schema: Tagging, schemaName: 'photo_tags', maxTokens: 3 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(LlmReplyError);
    const details = (err as LlmReplyError).details!;
    expect(details.attempts).toBe(2);
    expect(details.problems).toEqual([expect.stringMatching(/token limit/), expect.stringMatching(/token limit/)]);
    expect(details.completionTokens).toBeLessThanOrEqual(6);
    expect(details.promptTokens).toBeGreaterThan(0);
    expect((err as Error).message).toContain(`${env.LLM_URL}/chat/completions`);
  });
});
