import type { Neighbour, NeighbourSearchKind } from '../catalog.js';
import type { ApproximateSearchSettings, NeighbourBackend } from '../ann/approximate-search-settings.js';
import type { ApproximateNeighbours } from './approximate-neighbours.js';
import type { FaceVectorLog } from './face-vector-log.js';
import type { VectorIndexes } from './vector-index.js';

/**
 * The catalog's nearest-neighbour port on SQLite: the exact sqlite-vec scan for small libraries, the approximate
 * index (with an exact re-rank) once a pack has minFaces faces. Once an index is followed it stays in use, so a
 * library shrinking around the threshold does not flip back and forth.
 */
export class NeighbourSearch {
  /** Face counts by vector index, valid while nothing was logged since highWater. */
  private readonly counted = new Map<number, { highWater: number; faces: number }>();

  constructor(
    private readonly vectors: VectorIndexes,
    private readonly approximate: ApproximateNeighbours,
    private readonly log: FaceVectorLog,
    private readonly settings: ApproximateSearchSettings,
    private readonly onSearch: (backend: NeighbourBackend) => void = () => {},
  ) {}

  nearest(embedding: Float32Array, pack: string, k: number): Neighbour[] {
    const indexId = this.vectors.indexFor(embedding, pack, k);
    if (indexId === null) return [];
    if (this.useApproximate(indexId)) {
      this.onSearch('approximate');
      return this.approximate.nearest(indexId, embedding, k);
    }
    this.onSearch('exact');
    return this.vectors.nearestExactly(indexId, embedding, k);
  }

  /** Summed over the pack's vector indexes (one per embedding size; a pack has one). */
  kind(pack: string): NeighbourSearchKind {
    const indexIds = this.vectors.indexesOf(pack);
    return {
      approximate: indexIds.some((indexId) => this.useApproximate(indexId)),
      faces: indexIds.reduce((sum, indexId) => sum + this.facesIn(indexId), 0),
    };
  }

  close(): void {
    this.approximate.close();
  }

  private useApproximate(indexId: number): boolean {
    if (this.settings.mode !== 'auto') return this.settings.mode === 'on';
    return this.approximate.isFollowing(indexId) || this.facesIn(indexId) >= this.settings.minFaces;
  }

  private facesIn(indexId: number): number {
    const highWater = this.log.highWater();
    const known = this.counted.get(indexId);
    if (known?.highWater === highWater) return known.faces;
    const faces = this.log.contentOf(indexId).faces;
    this.counted.set(indexId, { highWater, faces });
    return faces;
  }
}
