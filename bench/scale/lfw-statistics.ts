/**
 * The embedding statistics the synthetic generator draws from, read from a SQLite catalog that holds a scan of lfw/
 * with the default pack (other folders in it, e.g. lfw-singletons/, are ignored). Per LFW person with at least
 * MIN_PHOTOS photos, the face nearest the image centre of each photo (LFW crops hold the labelled face in the middle)
 * is taken; from those:
 * - person means μ_i (raw means of the unit embeddings, so |μ_i| < 1 says how tight the person is),
 * - the global mean m of the μ_i and the deviations d_i = μ_i - m (the between-person spread),
 * - residuals r = e - μ_i of every face, scaled by sqrt(n/(n-1)) to undo fitting the mean to n faces (within-person spread),
 * - for each person, the cosine between d_i and the deviation of the person with the closest mean (look-alikes).
 */
import Database from 'better-sqlite3';
import { basename, dirname } from 'node:path';

export const MIN_PHOTOS = 4;

export interface EmbeddingStatistics {
  /** The model pack that made the embeddings (the one with most faces in the catalog). */
  pack: string;
  dims: number;
  /** Mean of the person means. */
  mean: Float32Array;
  /** Person deviations from `mean`, one row of `dims` each. */
  deviations: Float32Array[];
  /** Within-person residuals, one row of `dims` each. */
  residuals: Float32Array[];
  /** Cosine of each real person's deviation with its closest other person's deviation. */
  lookAlikeCorrelations: number[];
  /** Cosine of each real person's mean direction with its closest other person's (for the report). */
  closestCentreCosines: number[];
  /** Mean cosine of a face with its person's mean direction (for the report). */
  faceToCentreCosine: number;
}

interface Row {
  path: string;
  box_x: number;
  box_y: number;
  box_w: number;
  box_h: number;
  width: number;
  height: number;
  embedding: Buffer;
}

export function centreFacesByPerson(file: string): { pack: string; byPerson: Map<string, Float32Array[]> } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const top = db.prepare('SELECT pack FROM faces GROUP BY pack ORDER BY count(*) DESC LIMIT 1').get() as { pack: string } | undefined;
    if (!top) throw new Error(`${file} holds no faces`);
    const pack = top.pack;
    const rows = db
      .prepare(
        `SELECT fi.path, f.box_x, f.box_y, f.box_w, f.box_h, p.width, p.height, f.embedding
         FROM faces f JOIN photos p ON p.sha256 = f.photo_sha256 JOIN files fi ON fi.sha256 = f.photo_sha256
         WHERE f.pack = ? AND fi.path LIKE '%/lfw/%'`,
      )
      .all(pack) as Row[];
    const best = new Map<string, { distance: number; embedding: Float32Array }>();
    for (const row of rows) {
      const distance = Math.hypot(row.box_x + row.box_w / 2 - row.width / 2, row.box_y + row.box_h / 2 - row.height / 2);
      const seen = best.get(row.path);
      if (seen && seen.distance <= distance) continue;
      const blob = row.embedding;
      best.set(row.path, { distance, embedding: new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)) });
    }
    const byPerson = new Map<string, Float32Array[]>();
    for (const [path, { embedding }] of best) {
      const person = basename(dirname(path));
      byPerson.set(person, [...(byPerson.get(person) ?? []), embedding]);
    }
    return { pack, byPerson };
  } finally {
    db.close();
  }
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

export function readLfwStatistics(catalogFile: string): EmbeddingStatistics {
  const { pack, byPerson } = centreFacesByPerson(catalogFile);
  const people = [...byPerson.values()].filter((faces) => faces.length >= MIN_PHOTOS);
  if (people.length < 10) throw new Error(`${catalogFile}: only ${people.length} lfw/ people with ${MIN_PHOTOS}+ faces of pack ${pack}`);
  const dims = people[0]![0]!.length;
  const means = people.map((faces) => {
    const mu = new Float32Array(dims);
    for (const e of faces) for (let i = 0; i < dims; i++) mu[i]! += e[i]! / faces.length;
    return mu;
  });
  const mean = new Float32Array(dims);
  for (const mu of means) for (let i = 0; i < dims; i++) mean[i]! += mu[i]! / means.length;
  const deviations = means.map((mu) => mu.map((v, i) => v - mean[i]!));
  const residuals: Float32Array[] = [];
  let cosSum = 0;
  people.forEach((faces, p) => {
    const scale = Math.sqrt(faces.length / (faces.length - 1));
    const mu = means[p]!;
    for (const e of faces) {
      residuals.push(e.map((v, i) => (v - mu[i]!) * scale));
      cosSum += dot(e, mu) / norm(mu);
    }
  });
  const lookAlikeCorrelations: number[] = [];
  const closestCentreCosines: number[] = [];
  const devNorms = deviations.map(norm);
  const meanNorms = means.map(norm);
  means.forEach((mu, p) => {
    let bestCos = -2;
    let bestQ = -1;
    means.forEach((other, q) => {
      if (q === p) return;
      const c = dot(mu, other) / (meanNorms[p]! * meanNorms[q]!);
      if (c > bestCos) [bestCos, bestQ] = [c, q];
    });
    closestCentreCosines.push(bestCos);
    lookAlikeCorrelations.push(dot(deviations[p]!, deviations[bestQ]!) / (devNorms[p]! * devNorms[bestQ]!));
  });
  return { pack, dims, mean, deviations, residuals, lookAlikeCorrelations, closestCentreCosines, faceToCentreCosine: cosSum / residuals.length };
}
