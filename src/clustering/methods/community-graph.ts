import { ClusteringSession } from '../clustering-session.js';
import { compareIds } from '../compare-ids.js';
import { ConstrainedComponents } from '../constrained-components.js';
import { inheritPersonIds } from '../inherit-person-ids.js';
import { NeighbourGraph } from '../neighbour-graph.js';
import { assertValidThresholds, type ClusteringThresholds } from '../thresholds.js';
import type { ClusteringInput, ClusteringPlan } from '../types.js';

/**
 * A node of the face graph: a face this run may place, or a known person standing for all of its faces
 * that stay where they are (the user's, and in an incremental run every assigned face). Person nodes are
 * anchors: a community holding one is that person, a community holding none may become a new person.
 */
export type GraphNode = { kind: 'face'; faceId: string } | { kind: 'person'; personId: string };

/**
 * The weighted, undirected kNN graph of the faces a run may place. Node indexes are stable: faces in id
 * order, then people in id order, so every method sees the same graph for the same input.
 */
export interface FaceGraph {
  readonly nodes: readonly GraphNode[];
  /** Node index -> neighbour index -> weight; symmetric, no self-loops. */
  readonly adjacency: readonly ReadonlyMap<number, number>[];
}

/** A community detector: one label per node (labels only need to be equal within a community). */
export type CommunityDetector = (graph: FaceGraph) => readonly number[];

/** Stable node keys, for libraries that want strings (a face id and a person id may be equal, so they are prefixed). */
export function nodeKey(node: GraphNode): string {
  return node.kind === 'face' ? `f:${node.faceId}` : `p:${node.personId}`;
}

/**
 * Plans by community detection on the kNN graph: builds the graph (settings from the pack's thresholds:
 * communityNeighbourCount nearest faces, edges of at least clusterSimilarity weighted by cosine similarity), lets
 * `detect` label the nodes, and turns the communities into people under the user's decisions (see placeCommunities).
 */
export async function planByCommunities(input: ClusteringInput, detect: CommunityDetector): Promise<ClusteringPlan> {
  assertValidThresholds(input.thresholds);
  const session = new ClusteringSession(input);
  const graph = await buildFaceGraph(session, input);
  placeCommunities(session, graph, detect(graph), input.thresholds);
  return session.toPlan();
}

/**
 * Edges: each candidate face to its communityNeighbourCount nearest faces whose similarity reaches clusterSimilarity.
 * - to another candidate: weight = cosine similarity; never between two faces of one photo (they are never one person);
 * - to a face that stays with its person: added to the candidate's edge to that person's node (the sum over the
 *   person's faces among the candidate's neighbours, as if the person were already one community), unless the
 *   face may not join that person (a face of that person is already in its photo, the user said it is not that
 *   person, or its former person was declared different from it);
 * - faces that stay without a person (set aside by the user) are not in the graph.
 */
export async function buildFaceGraph(session: ClusteringSession, input: ClusteringInput): Promise<FaceGraph> {
  const { faces, state, candidates, constraints } = session;
  const { communityNeighbourCount, clusterSimilarity } = input.thresholds;
  const neighbours = await NeighbourGraph.load(input.neighbours, new Set(faces.keys()), candidates, communityNeighbourCount);

  const nodes: GraphNode[] = candidates.map((faceId) => ({ kind: 'face', faceId }));
  const faceIndex = new Map(candidates.map((faceId, i) => [faceId, i]));
  const personIndex = new Map<string, number>();
  const people = new Set<string>();
  for (const faceId of faces.keys()) {
    const personId = faceIndex.has(faceId) ? null : state.personOf(faceId);
    if (personId !== null) people.add(personId);
  }
  for (const personId of [...people].sort(compareIds)) {
    personIndex.set(personId, nodes.length);
    nodes.push({ kind: 'person', personId });
  }

  const adjacency = nodes.map(() => new Map<number, number>());
  const link = (a: number, b: number, weight: number, sum: boolean) => {
    const w = sum ? (adjacency[a]!.get(b) ?? 0) + weight : Math.max(weight, adjacency[a]!.get(b) ?? -Infinity);
    adjacency[a]!.set(b, w);
    adjacency[b]!.set(a, w);
  };
  for (const faceId of candidates) {
    const a = faceIndex.get(faceId)!;
    const photoId = faces.get(faceId)!.photoId;
    const former = session.formerPerson(faceId);
    for (const n of neighbours.of(faceId)) {
      if (n.similarity < clusterSimilarity) break;
      const b = faceIndex.get(n.faceId);
      if (b !== undefined) {
        // kNN lists are not symmetric: a pair seen from both sides is one edge of the same weight.
        if (faces.get(n.faceId)!.photoId !== photoId) link(a, b, n.similarity, false);
        continue;
      }
      const personId = state.personOf(n.faceId);
      if (personId === null || !state.canJoin(faceId, personId)) continue;
      if (former !== null && former !== personId && constraints.areDifferent(former, personId)) continue;
      link(a, personIndex.get(personId)!, n.similarity, true);
    }
  }
  return { nodes, adjacency };
}

