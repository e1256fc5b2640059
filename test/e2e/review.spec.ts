import { apiClient, expect, test, type Face, type Paged, type Person } from './support/fixtures.js';
import { leaveDoubt } from './support/review-doubt.js';

interface Progress {
  answered: number;
  remaining: number;
}
interface Batch {
  questions: { id: string; kind: string }[];
  progress: Progress;
}

/** What the answers can change: who has how many faces, and how many faces are nobody's. */
async function librarySnapshot(api: { get<T>(p: string): Promise<T> }): Promise<string> {
  const people = (await api.get<Paged<Person>>('/api/people?limit=500&sort=name')).items.map((p) => `${p.id}:${p.faces}`);
  const unassigned = (await api.get<Paged<Face>>('/api/faces/unassigned?limit=1')).total;
  return `${people.join(',')} unassigned:${unassigned}`;
}

test.beforeAll(async () => {
  // Ten answers, then one to undo: the queue must hold more than that whatever the other files did before.
  expect(await leaveDoubt(apiClient()), 'questions in the review queue after naming faces by hand').toBeGreaterThanOrEqual(12);
});

test('ten review questions answered by keyboard: none comes back, and the answers changed the library', async ({ app, api, cli }) => {
  const snapshot = await librarySnapshot(api);
  const peopleBefore = cli('people', '--all', '--json');
  expect(peopleBefore.code, peopleBefore.stderr).toBe(0);
  const answeredBefore = (await api.get<Batch>('/api/review/next?count=1')).progress.answered;

  await app.goto('/review');
  const seen: string[] = [];
  // Yes to the first questions (assignments and merges), no to the rest (constraints): both change the library.
  const keys = ['y', 'y', 'n', 'y', 'n', 'y', 'n', 'y', 'n', 'y'];
  for (const key of keys) {
    const card = app.locator('.review-card');
    await expect(card).toBeVisible();
    const id = (await card.getAttribute('data-question-id'))!;
    expect(seen, `question ${id} was asked again`).not.toContain(id);
    seen.push(id);
    await app.keyboard.press(key);
    await expect(app.locator(`.review-card[data-question-id="${id}"]`)).toHaveCount(0);
    await expect(app.getByRole('status').filter({ hasText: `${answeredBefore + seen.length} answered` })).toBeVisible();
  }

  const next = await api.get<Batch>('/api/review/next?count=50');
  expect(next.progress.answered).toBe(answeredBefore + 10);
  for (const id of seen) expect(next.questions.map((q) => q.id)).not.toContain(id);
  expect(await librarySnapshot(api)).not.toBe(snapshot);
  const peopleAfter = cli('people', '--all', '--json');
  expect(peopleAfter.code, peopleAfter.stderr).toBe(0);
  expect(peopleAfter.stdout).not.toBe(peopleBefore.stdout);

  await app.reload();
  await expect(app.getByRole('status').filter({ hasText: `${answeredBefore + 10} answered` })).toBeVisible();
  const shown = await app.locator('.review-card').getAttribute('data-question-id').catch(() => null);
  if (shown !== null) expect(seen).not.toContain(shown);
});

test('U undoes the last answer', async ({ app, api }) => {
  await app.goto('/review');
  const card = app.locator('.review-card');
  await expect(card).toBeVisible();
  const before = (await api.get<Batch>('/api/review/next?count=1')).progress.answered;
  await app.keyboard.press('n');
  await expect(app.getByRole('status').filter({ hasText: `${before + 1} answered` })).toBeVisible();
  await app.keyboard.press('u');
  await expect(app.getByText('Last answer undone')).toBeVisible();
  expect((await api.get<Batch>('/api/review/next?count=1')).progress.answered).toBe(before);
});
