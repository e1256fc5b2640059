import type { Catalog } from '../../src/catalog/catalog.js';
import { mergeInto } from '../../src/people/people-service.js';

/** The labelled faces: face id -> the identity of the photo it stands for. */
export type FaceIdentities = ReadonlyMap<string, string>;

/** How many labelled faces belong to a person named after their identity. */
export async function correctlyNamed(catalog: Catalog, identities: FaceIdentities): Promise<number> {
  const names = new Map((await catalog.listPeople({ includeHidden: true })).map((p) => [p.id, p.name]));
  let correct = 0;
  for (const face of await catalog.listFaces()) {
    const identity = identities.get(face.id);
    if (identity !== undefined && face.personId !== null && names.get(face.personId) === identity) correct++;
  }
  return correct;
}

/**
 * The user names every cluster that shows a labelled face, the most faces first, as the people page invites: one
 * answer each, a rename, or a merge into the person already holding that name. Returns the correctly named count
 * after each answer.
 */
export async function nameClusters(catalog: Catalog, identities: FaceIdentities): Promise<number[]> {
  const counts = new Map<string, Map<string, number>>();
  for (const face of await catalog.listFaces()) {
    const identity = identities.get(face.id);
    if (identity === undefined || face.personId === null) continue;
    const byIdentity = counts.get(face.personId) ?? new Map<string, number>();
    byIdentity.set(identity, (byIdentity.get(identity) ?? 0) + 1);
    counts.set(face.personId, byIdentity);
  }
  const clusters = [...counts]
    .map(([personId, byIdentity]) => {
      const [identity, faces] = [...byIdentity].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
      return { personId, identity, faces };
    })
    .sort((a, b) => b.faces - a.faces || (a.personId < b.personId ? -1 : 1));
  const curve: number[] = [];
  for (const { personId, identity } of clusters) {
    const holder = await catalog.findPerson(identity);
    if (holder && holder.id !== personId) await mergeInto(catalog, holder.id, [personId]);
    else await catalog.renamePerson(personId, identity);
    curve.push(await correctlyNamed(catalog, identities));
  }
  return curve;
}
