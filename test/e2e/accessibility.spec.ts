import { expect, expectAccessible, test, type Paged, type Person } from './support/fixtures.js';

interface Photo {
  id: string;
  faces: number;
}

test('the sign-in page has no serious or critical accessibility violation', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in to facetag' })).toBeVisible();
  await expectAccessible(page);
});

test('every page has no serious or critical accessibility violation', async ({ app, api }) => {
  const person = (await api.get<Paged<Person>>('/api/people?sort=faces&limit=1')).items[0]!;
  const photo = (await api.get<Paged<Photo>>('/api/photos?limit=500')).items.find((p) => p.faces > 0)!;
  const pages: [string, RegExp | string][] = [
    ['/', 'People'],
    [`/people/${person.id}`, new RegExp('.')],
    [`/people/${person.id}?tab=timeline`, new RegExp('.')],
    [`/people/${person.id}?tab=with`, new RegExp('.')],
    ['/unknown', 'Unknown faces'],
    ['/review', 'Review'],
    [`/photos/${photo.id}`, new RegExp('.')],
    [`/search?people=${person.id}`, 'Search photos'],
    ['/graph', 'Who appears with whom'],
    ['/status', 'Status'],
    ['/no-such-page', 'Nothing here'],
  ];
  for (const [path, heading] of pages) {
    await app.goto(path);
    await expect(app.getByRole('heading', { level: 1, name: heading }).first()).toBeVisible();
    await expect(app.getByText(/^Loading/)).toHaveCount(0);
    await expectAccessible(app);
  }
});

test('the keyboard reaches the people grid and a person from the header', async ({ app }) => {
  await app.goto('/');
  await app.keyboard.press('Tab');
  await expect(app.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  // Skip link, brand, six sections, then the page's search box.
  for (let i = 0; i < 8; i++) await app.keyboard.press('Tab');
  await expect(app.getByLabel('Search by name')).toBeFocused();
  const firstPerson = app.getByRole('list', { name: 'People' }).getByRole('link', { name: /^Open / }).first();
  await firstPerson.focus();
  await app.keyboard.press('Enter');
  await expect(app).toHaveURL(/\/people\/p\d+/);
});
