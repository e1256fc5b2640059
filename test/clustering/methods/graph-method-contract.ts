import { describe, expect, it } from 'vitest';
import type { ClusteringMethod } from '../../../src/clustering/methods/method.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../../src/clustering/thresholds.js';
import type { ClusterFace, ClusteringPlan } from '../../../src/clustering/types.js';
import { SimulatedLibrary } from '../simulated-library.js';
import { tableNeighbours } from '../similarity-table.js';
import { faceOf, makeLibrary, randomCentre, seededRandom, type SyntheticFace } from '../synthetic.js';

/** Who is in each person, from a plan over faces that had no person: new people by label, then assignments. */
function peopleOf(plan: ClusteringPlan): Map<string, string[]> {
  const people = new Map<string, string[]>(plan.newPeople.map((p) => [p.tempId, [...p.faceIds]]));
  for (const a of plan.assignments) if (a.personId !== null) people.set(a.personId, [...(people.get(a.personId) ?? []), a.faceId]);
  return people;
}

/** Faces of one identity, each in a photo of its own unless a photo is given. */
function identityFaces(identity: string, count: number, seed: number, photo?: (i: number) => string): SyntheticFace[] {
  const random = seededRandom(seed);
  const centre = randomCentre(random);
  return Array.from({ length: count }, (_, i) => ({
    id: `${identity}-${String(i).padStart(2, '0')}`,
    photoId: photo?.(i) ?? `photo-${identity}-${i}`,
    identity,
    quality: 0.9,
    embedding: faceOf(centre, 0.9, random),
  }));
}

/** Every rule the user's decisions and photos impose, checked on a library after a run; returns what broke. */
function brokenRules(library: SimulatedLibrary, before: ReadonlyMap<string, { personId: string | null; source: string | null }>): string[] {
  const broken: string[] = [];
  for (const [faceId, was] of before) {
    const now = library.assignment.get(faceId)!;
    if (was.source === 'user' && (now.personId !== was.personId || now.source !== 'user')) broken.push(`user face ${faceId} moved`);
  }
  for (const c of library.constraints) {
    if (c.kind === 'not-person' && library.personOf(c.faceId) === c.personId) broken.push(`${c.faceId} put in ${c.personId}`);
    if (c.kind === 'different-people') {
      for (const [faceId, was] of before) {
        const now = library.personOf(faceId);
        if ((was.personId === c.personA && now === c.personB) || (was.personId === c.personB && now === c.personA)) {
          broken.push(`${faceId} moved from ${was.personId} to ${now}, declared different`);
        }
      }
    }
  }
  for (const [personId, faceIds] of library.groups()) {
    const photos = faceIds.map((f) => library.faces.get(f)!.photoId);
    if (new Set(photos).size !== photos.length) broken.push(`${personId} holds two faces of one photo`);
  }
  return broken;
}

