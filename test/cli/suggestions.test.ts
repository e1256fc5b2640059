import { createServer, type AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { FacetagLibrary } from '../../src/api/facetag-library.js';
import { annotatePorts } from '../../src/api/suggestion-ports.js';
import { annotatePeople } from '../../src/annotate/annotate-people.js';
import { scannedLibraryCopy } from '../server/support/scanned-library.js';
import { folderIn, scriptedLlm } from '../annotate/support/scripted-llm.js';
import { cliEnv, runCli, runCliOk } from '../support/cli.js';
import { dataset } from '../support/shared.js';

/*
 * `facetag suggestions`, `suggestions accept|reject` and the mark in `facetag people`, run as a user runs them, on a
 * scanned small/deepface whose suggestions were stored by the annotate service with a scripted test-only model.
 */
let env: NodeJS.ProcessEnv;
let annotated: string[];

beforeAll(async () => {
  const dir = scannedLibraryCopy('deepface', dataset('small', 'deepface'));
  env = cliEnv(dir);
  const lib = await FacetagLibrary.open({ library: dir, env: {} });
  try {
    const people = (await lib.allPeople()).slice(0, 3).map((p) => p.id);
    const llm = scriptedLlm((request) => ({
      name: { value: `Folder ${folderIn(request)}`, evidence: [`small/deepface/${folderIn(request)}`], confidence: 0.7 },
      description: 'a portrait',
      relations: [],
      confidence: 0.4,
    }));
    await annotatePeople(annotatePorts(lib, llm), { people, concurrency: 1, applyMinConfidence: null });
    annotated = people;
  } finally {
    await lib.close();
  }
}, 600_000);

interface Listed {
  id: string;
  personId?: string;
  kind: string;
  value: string;
  evidence: string[];
  confidence: number;
  model: string;
}
const pending = (): Listed[] => JSON.parse(runCliOk(['suggestions', '--json'], env).stdout) as Listed[];

describe('facetag suggestions', () => {
  it('lists the pending suggestions as JSON with the documented keys, and as a table', () => {
    const listed = pending();
    expect(listed).toHaveLength(6);
    for (const s of listed) expect(Object.keys(s).sort()).toEqual(['confidence', 'evidence', 'id', 'kind', 'model', 'personId', 'value']);
    expect(new Set(listed.map((s) => s.personId))).toEqual(new Set(annotated));
    const name = listed.find((s) => s.kind === 'name')!;
    expect(name).toMatchObject({ model: 'scripted-model', confidence: 0.7, value: expect.stringMatching(/^Folder person\d+$/) });
    const table = runCliOk(['suggestions'], env).stdout;
    expect(table).toContain(`${name.id}  ${name.personId}`);
    expect(table).toContain(name.value);
  });

  it('marks the people with pending suggestions in facetag people', () => {
    const table = runCliOk(['people'], env).stdout.split('\n');
    for (const id of annotated) expect(table.find((line) => line.startsWith(`${id} `))).toMatch(/ \*/);
    expect(table.filter((line) => / \* /.test(line) || line.includes(' *  '))).toHaveLength(annotated.length);
    expect(table.at(-2)).toBe('* has pending suggestions: facetag suggestions');
    const json = JSON.parse(runCliOk(['people', '--json'], env).stdout) as { id: string; pendingSuggestions: number }[];
    expect(json.filter((p) => p.pendingSuggestions > 0).map((p) => p.id).sort()).toEqual([...annotated].sort());
    expect(json.find((p) => p.id === annotated[0])?.pendingSuggestions).toBe(2);
  });

  it('accepts a name as a user name, and refuses one someone else has, leaving it pending', () => {
    const names = pending().filter((s) => s.kind === 'name');
    const [first, second] = names;
    const accepted = runCliOk(['suggestions', 'accept', first!.id], env);
    expect(accepted.stdout.trim()).toBe(`${first!.id}: ${first!.personId} is now ${first!.value}`);
    const shown = runCliOk(['person', 'show', first!.value], env).stdout;
    expect(shown.startsWith(`${first!.personId} ${first!.value}:`)).toBe(true);
    expect(pending().map((s) => s.id)).not.toContain(first!.id);

    // Someone else takes the second suggested name first.
    runCliOk(['person', 'name', first!.personId!, second!.value], env);
    const clash = runCli(['suggestions', 'accept', second!.id], env);
    expect(clash.code).toBe(1);
    expect(clash.stderr.trim()).toMatch(new RegExp(`^facetag: the name "${second!.value}" is already used by person`));
    expect(pending().map((s) => s.id)).toContain(second!.id);
  });

  it('rejects suggestions, and says so for an unknown id in one line', () => {
    const [description] = pending().filter((s) => s.kind === 'description');
    const rejected = runCliOk(['suggestions', 'reject', description!.id], env);
    expect(rejected.stdout.trim()).toBe(`${description!.id}: rejected description "a portrait" for ${description!.personId}`);
    expect(pending().map((s) => s.id)).not.toContain(description!.id);
    const unknown = runCli(['suggestions', 'accept', 's99999'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('facetag: no suggestion s99999: see facetag suggestions\n');
  });
});

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('facetag annotate without a language model', () => {
  it('says how to configure one, in one line, and exits 1', () => {
    const { FACETAG_LLM_URL: _ignored, ...rest } = env;
    const result = runCli(['annotate', '--all-unnamed'], rest);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('facetag: no language model configured: pass --llm-url http://host:port/v1 or set FACETAG_LLM_URL\n');
  });

  it('stops at a server that does not answer with one line naming its URL, never the key, and stores nothing', async () => {
    const before = pending();
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const result = runCli(['annotate', '--all-unnamed', '--llm-url', url], { ...env, FACETAG_LLM_KEY: 'sk-very-secret' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^facetag: .*unreachable/);
    expect(result.stderr).toContain(url);
    expect(result.stderr).not.toContain('sk-very-secret');
    expect(pending()).toEqual(before);
  });

  it('refuses --vision for a model not marked as taking images', () => {
    const result = runCli(['annotate', '--all-unnamed', '--vision', '--llm-url', 'http://127.0.0.1:8000/v1'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('facetag: --vision needs a model that takes images: set FACETAG_LLM_VISION=true for one that does\n');
  });

  it('needs to be told whom to annotate', () => {
    const result = runCli(['annotate', '--llm-url', 'http://127.0.0.1:9/v1'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('facetag: say whom to annotate: --person ID (repeatable) or --all-unnamed\n');
  });
});
