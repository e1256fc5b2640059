import { beforeAll, describe, expect, it } from 'vitest';
import { LibraryExportSchema, type LibraryExport } from '../../src/interop/json-export-schema.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';

/**
 * small/bbt_faceapijs holds 5 labelled close-ups of each of 8 cast members; groups/faceapijs_bbt1-5 show them together.
 * Scanned together, every cast member's group faces must land with that member's close-ups.
 *
 * Who is where, by a point inside each face (pixels of the photo), labelled by looking at the photos. Faces of other
 * people (a passer-by at the left edge of bbt2) are not listed. generated.csv counts 7 faces in bbt4; the photo shows 6.
 */
const CAST_IN_GROUPS: Record<string, { faces: number; cast: [name: string, x: number, y: number][] }> = {
  'faceapijs_bbt1.jpg': { faces: 4, cast: [['raj', 260, 195], ['leonard', 523, 203], ['howard', 776, 196], ['sheldon', 1049, 143]] },
  'faceapijs_bbt2.jpg': { faces: 3, cast: [['leonard', 135, 173], ['sheldon', 419, 170]] },
  'faceapijs_bbt3.jpg': { faces: 5, cast: [['sheldon', 64, 63], ['howard', 180, 120], ['penny', 282, 131], ['raj', 393, 143], ['leonard', 518, 134]] },
  'faceapijs_bbt4.jpg': { faces: 6, cast: [['amy', 126, 79], ['raj', 280, 99], ['bernadette', 618, 122], ['sheldon', 512, 235], ['penny', 298, 286], ['leonard', 99, 316]] },
  'faceapijs_bbt5.jpg': { faces: 5, cast: [['penny', 257, 82], ['leonard', 614, 99], ['howard', 758, 157], ['sheldon', 482, 205], ['raj', 148, 214]] },
};

const CAST = dataset('small', 'bbt_faceapijs');

describe('the cast of small/bbt_faceapijs in the five group photos (built CLI, default pack, real models)', () => {
  let library: LibraryExport;
  let scanOutput: string;

  beforeAll(() => {
    const env = cliEnv(tempDir('bbt-groups'));
    const scan = runCli(['scan', CAST, ...Object.keys(CAST_IN_GROUPS).map((file) => dataset('groups', file))], env);
    expect(scan.stderr).not.toMatch(/^facetag:/m);
    expect(scan.code).toBe(0);
    scanOutput = scan.stdout;
    const exported = runCli(['export', '--format', 'json'], env);
    expect(exported.code).toBe(0);
    library = LibraryExportSchema.parse(JSON.parse(exported.stdout));
  });

  /** The person holding each member's close-ups; every close-up has its face, and each member has a person of their own. */
  function castPeople(): Map<string, string> {
    const people = new Map<string, string>();
    for (const photo of library.photos.filter((p) => p.path.startsWith(CAST))) {
      const member = photo.path.slice(CAST.length + 1).split('/')[0]!;
      expect(photo.faces, photo.path).toHaveLength(1);
      const person = photo.faces[0]!.personId;
      expect(person, photo.path).not.toBeNull();
      if (!people.has(member)) people.set(member, person!);
      expect(person, `${photo.path} is not with the rest of ${member}`).toBe(people.get(member));
    }
    expect(people.size).toBe(8);
    expect(new Set(people.values()).size).toBe(8);
    return people;
  }

  it('scans all 45 photos', () => {
    expect(scanOutput).toMatch(/45 analysed, 0 unchanged, 0 already known, 0 errors/);
  });

  it('puts all five close-ups of each cast member together, and no two members together', () => {
    castPeople();
  });

  it('finds every face in the group photos and assigns each cast member to the person of their close-ups', () => {
    const people = castPeople();
    let checked = 0;
    for (const [file, { faces, cast }] of Object.entries(CAST_IN_GROUPS)) {
      const photo = library.photos.find((p) => p.path === dataset('groups', file));
      expect(photo, file).toBeDefined();
      expect(photo!.faces, file).toHaveLength(faces);
      for (const [member, x, y] of cast) {
        const face = photo!.faces.filter((f) => x >= f.box.x && x <= f.box.x + f.box.w && y >= f.box.y && y <= f.box.y + f.box.h);
        expect(face, `${file}: ${member} at (${x}, ${y})`).toHaveLength(1);
        expect(face[0]!.personId, `${file}: ${member}`).toBe(people.get(member));
        checked++;
      }
    }
    expect(checked).toBe(22);
  });
});