/**
 * Communities into people, under the same rules as every method:
 * - a community holding known people: each of its faces joins the one it is most strongly linked to (the
 *   community's strongest person when the face has no edge to any), strongest links first, if the hard rules
 *   allow it (never two faces of one photo, never a person the user excluded); a face they forbid stays unassigned;
 * - a community of faces only is cut where the rules demand: its edges are taken strongest first and an edge
 *   that would put two faces of one photo, or faces of two people the user declared different, together is
 *   skipped. Parts of at least minClusterSize faces become people (keeping a former person's id when they are
 *   mostly that person, as a re-cluster should); smaller parts stay unassigned.
 */
export function placeCommunities(
  session: ClusteringSession,
  graph: FaceGraph,
  labels: readonly number[],
  thresholds: Pick<ClusteringThresholds, 'minClusterSize' | 'keepIdOverlap'>,
): void {
  if (labels.length !== graph.nodes.length) throw new Error(`community detector labelled ${labels.length} of ${graph.nodes.length} nodes`);
  const { state } = session;
  const communities = new Map<number, number[]>();
  labels.forEach((label, node) => {
    const members = communities.get(label);
    if (members) members.push(node);
    else communities.set(label, [node]);
  });

  const joins: { faceId: string; personId: string; weight: number }[] = [];
  const groups: string[][] = [];
  for (const members of communities.values()) {
    const personNodes = members.filter((n) => graph.nodes[n]!.kind === 'person');
    const faceNodes = members.filter((n) => graph.nodes[n]!.kind === 'face');
    if (personNodes.length > 0) {
      const dominant = strongestPerson(personNodes, faceNodes, graph);
      for (const n of faceNodes) {
        const { node, weight } = strongestLink(n, personNodes, graph) ?? { node: dominant, weight: 0 };
        joins.push({ faceId: faceIdOf(graph, n), personId: personIdOf(graph, node), weight });
      }
    } else groups.push(...constrainedParts(faceNodes, graph, session, thresholds.minClusterSize));
  }

  joins.sort((a, b) => b.weight - a.weight || compareIds(a.faceId, b.faceId));
  for (const j of joins) state.join(j.faceId, j.personId);

  const big = groups
    .filter((g) => g.length >= thresholds.minClusterSize)
    .map((g) => g.sort(compareIds))
    .sort((x, y) => compareIds(x[0]!, y[0]!));
  const inherited = inheritPersonIds(big, session.formerPeople, thresholds.keepIdOverlap);
  big.forEach((group, index) => {
    const personId = inherited.get(index);
    if (personId === undefined) session.createPersonWith(group);
    // An old person may hold user faces this group clashes with: those faces stay unassigned.
    else for (const f of group) state.join(f, personId);
  });
}

/**
 * Single linkage inside the community, never across a cannot-link; then each face of a part too small to be a
 * person may join the big part it has its strongest edge to, if that part holds no face of its photo and no face
 * of a person declared different from its former one (a face cut off together with a rival of its photo is not
 * lost with it). Returns the parts as lists of face ids.
 */
