import { expect, test, type Face, type Paged, type Person } from './support/fixtures.js';

test('several unknown faces are named at once as a new person; they leave the unknown faces for good', async ({ app, api }) => {
  const before = await api.get<Paged<Face>>('/api/faces/unassigned?limit=500');
  expect(before.total).toBeGreaterThanOrEqual(3);
  await app.goto('/unknown');
  const grid = app.getByRole('list', { name: 'Unknown faces' });
  const tiles = grid.locator('[data-face-id]');
  await expect(tiles.first()).toBeVisible();
  const ids = await Promise.all([0, 1, 2].map(async (i) => (await tiles.nth(i).getAttribute('data-face-id'))!));

  await tiles.nth(0).getByRole('button', { pressed: false }).click();
  await tiles.nth(2).getByRole('button', { pressed: false }).click({ modifiers: ['Shift'] });
  const bar = app.getByRole('region', { name: 'Selected faces' });
  await expect(bar).toContainText('3 faces selected');
  const name = bar.getByRole('combobox', { name: 'Name them' });
  await name.fill('Group Named');
  await expect(app.getByRole('option', { name: /New person Group Named/ })).toBeVisible();
  await name.press('Enter');
  await expect(app.getByText('3 faces named Group Named')).toBeVisible();

  const found = (await api.get<{ people: Person[] }>('/api/search?q=Group%20Named')).people;
  expect(found.map((p) => p.name)).toEqual(['Group Named']);
  expect(found[0]!.faces).toBe(3);
  for (const id of ids) expect((await api.get<Face>(`/api/faces/${id}`)).personId).toBe(found[0]!.id);

  await app.reload();
  await expect(grid.locator('[data-face-id]').first()).toBeVisible();
  for (const id of ids) await expect(app.locator(`[data-face-id="${id}"]`)).toHaveCount(0);
  expect((await api.get<Paged<Face>>('/api/faces/unassigned?limit=1')).total).toBe(before.total - 3);
});
