import { expect, test, type Paged, type Person } from './support/fixtures.js';

test('an unnamed person is named in the grid: type, Enter, and the next name field has the focus; it persists', async ({ app, api }) => {
  const unnamed = (await api.get<Paged<Person>>('/api/people?filter=unnamed&sort=faces&limit=500')).items;
  expect(unnamed.length).toBeGreaterThanOrEqual(2);
  const [first, second] = unnamed as [Person, Person];
  await app.goto('/?filter=unnamed');

  const field = app.getByLabel(`Name ${first.id}`);
  await field.fill('Alice Example');
  await field.press('Enter');
  await expect(app.getByLabel(`Name ${second.id}`)).toBeFocused();
  await expect.poll(async () => (await api.get<Person>(`/api/people/${first.id}`)).name).toBe('Alice Example');

  await app.goto('/');
  await app.reload();
  await expect(app.getByRole('link', { name: 'Alice Example', exact: true })).toBeVisible();
});

test('two people selected in the grid merge into one; the other is gone after a reload', async ({ app, api }) => {
  const people = (await api.get<Paged<Person>>('/api/people?filter=unnamed&sort=faces&limit=500')).items;
  const a = people.at(-2)!;
  const b = people.at(-1)!;
  await app.goto('/?filter=unnamed');
  await app.getByRole('checkbox', { name: `Select unnamed ${a.id}` }).check();
  await app.getByRole('checkbox', { name: `Select unnamed ${b.id}` }).check();
  const bar = app.getByRole('region', { name: 'Selected people' });
  await expect(bar).toContainText('2 selected');
  await bar.getByLabel('Merge into').selectOption(a.id);
  await bar.getByRole('button', { name: 'Merge 2' }).click();
  await expect(app.getByText(`Merged 1 person into unnamed ${a.id}`)).toBeVisible();

  const kept = await api.get<Person>(`/api/people/${a.id}`);
  expect(kept.faces).toBe(a.faces + b.faces);
  expect(await api.status(`/api/people/${b.id}`)).toBe(404);

  await app.reload();
  await expect(app.getByRole('checkbox', { name: `Select unnamed ${a.id}` })).toBeVisible();
  await expect(app.getByRole('checkbox', { name: `Select unnamed ${b.id}` })).toHaveCount(0);
});
