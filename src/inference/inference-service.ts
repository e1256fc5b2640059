import type { Catalog } from '../catalog/catalog.js';
import type { ClusteringThresholds } from '../clustering/thresholds.js';
import type { FoundFace } from '../domain/types.js';
import type { InferenceOutcome, InferenceTaskName, InferenceTasks } from '../jobs/local/inference-tasks.js';
import type { ThreadPoolRunner } from '../jobs/local/thread-pool-runner.js';
import { ImageRejectedError } from './image-problem.js';
import { requireImageBytes } from './image-sniff.js';
import type { AlignedEmbedding, DetectResult, EmbedResult, InferredFace, PersonMatch, RecognizeResult } from './inference-results.js';
import { bestPerson, onePersonPerPhoto } from './match-person.js';

export interface InferenceDeps {
  /** The library's shared worker-thread pool (created on first use); its pack made the embeddings. */
  pool(): Promise<Pick<ThreadPoolRunner, 'infer' | 'pack'>>;
  thresholds(pack: string): ClusteringThresholds;
  catalog: Pick<Catalog, 'nearestFaces' | 'getFaces' | 'findPerson'>;
}

/**
 * Face inference on uploaded images, on the same threads and models as scans: detect, embed (whole photos or a face
 * already aligned) and recognize against the library's people. An image that cannot be analysed throws
 * ImageRejectedError naming why; anything else thrown is a fault.
 */
export class InferenceService {
  constructor(private readonly deps: InferenceDeps) {}

  async detect(bytes: Uint8Array): Promise<DetectResult> {
    const started = performance.now();
    const { pack, value } = await this.run('detect', bytes);
    return { ...framing(pack, value), faces: value.faces.map(inferredFace), timings: { ...value.timings, total: performance.now() - started } };
  }

  async embed(bytes: Uint8Array): Promise<EmbedResult> {
    const started = performance.now();
    const { pack, value } = await this.run('analyseBytes', bytes);
    const faces = value.faces.map((f) => ({ ...inferredFace(f), embedding: f.embedding }));
    return { ...framing(pack, value), faces, timings: { ...value.timings, total: performance.now() - started } };
  }

  /** The embedding of a face the caller aligned already (the pack's crop size, e.g. 112x112). */
  async embedAligned(bytes: Uint8Array): Promise<AlignedEmbedding> {
    const started = performance.now();
    const { pack, value } = await this.run('embedAligned', bytes);
    return { pack, embedding: value.embedding, timings: { ...value.timings, total: performance.now() - started } };
  }

  /** Each face with the known person clustering would put it with (see match-person.ts), or null. */
  async recognize(bytes: Uint8Array): Promise<RecognizeResult> {
    const started = performance.now();
    const { pack, value } = await this.run('analyseBytes', bytes);
    const t = performance.now();
    const matches = await this.matchPeople(pack, value.faces);
    const faces = value.faces.map((f, i) => ({ ...inferredFace(f), match: matches[i] ?? null }));
    const now = performance.now();
    return { ...framing(pack, value), faces, timings: { ...value.timings, match: now - t, total: now - started } };
  }

  private async run<N extends InferenceTaskName>(name: N, bytes: Uint8Array): Promise<{ pack: string; value: InferenceTasks[N] }> {
    await requireImageBytes(bytes);
    const pool = await this.deps.pool();
    const outcome: InferenceOutcome<InferenceTasks[N]> = await pool.infer(name, bytes);
    if (!outcome.ok) throw new ImageRejectedError(outcome.problem);
    return { pack: pool.pack, value: outcome.value };
  }

  /**
   * Who each face is, read fresh for every request (a correction shows at once): the faces near it by the vector
   * index, their owners by face id, those people's sizes and names; never a listing of the library.
   */
  private async matchPeople(pack: string, faces: readonly FoundFace[]): Promise<(PersonMatch | null)[]> {
    if (faces.length === 0) return [];
    const { catalog } = this.deps;
    const thresholds = this.deps.thresholds(pack);
    const neighbourLists = await Promise.all(faces.map((f) => catalog.nearestFaces(f.embedding, pack, thresholds.neighbourCount)));
    const owners = new Map((await catalog.getFaces(neighbourLists.flat().map((n) => n.faceId))).map((f) => [f.id, f.personId]));
    const ownerIds = [...new Set([...owners.values()].filter((id): id is string => id !== null))];
    const people = new Map(await Promise.all(ownerIds.map(async (id) => [id, await catalog.findPerson(id)] as const)));
    const candidates = neighbourLists.map((list) =>
      bestPerson(
        list.map((n) => ({ personId: owners.get(n.faceId) ?? null, similarity: 1 - n.distance })),
        // A library holds one pack's faces, so the person's face count is its count in this pack.
        (id) => people.get(id)?.faces ?? 0,
        thresholds,
      ),
    );
    return onePersonPerPhoto(candidates).map((c) => {
      const person = c ? people.get(c.personId) : null;
      return c && person ? { personId: person.id, personName: person.name, similarity: c.score } : null;
    });
  }
}

function framing(pack: string, value: { meta: { width: number; height: number } }): { width: number; height: number; pack: string } {
  return { width: value.meta.width, height: value.meta.height, pack };
}

function inferredFace(face: Omit<FoundFace, 'embedding'>): InferredFace {
  return { box: face.box, score: face.score, landmarks: face.landmarks, quality: face.quality };
}
