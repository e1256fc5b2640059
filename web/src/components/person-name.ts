import type { Person } from '../api/types';

/** How a person is called on screen: their name, or "unnamed" with the id so that two unnamed people differ. */
export function displayName(person: { id: string; name: string | null }): string {
  return person.name ?? `unnamed ${person.id}`;
}

export function countsLine(person: Pick<Person, 'faces' | 'photos'>): string {
  return `${plural(person.faces, 'face')} · ${plural(person.photos, 'photo')}`;
}

const IRREGULAR: Record<string, string> = { person: 'people' };

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? word : (IRREGULAR[word] ?? `${word}s`)}`;
}
