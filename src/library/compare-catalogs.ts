import type { Catalog } from '../catalog/catalog.js';
import { compareText as compare, constraintKey, faceRecord, photoRecord } from './catalog-records.js';

/**
 * What differs between two catalogs as far as a copy is concerned (empty when the copy is faithful): counts, photos
 * with their metadata and paths, faces with boxes, landmarks, quality and assignments, people, constraints, errors
 * and settings. Embeddings are not compared here (the copy reads them straight from the source).
 */
export async function compareCatalogs(source: Catalog, target: Catalog, keepSettings: readonly string[] = []): Promise<string[]> {
  const keep = new Set(keepSettings);
  const differences: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    const left = JSON.stringify(a);
    const right = JSON.stringify(b);
    if (left !== right) differences.push(`${what} differ (${firstDifference(left, right)})`);
  };
  const read = async (catalog: Catalog) => {
    const [counts, photos, files, faces, people, constraints, suggestions, errors, settings] = await Promise.all([
      catalog.counts(),
      catalog.listPhotos(),
      catalog.listFiles(''),
      catalog.listFaces(),
      catalog.listPeople({ includeHidden: true }),
      catalog.listConstraints(),
      catalog.listSuggestions(),
      catalog.listErrors(),
      catalog.listSettings(),
    ]);
    return {
      counts,
      photos: photos.map(photoRecord).sort((a, b) => compare(a.sha256, b.sha256)),
      files: files.map(({ path, sha256, size, mtimeMs }) => ({ path, sha256, size, mtimeMs })).sort((x, y) => compare(x.path, y.path)),
      faces: faces.map(faceRecord).sort((x, y) => compare(x.id, y.id)),
      people: people
        .map(({ id, name, hidden, faces: count, photos: shown, samplePath }) => ({ id, name, hidden, faces: count, photos: shown, samplePath }))
        .sort((x, y) => compare(x.id, y.id)),
      constraints: constraints.map(constraintKey).sort(),
      suggestions: suggestions.map(({ id, target, kind, value, evidence, confidence, model, promptVersion, promptTokens, completionTokens, ms, createdAt, status }) => ({
        id, target, kind, value, evidence, confidence, model, promptVersion, promptTokens, completionTokens, ms, createdAt, status,
      })),
      errors: errors.map(({ path, reason, at }) => ({ path, reason, at })).sort((x, y) => compare(x.path, y.path)),
      settings: [...settings].filter(([key]) => !keep.has(key)).sort(([a], [b]) => compare(a, b)),
    };
  };
  const [a, b] = await Promise.all([read(source), read(target)]);
  same('counts', a.counts, b.counts);
  same('photos', a.photos, b.photos);
  same('paths', a.files, b.files);
  same('faces', a.faces, b.faces);
  same('people', a.people, b.people);
  same('constraints', a.constraints, b.constraints);
  same('suggestions', a.suggestions, b.suggestions);
  same('scan errors', a.errors, b.errors);
  same('settings', a.settings, b.settings);
  return differences;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 40);
  return `source …${a.slice(from, i + 40)}… target …${b.slice(from, i + 40)}…`;
}
