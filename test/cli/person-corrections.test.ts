import { beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/index.js';
import { cliEnv, runCli, type CliResult } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { scannedLibraryCopy } from '../server/support/scanned-library.js';

/*
 * The person commands' words and exit codes, which scripts rely on, on a copy of small/deepface: what each
 * correction prints, the messages of the refusals, and that a name is kept literally.
 */
let env: NodeJS.ProcessEnv;
const cli = (args: string[]): CliResult => runCli(args, env);
const people = (...flags: string[]): PersonSummary[] => JSON.parse(cli(['people', ...flags, '--json']).stdout) as PersonSummary[];

/** The face ids `person show` lists, in its order. */
function facesShown(who: string): string[] {
  const lines = cli(['person', 'show', who]).stdout.trim().split('\n').slice(2);
  return lines.map((line) => line.split(/\s+/)[0]!);
}

beforeAll(() => {
  env = cliEnv(scannedLibraryCopy('deepface', dataset('small', 'deepface')));
});

describe('facetag person', () => {
  it('names a person; a name someone has is refused naming the merge to run; a name is kept literally', () => {
    const [a, b, c] = people();
    expect(cli(['person', 'name', a!.id, 'Alice']).stdout).toBe(`${a!.id} is now Alice\n`);
    const clash = cli(['person', 'name', b!.id, 'alice']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe(`facetag: "alice" is already ${a!.id}; merge them with: facetag person merge ${a!.id} ${b!.id}\n`);

    const literal = `O'Brien "Bob"; DROP TABLE people; -- MATCH (n) DETACH DELETE n`;
    expect(cli(['person', 'name', c!.id, literal]).code).toBe(0);
    expect(people().find((p) => p.id === c!.id)?.name).toBe(literal);
    expect(cli(['person', 'show', literal]).stdout.split('\n')[0]).toBe(`${c!.id} ${literal}: ${c!.faces} faces in ${c!.photos} photos`);
  });

  it('says how to find people when one is unknown, with exit 1', () => {
    for (const args of [['person', 'show', 'Nobody'], ['person', 'merge', 'Nobody', 'p1'], ['person', 'hide', 'Nobody'], ['photos', '--person', 'Nobody']]) {
      const answer = cli(args);
      expect(answer.code).toBe(1);
      expect(answer.stderr).toBe('facetag: no person "Nobody" (use an id such as p12 or an exact name; see facetag people)\n');
    }
  });

  it('show lists every face of the person, with the photo of each, in the same numbers as people', () => {
    const [first] = people();
    const lines = cli(['person', 'show', first!.id]).stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^FACE\s+BY\s+QUALITY\s+BOX\s+PHOTO$/);
    expect(lines.slice(2)).toHaveLength(first!.faces);
    const photos = new Set(lines.slice(2).map((line) => line.split(/\s+/).pop()));
    expect(photos.size).toBe(first!.photos);
    expect(photos).toContain(first!.samplePath);
  });

  it('merge folds people in by id or name and refuses a person into themselves', () => {
    const [, , , d, e, f] = people();
    expect(cli(['person', 'name', e!.id, 'Eve']).code).toBe(0);
    const itself = cli(['person', 'merge', d!.id, d!.id]);
    expect(itself.code).toBe(1);
    expect(itself.stderr).toBe(`facetag: cannot merge ${d!.id} into itself\n`);
    const merged = cli(['person', 'merge', d!.id, 'eve', f!.id]);
    expect(merged.stdout).toBe(`${d!.id} Eve now has ${d!.faces + e!.faces + f!.faces} faces\n`);
    expect(people().map((p) => p.id)).not.toContain(e!.id);
  });

  it('split, not and move say how many faces went where, and the faces are there', () => {
    const [g, h] = people().filter((p) => p.faces >= 3).slice(-2);
    const [first, second, third] = facesShown(g!.id);
    const split = cli(['person', 'split', g!.id, first!]);
    const created = /^moved 1 face\(s\) to new person (p\d+)\n$/.exec(split.stdout)?.[1];
    expect(created, split.stdout + split.stderr).toBeDefined();
    expect(facesShown(created!)).toEqual([first]);

    expect(cli(['person', 'not', g!.id, second!]).stdout).toBe(`removed 1 face(s) from ${g!.id}\n`);
    expect(facesShown(g!.id)).not.toContain(second);
    const stale = cli(['person', 'not', g!.id, second!]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(`facetag: face ${second} not in person ${g!.id}\n`);

    expect(cli(['person', 'move', third!, second!, '--to', h!.id]).stdout).toBe(`moved 2 face(s) to ${h!.id}\n`);
    expect(facesShown(h!.id)).toEqual(expect.arrayContaining([second, third]));
    expect(cli(['person', 'move', 'no-such-face', '--to', h!.id]).stderr).toBe('facetag: no face no-such-face\n');
  });

  it('hide takes a person out of the list until unhide; --all shows them marked', () => {
    const [first] = people();
    expect(cli(['person', 'hide', first!.id]).stdout).toBe(`${first!.id} hidden\n`);
    expect(people().map((p) => p.id)).not.toContain(first!.id);
    expect(people('--all').find((p) => p.id === first!.id)).toMatchObject({ hidden: true });
    expect(cli(['people', '--all']).stdout).toMatch(new RegExp(`^${first!.id}\\s+\\S.* \\(hidden\\)\\s`, 'm'));
    expect(cli(['person', 'unhide', first!.id]).stdout).toBe(`${first!.id} shown\n`);
    expect(people().map((p) => p.id)).toContain(first!.id);
  });
});
