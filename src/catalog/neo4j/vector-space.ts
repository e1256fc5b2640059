import { createHash } from 'node:crypto';

/**
 * The embeddings of one pack at one size form a space of their own: they must never be compared with another's.
 * A Neo4j vector index covers one label and property, so each space gets a label that its faces carry besides
 * :Face, and an index on that label. Both names derive from a hash of (pack, dimensions): a pack name may contain
 * anything, while a label and an index name appear in schema commands, which take no parameters.
 */
export interface VectorSpace {
  pack: string;
  dimensions: number;
  /** Extra label of the faces in this space, e.g. Face_0123456789abcdef. */
  label: string;
  /** Name of the vector index on `label`.embedding. */
  indexName: string;
}

const LABEL_PATTERN = /^Face_[0-9a-f]{16}$/;
const INDEX_PATTERN = /^face_vectors_[0-9a-f]{16}$/;

export function vectorSpace(pack: string, dimensions: number): VectorSpace {
  if (!Number.isInteger(dimensions) || dimensions <= 0) throw new Error(`embedding size must be a positive integer, got ${dimensions}`);
  const hash = createHash('sha256').update(`${pack}\u0000${dimensions}`).digest('hex').slice(0, 16);
  return { pack, dimensions, label: `Face_${hash}`, indexName: `face_vectors_${hash}` };
}

/**
 * A label for interpolation into Cypher. Labels cannot be parameters in schema commands, and a literal label lets
 * the planner use the label's count store and scan; the pattern check makes injection impossible even if a stored
 * label were tampered with.
 */
export function cypherLabel(label: string): string {
  if (!LABEL_PATTERN.test(label)) throw new Error(`not a face vector label: "${label}"`);
  return label;
}

export function cypherIndexName(name: string): string {
  if (!INDEX_PATTERN.test(name)) throw new Error(`not a face vector index name: "${name}"`);
  return name;
}
