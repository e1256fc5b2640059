/**
 * How close the people one clustering run made are to each other, pair by pair: for telling a person split in two (two
 * eras of one face) from two people who look alike (issue 15, docs/accuracy.md). Per pair of people of 3+ faces:
 *   centroid   cosine of the two people's mean embeddings
 *   cross      mean similarity of a face of one to a face of the other
 *   within     each side's mean similarity between its own faces
 *   ratio      cross / sqrt(within A x within B)
 *   review     the review queue's pair similarity (src/review/pair-questions.ts), from all faces rather than the
 *              neighbour lists: the mean of the best half (of the smaller side) of the faces' scores to the other side
 *              (mean similarity to its 3 closest faces)
 *   same/diff  whether the two people's most common labels are the same identity
 * Closest pairs (by centroid) first. Used by bench/recluster-tune.ts --pairs and bench/synthetic-pair-stats.ts.
 */
import { dot } from '../src/domain/vector.js';
import { PAIR_EVIDENCE_SHARE } from '../src/review/pair-questions.js';

export function printPeoplePairs(
  people: ReadonlyMap<string, readonly string[]>,
  embeddings: ReadonlyMap<string, Float32Array>,
  identityOf: ReadonlyMap<string, string>,
  top: number,
): void {
  const summaries = [...people.values()].filter((faces) => faces.length >= 3).map((faces) => summarise(faces, embeddings, identityOf));
  const rows: { centroid: number; line: string }[] = [];
  for (let i = 0; i < summaries.length; i++) {
    for (let j = i + 1; j < summaries.length; j++) {
      const [a, b] = [summaries[i]!, summaries[j]!];
      const centroid = dot(a.mean, b.mean) / (a.norm * b.norm);
      const cross = meanSimilarity(a.faces, b.faces, embeddings);
      const review = reviewSimilarity(a.faces, b.faces, embeddings);
      rows.push({
        centroid,
        line:
          `centroid ${centroid.toFixed(3)}  cross ${cross.toFixed(3)}  within ${a.within.toFixed(3)}/${b.within.toFixed(3)}  ` +
          `ratio ${(cross / Math.sqrt(a.within * b.within)).toFixed(3)}  review ${review.toFixed(3)}  sizes ${a.faces.length}/${b.faces.length}  ` +
          `${a.label === b.label ? 'same' : 'diff'} ${a.label} | ${b.label}`,
      });
    }
  }
  for (const row of rows.sort((x, y) => y.centroid - x.centroid).slice(0, top)) console.log(`  ${row.line}`);
}

function summarise(faces: readonly string[], embeddings: ReadonlyMap<string, Float32Array>, identityOf: ReadonlyMap<string, string>) {
  const mean = new Float32Array(embeddings.get(faces[0]!)!.length);
  for (const f of faces) embeddings.get(f)!.forEach((x, i) => (mean[i]! += x / faces.length));
  const counts = new Map<string, number>();
  for (const f of faces) {
    const label = identityOf.get(f);
    if (label) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const label = [...counts].sort((x, y) => y[1] - x[1])[0]?.[0] ?? '?';
  return { faces, mean, norm: Math.sqrt(dot(mean, mean)), label, within: meanSimilarity(faces, faces, embeddings) };
}

/** Mean similarity over pairs of distinct faces, one from each list. */
function meanSimilarity(a: readonly string[], b: readonly string[], embeddings: ReadonlyMap<string, Float32Array>): number {
  let total = 0;
  let pairs = 0;
  for (const x of a) {
    for (const y of b) {
      if (x === y) continue;
      total += dot(embeddings.get(x)!, embeddings.get(y)!);
      pairs++;
    }
  }
  return total / pairs;
}

function reviewSimilarity(a: readonly string[], b: readonly string[], embeddings: ReadonlyMap<string, Float32Array>): number {
  const score = (face: string, other: readonly string[]) => {
    const closest = other.map((o) => dot(embeddings.get(face)!, embeddings.get(o)!)).sort((x, y) => y - x).slice(0, 3);
    return closest.reduce((s, x) => s + x, 0) / closest.length;
  };
  const wanted = Math.max(1, Math.ceil(PAIR_EVIDENCE_SHARE * Math.min(a.length, b.length)));
  const best = [...a.map((f) => score(f, b)), ...b.map((f) => score(f, a))].sort((x, y) => y - x).slice(0, wanted);
  return best.reduce((s, x) => s + x, 0) / wanted;
}
