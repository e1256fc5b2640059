import type { FaceCatalog } from '../catalog/catalog.js';
import type { Embedding } from '../domain/types.js';
import type { EmbeddingBlock, LibraryBlocks } from './streamed-neighbours.js';

/**
 * Library faces read and compared per block: 32,768 x 512 float32 is 64 MB, plus its transposed copy and the
 * similarity block of 512 queries against it, so memory stays bounded whatever the library's size.
 */
export const BLOCK_FACES = 32_768;

/** Every embedding of the pack, page by page from the catalog (embeddingPage). */
export function catalogBlocks(catalog: Pick<FaceCatalog, 'embeddingPage'>, pack: string, size = BLOCK_FACES): LibraryBlocks {
  return async function* () {
    let cursor: string | null = null;
    do {
      const page = await catalog.embeddingPage(pack, cursor, size);
      yield page;
      cursor = page.next;
    } while (cursor !== null);
  };
}

/** The embeddings of the given faces, looked up by id a block at a time; faces the catalog does not know are left out. */
export async function* blocksById(catalog: Pick<FaceCatalog, 'getFaceEmbeddings'>, faceIds: readonly string[], size = BLOCK_FACES): AsyncIterable<EmbeddingBlock> {
  for (let start = 0; start < faceIds.length; start += size) {
    const found = await catalog.getFaceEmbeddings(faceIds.slice(start, start + size));
    const ids = [...found.keys()];
    const dimensions = found.values().next().value?.length ?? 0;
    yield { faceIds: ids, embeddings: stackEmbeddings(ids, found, dimensions), dimensions };
  }
}

/** The blocks' rows of the kept faces only (a recluster's movable faces, read in the library's own pages). */
export async function* keepOnly(blocks: AsyncIterable<EmbeddingBlock>, keep: ReadonlySet<string>): AsyncIterable<EmbeddingBlock> {
  for await (const block of blocks) {
    const rows = block.faceIds.flatMap((id, i) => (keep.has(id) ? [i] : []));
    if (rows.length === block.faceIds.length) {
      yield block;
      continue;
    }
    const d = block.dimensions;
    const embeddings = new Float32Array(rows.length * d);
    rows.forEach((row, i) => embeddings.set(block.embeddings.subarray(row * d, (row + 1) * d), i * d));
    yield { faceIds: rows.map((row) => block.faceIds[row]!), embeddings, dimensions: d };
  }
}

/** The embeddings of `ids` (each in `embeddings`) stacked row-major, as a matrix product takes them. */
export function stackEmbeddings(ids: readonly string[], embeddings: ReadonlyMap<string, Embedding>, dimensions: number): Float32Array {
  const out = new Float32Array(ids.length * dimensions);
  ids.forEach((id, i) => out.set(embeddings.get(id)!, i * dimensions));
  return out;
}
