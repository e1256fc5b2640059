import type { PersonFacts } from './person-facts.js';

/** One part of the evidence: a heading and its lines, most telling first (cutting drops lines from the end). */
export interface EvidenceSection {
  heading: string;
  /** What one line is, plural, for the note on what was cut ("file names"). */
  noun: string;
  lines: string[];
}

/** What facetag does not keep, said to the model so it does not take their absence for a fact. */
export const UNAVAILABLE = 'Not available: XMP keywords and titles, and captions other than those accepted above (facetag does not keep them).';

/** How many path components of a photo's folder are shown: enough for "2019/Alice birthday", not the user's home. */
export const FOLDER_DEPTH = 3;

/** The evidence about a person, from what the catalog knows: pure, so the same facts always give the same text. */
export function personEvidence(facts: PersonFacts): EvidenceSection[] {
  const { photos } = facts;
  const companions = facts.companions.map((c) => `${c.name} (${c.photos} ${plural(c.photos, 'photo')} together)`);
  if (facts.unnamedCompanions > 0) companions.push(`and ${facts.unnamedCompanions} ${plural(facts.unnamedCompanions, 'person')} without a name`);
  return [
    { heading: 'Folders of the photos (photo count)', noun: 'folders', lines: counted(photos.map((p) => folderOf(p.path))) },
    { heading: 'File names', noun: 'file names', lines: [...new Set(photos.map((p) => fileOf(p.path)))].sort() },
    { heading: 'Capture dates (EXIF)', noun: 'date lines', lines: dateLines(photos.map((p) => p.takenAt)) },
    { heading: 'Places (GPS, rounded; photo count)', noun: 'places', lines: counted(photos.flatMap((p) => (p.gps ? [place(p.gps)] : []))) },
    { heading: 'Cameras (photo count)', noun: 'cameras', lines: counted(photos.flatMap((p) => (p.camera ? [p.camera] : []))) },
    { heading: 'Named people on the same photos', noun: 'people', lines: companions },
    { heading: 'Captions and tags of the photos (accepted by the user)', noun: 'captions', lines: counted(facts.captions) },
  ];
}

/** Distinct values with how often each occurs, most frequent first, then alphabetically. */
function counted(values: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
    .map(([value, n]) => `${value} (${n})`);
}

function dateLines(takenAt: readonly (string | null)[]): string[] {
  const days = takenAt.flatMap((t) => (t === null ? [] : [t.slice(0, 10)])).sort();
  const undated = takenAt.length - days.length;
  if (days.length === 0) return [`no photo has a capture date (${undated} undated)`];
  const years = new Map<string, number>();
  for (const day of days) years.set(day.slice(0, 4), (years.get(day.slice(0, 4)) ?? 0) + 1);
  return [
    `${days[0]} to ${days[days.length - 1]}: ${days.length} dated, ${undated} undated`,
    ...[...years].map(([year, n]) => `in ${year}: ${n} ${plural(n, 'photo')}`),
  ];
}

export function folderOf(path: string): string {
  const parts = path.split(/[\\/]/).filter((part) => part !== '');
  return parts.slice(Math.max(0, parts.length - 1 - FOLDER_DEPTH), -1).join('/') || '(top folder)';
}

export function fileOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function place(gps: { lat: number; lon: number }): string {
  return `${gps.lat.toFixed(2)}, ${gps.lon.toFixed(2)}`;
}

function plural(n: number, word: string): string {
  if (n === 1) return word;
  return word === 'person' ? 'people' : `${word}s`;
}
