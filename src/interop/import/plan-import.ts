import type { StoredFace, StoredPerson } from '../../catalog/catalog.js';
import type { RegionMatch } from './match-regions.js';

export type ConflictKind = 'decided-elsewhere' | 'marked-not-a-face' | 'two-names-one-face' | 'one-name-two-faces';

export interface ImportConflict {
  kind: ConflictKind;
  photoPath: string;
  /** What clashes, for the user to settle by hand. */
  message: string;
}

/** One face to put under a name as the user's decision. */
export interface FaceNaming {
  face: StoredFace;
  photoPath: string;
  name: string;
}

export interface ImportPlan {
  namings: FaceNaming[];
  /** Faces the user had already put under the same name: nothing to do. */
  alreadyNamed: number;
  /** Listed whether or not `overwrite` applies them. */
  conflicts: ImportConflict[];
}

/**
 * Decides what the matched regions of the photos change. Conflicts are never settled silently: without `overwrite`
 * the faces concerned are left as they are; with it the files win (a face named two ways takes the name of the
 * region that overlaps it best, a name on two faces of one photo is given to both, as the file says).
 */
export function planImport(
  photos: readonly { path: string; matches: readonly RegionMatch[] }[],
  peopleById: ReadonlyMap<string, StoredPerson>,
  overwrite: boolean,
): ImportPlan {
  const plan: ImportPlan = { namings: [], alreadyNamed: 0, conflicts: [] };
  for (const photo of photos) {
    const conflict = (kind: ConflictKind, message: string) => plan.conflicts.push({ kind, photoPath: photo.path, message });
    const byFace = new Map<string, RegionMatch[]>();
    for (const match of photo.matches) {
      if (match.face === null) continue;
      byFace.set(match.face.id, [...(byFace.get(match.face.id) ?? []), match]);
    }
    const chosen: RegionMatch[] = [];
    for (const [faceId, matches] of byFace) {
      // Distinct by the catalog's rule: "Ann" in one file and "ann" in another are one person, not two names.
      const names = [...new Map(matches.map((m) => [nameKey(m.region.name), m.region.name])).values()];
      if (names.length > 1) {
        conflict('two-names-one-face', `face ${faceId} is named ${names.map((n) => `"${n}"`).join(' and ')}`);
        if (!overwrite) continue;
      }
      chosen.push(matches.reduce((a, b) => (b.iou > a.iou ? b : a)));
    }
    // Keyed the same way, so "Ann" and "ANN" on two faces of one photo are one name on two faces.
    const facesByName = new Map<string, RegionMatch[]>();
    for (const match of chosen) facesByName.set(nameKey(match.region.name), [...(facesByName.get(nameKey(match.region.name)) ?? []), match]);
    for (const matches of facesByName.values()) {
      const name = matches[0]!.region.name;
      if (matches.length > 1) {
        conflict('one-name-two-faces', `"${name}" is on ${matches.length} faces (${matches.map((m) => m.face!.id).join(', ')})`);
        if (!overwrite) continue;
      }
      for (const match of matches) {
        const face = match.face!;
        const current = face.personId === null ? undefined : peopleById.get(face.personId);
        const currentName = current?.name ?? null;
        // The user's "nobody" (the catalog lists a face marked not a face as a user decision without a person):
        // naming it would lift the mark, so it is a conflict like a face the user put in someone else.
        if (face.source === 'user' && face.personId === null) {
          conflict('marked-not-a-face', `face ${face.id} is "${name}" in the file but you marked it as not a face`);
          if (!overwrite) continue;
        }
        if (currentName !== null && sameName(currentName, name)) {
          if (face.source === 'user') {
            plan.alreadyNamed += 1;
            continue;
          }
        } else if (face.source === 'user' && currentName !== null) {
          conflict('decided-elsewhere', `face ${face.id} is "${name}" in the file but you put it in ${current!.id} "${currentName}"`);
          if (!overwrite) continue;
        }
        plan.namings.push({ face, photoPath: photo.path, name: match.region.name });
      }
    }
  }
  return plan;
}

/** The catalog's rule: names are one person ignoring case. */
export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
