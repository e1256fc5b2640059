/**
 * Naming people one by one, as a user does without a review queue: one answer per cluster to name it (naming a
 * cluster after someone already named is a merge, also one answer), then one answer per wrong face fixed (moved to
 * the person it shows, or, for someone with no cluster at all, named on its own). Best gain first, so the curve is the
 * best this way of working can do. Only labelled faces count.
 */

export interface LabelledFace {
  faceId: string;
  identity: string;
  personId: string | null;
}

/** After k answers (index k), how many labelled faces carry their right name. */
export type NamingCurve = number[];

/** What naming one by one costs: one answer per cluster, one per face left wrong (or in no cluster) after that. */
export function namingCost(faces: readonly LabelledFace[]): { clusters: number; wrong: number } {
  const curve = namingCurve(faces);
  const clusters = new Set(faces.flatMap((f) => (f.personId === null ? [] : [f.personId]))).size;
  return { clusters, wrong: curve.length - 1 - clusters };
}

export function namingCurve(faces: readonly LabelledFace[]): NamingCurve {
  const byPerson = new Map<string, LabelledFace[]>();
  for (const face of faces) {
    if (face.personId === null) continue;
    byPerson.set(face.personId, [...(byPerson.get(face.personId) ?? []), face]);
  }
  // Naming a cluster names the faces of its majority identity; each other face is a fix of its own.
  const namings = [...byPerson.values()]
    .map((members) => {
      const counts = new Map<string, number>();
      for (const f of members) counts.set(f.identity, (counts.get(f.identity) ?? 0) + 1);
      return Math.max(...counts.values());
    })
    .sort((a, b) => b - a);
  const correctAfterNaming = namings.reduce((s, n) => s + n, 0);
  const curve: NamingCurve = [0];
  let correct = 0;
  for (const gain of namings) curve.push((correct += gain));
  for (let fix = 0; fix < faces.length - correctAfterNaming; fix++) curve.push(++correct);
  return curve;
}

/** Answers needed for `share` of the faces to be named right: the first k whose curve reaches it (null: never). */
export function answersFor(curve: NamingCurve, total: number, share: number, offset = 0): number | null {
  const needed = Math.ceil(share * total);
  const k = curve.findIndex((correct) => correct >= needed);
  return k < 0 ? null : k + offset;
}
