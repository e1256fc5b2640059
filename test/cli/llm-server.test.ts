import { beforeAll, expect, it } from 'vitest';
import { scannedLibraryCopy } from '../server/support/scanned-library.js';
import { cliEnv, runCli, runCliOk } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { describeWithTestServers, LLM_SETTINGS } from '../support/test-servers-env.js';

/*
 * annotate, suggestions and ask end to end against the real llama.cpp server of scripts/test-servers (LLM_URL): a tiny
 * base model whose answers are nonsense but whose JSON obeys the schema, so this tests the plumbing, not the answers.
 */
describeWithTestServers('facetag annotate, suggestions and ask against llama-server', LLM_SETTINGS, (settings) => {
  let env: NodeJS.ProcessEnv;
  let person: string;

  beforeAll(() => {
    env = cliEnv(scannedLibraryCopy('deepface', dataset('small', 'deepface')), { FACETAG_LLM_URL: settings.LLM_URL! });
    const people = JSON.parse(runCliOk(['people', '--json'], env).stdout) as { id: string; photos: number }[];
    person = people.sort((a, b) => a.photos - b.photos)[0]!.id;
  });

  it('annotates a person, stores the suggestions with model and tokens, and a rerun asks nothing', () => {
    const run = runCliOk(['annotate', '--person', person], env);
    expect(run.stdout).toMatch(/^Annotated 1 of 1 people asked with \S+ \(prompt person-v1\): [1-9]\d* suggestions, 0 skipped \(already asked\), 0 failed$/m);
    expect(run.stdout).toMatch(/^tokens: [1-9]\d* prompt \+ [1-9]\d* completion; \d+\.\d+s of model time per person/m);
    const listed = JSON.parse(runCliOk(['suggestions', '--json'], env).stdout) as { personId: string; kind: string; model: string; confidence: number }[];
    const mine = listed.filter((s) => s.personId === person);
    expect(mine.map((s) => s.kind)).toContain('description');
    for (const s of mine) {
      expect(s.model.length).toBeGreaterThan(0);
      expect(s.confidence).toBeGreaterThanOrEqual(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
    const again = runCliOk(['annotate', '--person', person], env);
    expect(again.stdout).toMatch(/^Annotated 0 of 0 people asked with \(no model asked\) \(prompt person-v1\): 0 suggestions, 1 skipped/m);
  });

  it('answers a question with the search it ran, then photos or why it searched nothing', () => {
    runCliOk(['person', 'name', person, 'Alice'], env);
    const answer = runCli(['ask', 'photos of Alice in 2019', '--json'], env);
    expect(answer.code, answer.stderr).toBe(0);
    const parsed = JSON.parse(answer.stdout) as { query: { people: unknown[]; words: unknown[] }; refusal: string | null; photos: unknown[]; promptTokens: number };
    expect(Array.isArray(parsed.query.people) && Array.isArray(parsed.query.words)).toBe(true);
    expect(parsed.promptTokens).toBeGreaterThan(0);
    if (parsed.refusal !== null) expect(parsed.photos).toEqual([]);
    const text = runCliOk(['ask', 'photos of Alice'], env).stdout;
    expect(text).toMatch(/^Asked \S+ \(\d+\+\d+ tokens, \d+\.\ds\); the search:\n  people: /);
    expect(text).toMatch(/\n(\d+ photos?:|Nothing searched: .+\.)(\n|$)/);
  });
});