/** The contract every method built on the kNN face graph keeps (community-graph.ts), run for one method. */
export function describeGraphMethodContract(method: ClusteringMethod): void {
  describe(`${method.name}: the clustering contract`, () => {
    it('makes two well-separated identities two people, each of one identity', async () => {
      const faces = [...identityFaces('ann', 8, 11), ...identityFaces('bob', 8, 12)];
      const library = new SimulatedLibrary(faces);
      const plan = await library.cluster('recluster', { planner: method.plan });
      expect(plan.newPeople).toHaveLength(2);
      const identities = plan.newPeople.map((p) => new Set(p.faceIds.map((f) => library.faces.get(f)!.identity)));
      expect(identities.map((s) => [...s])).toEqual([['ann'], ['bob']]);
      expect(plan.newPeople.map((p) => p.faceIds.length)).toEqual([8, 8]);
      expect(plan.unassigned).toEqual([]);
    });

    it('leaves a group smaller than minClusterSize unassigned', async () => {
      const faces = [...identityFaces('ann', 8, 11), ...identityFaces('cat', DEFAULT_CLUSTERING_THRESHOLDS.minClusterSize - 1, 13)];
      const plan = await new SimulatedLibrary(faces).cluster('recluster', { planner: method.plan });
      expect(plan.newPeople.map((p) => p.faceIds.length)).toEqual([8]);
      expect(plan.unassigned).toEqual(['cat-00', 'cat-01']);
    });

    it('never puts two faces of one photo into one person, even when both look like that person', async () => {
      // ann-06 and ann-07 share a photo (a mirror, a photo of a photo): only one of them may be ann.
      const faces = identityFaces('ann', 8, 11, (i) => (i >= 6 ? 'photo-mirror' : `photo-ann-${i}`));
      const plan = await new SimulatedLibrary(faces).cluster('recluster', { planner: method.plan });
      expect(plan.newPeople).toHaveLength(1);
      const members = plan.newPeople[0]!.faceIds;
      expect(members).toHaveLength(7);
      expect(members.filter((f) => f === 'ann-06' || f === 'ann-07')).toHaveLength(1);
    });

    it('lets a face of a known person join, but only one of two faces of one photo', async () => {
      const faces: ClusterFace[] = [
        ...['u1', 'u2', 'u3'].map((id) => ({ id, photoId: `photo-${id}`, quality: 1, personId: 'p1', source: 'user' as const })),
        { id: 'x', photoId: 'shared', quality: 1, personId: null, source: null },
        { id: 'y', photoId: 'shared', quality: 1, personId: null, source: null },
      ];
      const similarities = { 'u1-u2': 0.8, 'u1-u3': 0.8, 'u2-u3': 0.8, 'x-u1': 0.7, 'x-u2': 0.7, 'x-u3': 0.7, 'y-u1': 0.6, 'y-u2': 0.6, 'y-u3': 0.6, 'x-y': 0.9 };
      const plan = await method.plan({
        mode: 'incremental',
        faces,
        people: [{ id: 'p1', name: 'Ada', hidden: false }],
        constraints: [],
        neighbours: tableNeighbours(faces.map((f) => f.id), similarities),
        thresholds: DEFAULT_CLUSTERING_THRESHOLDS,
      });
      expect(plan.assignments).toEqual([{ faceId: 'x', personId: 'p1', source: 'auto' }]);
      expect(plan.unassigned).toEqual(['y']);
    });

    it("keeps every user decision through a re-cluster: confirmed faces, not-this-person, different people", async () => {
      const library = new SimulatedLibrary(makeLibrary({ seed: 5, identitySizes: [12, 10, 9, 8], singletons: 10, maxFacesPerPhoto: 3 }));
      await library.cluster('recluster', { planner: method.plan });
      const byIdentity = (identity: string) => [...library.faces.values()].filter((f) => f.identity === identity).map((f) => f.id);
      const [a, b] = [byIdentity('id000'), byIdentity('id001')];
      // The user names id000's person, confirming two of its faces, says a third face of id000 is not them, and splits
      // two more faces off into a person declared different from the named one.
      const named = library.personOf(a[0]!)!;
      library.people.set(named, { id: named, name: 'Ada', hidden: false });
      library.assignByUser(a.slice(0, 2), named);
      library.constraints.push({ kind: 'not-person', faceId: a[2]!, personId: named });
      const other = library.createPerson('Not Ada');
      library.assignByUser(a.slice(3, 5), other);
      library.constraints.push({ kind: 'different-people', personA: named, personB: other });
      // And says a face of id001 is not id001's person.
      const bPerson = library.personOf(b[0]!)!;
      library.constraints.push({ kind: 'not-person', faceId: b[1]!, personId: bPerson });
      expect(a.slice(5).every((f) => library.personOf(f) === named)).toBe(true);
      const before = new Map([...library.assignment].map(([f, s]) => [f, { ...s }]));

      await library.cluster('recluster', { planner: method.plan });
      expect(brokenRules(library, before)).toEqual([]);
      // The rest of id000 still joins the named person, so the rules were tested against a real pull.
      expect(a.slice(5).filter((f) => library.personOf(f) === named).length).toBeGreaterThan(0);
      expect(library.personOf(a[2]!)).not.toBe(named);
      expect(library.personOf(b[1]!)).not.toBe(bPerson);
    });

    it('gives the same plan for the same input', async () => {
      const faces = makeLibrary({ seed: 9, identitySizes: [6, 9, 4, 7], singletons: 5, maxFacesPerPhoto: 2 });
      const first = await new SimulatedLibrary(faces).cluster('recluster', { planner: method.plan });
      const second = await new SimulatedLibrary(faces).cluster('recluster', { planner: method.plan });
      expect(peopleOf(second)).toEqual(peopleOf(first));
    });
  });
}
