import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type Api, type Face, type Paged, type Person } from './support/fixtures.js';

/** Names for the demo library's people that no test has named, so the pictures show a library in use. */
const DEMO_NAMES = ['Ada Moreau', 'Ben Okafor', 'Chloé Martin', 'Dan Kowalski', 'Elif Demir', 'Farid Haddad', 'Grace Liu', 'Hugo Brandt', 'Ines Duarte', 'Jonas Berg'];

/**
 * Where the pictures go: a temporary folder, so a test run leaves the checkout as it was; `npm run screenshots` runs
 * the suite with FACETAG_SCREENSHOTS_DIR=docs/screenshots to renew the README's pictures.
 */
const SCREENSHOTS = resolve(process.env.FACETAG_SCREENSHOTS_DIR ?? join(tmpdir(), 'facetag-screenshots'));

async function shoot(page: Page, name: string): Promise<void> {
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
  // Every thumbnail on screen has arrived.
  await page.waitForFunction('[...document.images].every((img) => img.complete)');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/**
 * The person whose least similar face is still most like them, among people with a few faces: the tests before
 * this one merged some people on purpose, and a person page is best shown on someone who is one person.
 */
async function coherentPerson(api: Api): Promise<Person> {
  const people = (await api.get<Paged<Person>>('/api/people?sort=faces&limit=500')).items.filter((p) => p.faces >= 6 && p.name !== null);
  let best: { person: Person; worst: number } | null = null;
  for (const person of people) {
    const least = (await api.get<Paged<Face>>(`/api/people/${person.id}/faces?order=least-similar&limit=1`)).items[0];
    const worst = least?.similarity ?? -1;
    if (best === null || worst > best.worst) best = { person, worst };
  }
  if (best === null) throw new Error('no named person with 6 faces or more');
  return best.person;
}

test('screenshots of the people grid, a person, the review queue, the graph and the status page', async ({ app, api }) => {
  const unnamed = (await api.get<Paged<Person>>('/api/people?filter=unnamed&sort=faces&limit=500')).items;
  // Leave a few unnamed: the grid shows how they are named in place.
  for (const [i, person] of unnamed.slice(0, Math.max(0, unnamed.length - 3)).entries()) {
    if (i < DEMO_NAMES.length) await api.send('PATCH', `/api/people/${person.id}`, { name: DEMO_NAMES[i] });
  }
  const shown = await coherentPerson(api);

  await app.goto('/');
  await expect(app.getByRole('list', { name: 'People' }).getByRole('listitem').first()).toBeVisible();
  await shoot(app, 'people');

  await app.goto(`/people/${shown.id}`);
  await expect(app.getByRole('list', { name: /^Faces of/ }).locator('[data-face-id]').first()).toBeVisible();
  await app.getByRole('list', { name: /^Faces of/ }).locator('[data-face-id]').nth(1).getByRole('button').first().click();
  await shoot(app, 'person');

  await app.goto('/review');
  await expect(app.locator('.review-card, .empty-state')).toBeVisible();
  await shoot(app, 'review');

  await app.goto('/graph');
  await expect(app.locator('.graph-canvas canvas').first()).toBeVisible();
  // sigma draws on the next animation frames.
  await app.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
  await shoot(app, 'graph');

  await app.goto('/status');
  await expect(app.getByRole('article', { name: /^Catalog/ })).toBeVisible();
  await shoot(app, 'status');
});
