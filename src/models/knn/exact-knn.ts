import onnxProto from 'onnx-proto';
import { ort } from '../onnx-session.js';

const { onnx } = onnxProto;

/**
 * Exact k-nearest-neighbour search for L2-normalised embeddings as one matrix product and a top-k,
 * run by onnxruntime's optimised kernels. Measured here on 8,000 x 8,000 faces of 512-d: ~1 s, against
 * ~20 s for usearch's exactSearch and ~2 min for one sqlite-vec query per face. Used for clustering in
 * batches; the catalog's index still serves single look-ups.
 */
export interface KnnResult {
  /** Row i holds the k neighbours of query i: database row indices, best first. */
  indices: Int32Array;
  /** Cosine similarities matching `indices`. */
  similarities: Float32Array;
  k: number;
}

let session: Promise<ort.InferenceSession> | undefined;

function knnGraph(): Uint8Array {
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const INT64 = onnx.TensorProto.DataType.INT64;
  const value = (name: string, elemType: number, dims: (string | number)[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
    });
  const graph = onnx.GraphProto.create({
    name: 'exact_knn',
    node: [
      onnx.NodeProto.create({ opType: 'MatMul', input: ['queries', 'database_t'], output: ['similarity'] }),
      onnx.NodeProto.create({
        opType: 'TopK',
        input: ['similarity', 'k'],
        output: ['values', 'indices'],
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
      }),
    ],
    input: [value('queries', FLOAT, ['n', 'd']), value('database_t', FLOAT, ['d', 'm']), value('k', INT64, [1])],
    output: [value('values', FLOAT, ['n', 'k']), value('indices', INT64, ['n', 'k'])],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph, producerName: 'facetag' });
  return onnx.ModelProto.encode(model).finish();
}

/** Row-major [rows x dims] to column-major, the layout MatMul wants for the database side. */
function transpose(matrix: Float32Array, rows: number, dims: number): Float32Array {
  const out = new Float32Array(matrix.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < dims; c++) out[c * rows + r] = matrix[r * dims + c]!;
  return out;
}

/**
 * The k most similar database rows for every query row (both row-major, `dims` wide).
 * Queries are processed in chunks so the similarity matrix stays small (chunk x database rows).
 */
export async function exactKnn(queries: Float32Array, database: Float32Array, dims: number, k: number, chunkRows = 512): Promise<KnnResult> {
  const queryRows = queries.length / dims;
  const databaseRows = database.length / dims;
  if (!Number.isInteger(queryRows) || !Number.isInteger(databaseRows)) throw new Error(`embedding arrays are not multiples of ${dims}`);
  const kk = Math.min(k, databaseRows);
  const indices = new Int32Array(queryRows * kk);
  const similarities = new Float32Array(queryRows * kk);
  if (queryRows === 0 || kk === 0) return { indices, similarities, k: kk };
  session ??= ort.InferenceSession.create(knnGraph(), { intraOpNumThreads: 0, graphOptimizationLevel: 'all' });
  const run = await session;
  const databaseT = new ort.Tensor('float32', transpose(database, databaseRows, dims), [dims, databaseRows]);
  const kTensor = new ort.Tensor('int64', BigInt64Array.from([BigInt(kk)]), [1]);
  for (let start = 0; start < queryRows; start += chunkRows) {
    const rows = Math.min(chunkRows, queryRows - start);
    const chunk = queries.subarray(start * dims, (start + rows) * dims);
    const out = await run.run({ queries: new ort.Tensor('float32', chunk, [rows, dims]), database_t: databaseT, k: kTensor });
    similarities.set(out.values!.data as Float32Array, start * kk);
    const found = out.indices!.data as BigInt64Array;
    for (let i = 0; i < found.length; i++) indices[start * kk + i] = Number(found[i]!);
  }
  return { indices, similarities, k: kk };
}