function constrainedParts(faceNodes: readonly number[], graph: FaceGraph, session: ClusteringSession, minClusterSize: number): string[][] {
  if (faceNodes.length === 1) return [[faceIdOf(graph, faceNodes[0]!)]];
  const photoOf = (faceId: string) => session.faces.get(faceId)!.photoId;
  const inCommunity = new Set(faceNodes);
  const components = new ConstrainedComponents(
    faceNodes.map((n) => {
      const faceId = faceIdOf(graph, n);
      return { faceId, photoId: photoOf(faceId), formerPerson: session.formerPerson(faceId) };
    }),
    session.constraints,
  );
  const edges: { a: number; b: number; weight: number }[] = [];
  for (const n of faceNodes) {
    for (const [m, weight] of graph.adjacency[n]!) if (m > n && inCommunity.has(m)) edges.push({ a: n, b: m, weight });
  }
  edges.sort((x, y) => y.weight - x.weight || x.a - y.a || x.b - y.b);
  for (const e of edges) components.union(faceIdOf(graph, e.a), faceIdOf(graph, e.b));

  const parts = components.groups();
  const big = parts.filter((p) => p.length >= minClusterSize);
  const strays = parts.filter((p) => p.length < minClusterSize).flat();
  if (big.length === 0 || strays.length === 0) return parts;
  const partOf = new Map<string, number>();
  big.forEach((part, i) => part.forEach((f) => partOf.set(f, i)));
  const photos = big.map((part) => new Set(part.map(photoOf)));
  const formers = big.map((part) => new Set(part.flatMap((f) => session.formerPerson(f) ?? [])));
  const offers: { faceId: string; part: number; weight: number }[] = [];
  for (const n of faceNodes) {
    const faceId = faceIdOf(graph, n);
    if (partOf.has(faceId)) continue;
    let best: { part: number; weight: number } | null = null;
    for (const [m, weight] of graph.adjacency[n]!) {
      const part = inCommunity.has(m) ? partOf.get(faceIdOf(graph, m)) : undefined;
      if (part !== undefined && (best === null || weight > best.weight || (weight === best.weight && part < best.part))) best = { part, weight };
    }
    if (best) offers.push({ faceId, ...best });
  }
  offers.sort((x, y) => y.weight - x.weight || compareIds(x.faceId, y.faceId));
  const joined = new Set<string>();
  for (const { faceId, part } of offers) {
    const former = session.formerPerson(faceId);
    if (photos[part]!.has(photoOf(faceId))) continue;
    if (former !== null && session.constraints.anyDifferent(new Set([former]), formers[part]!)) continue;
    big[part]!.push(faceId);
    photos[part]!.add(photoOf(faceId));
    if (former !== null) formers[part]!.add(former);
    joined.add(faceId);
  }
  return [...big, ...strays.filter((f) => !joined.has(f)).map((f) => [f])];
}

function strongestLink(node: number, candidates: readonly number[], graph: FaceGraph): { node: number; weight: number } | null {
  let best: { node: number; weight: number } | null = null;
  for (const c of candidates) {
    const weight = graph.adjacency[node]!.get(c);
    if (weight !== undefined && (best === null || weight > best.weight)) best = { node: c, weight };
  }
  return best;
}

/** The person node with the most edge weight to the community's faces (the first, in id order, on a tie). */
function strongestPerson(personNodes: readonly number[], faceNodes: readonly number[], graph: FaceGraph): number {
  let best = personNodes[0]!;
  let bestWeight = -Infinity;
  for (const p of personNodes) {
    let total = 0;
    for (const f of faceNodes) total += graph.adjacency[p]!.get(f) ?? 0;
    if (total > bestWeight) [best, bestWeight] = [p, total];
  }
  return best;
}

function faceIdOf(graph: FaceGraph, node: number): string {
  const n = graph.nodes[node]!;
  if (n.kind !== 'face') throw new Error(`node ${node} is a person, not a face`);
  return n.faceId;
}

function personIdOf(graph: FaceGraph, node: number): string {
  const n = graph.nodes[node]!;
  if (n.kind !== 'person') throw new Error(`node ${node} is a face, not a person`);
  return n.personId;
}

/** mulberry32: a small seeded generator, so that randomised detectors give the same plan for the same input. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
