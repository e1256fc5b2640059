import type { Api, Face, Paged, Person } from './fixtures.js';

/** Names of the people the review tests name from one face, as a user would type them. */
const NAMES = ['Ana', 'Bo "the Bear"', "O'Neil", 'Zoë', '李', 'Ngozi', 'Søren', 'Ana-María', 'Kwame', 'Yuki', 'Priya', 'Luís'];

/**
 * Leaves doubt in the library as a user does: names one face of each of the biggest unnamed people by hand (as on
 * the unknown-faces page), so each named person of one face stands beside the unnamed cluster it came from, which the
 * review queue must ask about. The scanned library alone settles nearly every face (a few questions only), too few
 * for the review tests to answer ten and undo one. Answers how many questions the queue has afterwards.
 */
export async function leaveDoubt(api: Api): Promise<number> {
  // A retried test file runs this again on the same library: names given by the first run are not given twice.
  const named = new Set((await api.get<Paged<Person>>('/api/people?limit=500&filter=named')).items.map((p) => p.name));
  const names = NAMES.filter((name) => !named.has(name));
  const people = (await api.get<Paged<Person>>('/api/people?limit=500&filter=unnamed')).items.filter((p) => p.faces >= 3);
  for (const [i, person] of people.slice(0, names.length).entries()) {
    const [face] = (await api.get<Paged<Face>>(`/api/people/${person.id}/faces?limit=1`)).items;
    await api.send('POST', '/api/people', { name: names[i], faceIds: [face!.id] });
  }
  return (await api.get<{ progress: { remaining: number } }>('/api/review/next?count=1')).progress.remaining;
}
