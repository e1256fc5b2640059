import type { Page } from '@playwright/test';
import { expect, test, type Api, type Face, type Paged, type Person } from './support/fixtures.js';

/** A person with at least `faces` faces, and another one named `name` to move faces to. */
async function twoPeople(api: Api, faces: number, name: string): Promise<{ source: Person; target: Person }> {
  const people = (await api.get<Paged<Person>>('/api/people?sort=faces&limit=500')).items;
  const source = people.find((p) => p.faces >= faces && p.name === null) ?? people.find((p) => p.faces >= faces);
  if (source === undefined) throw new Error(`no person with ${faces} faces`);
  const other = people.find((p) => p.id !== source.id && p.faces >= 2)!;
  const target = other.name === null ? await api.send<Person>('PATCH', `/api/people/${other.id}`, { name }) : other;
  return { source, target };
}

async function firstFaceId(page: Page): Promise<string> {
  const tile = page.getByRole('list', { name: /^Faces of/ }).locator('[data-face-id]').first();
  await expect(tile).toBeVisible();
  return (await tile.getAttribute('data-face-id'))!;
}

test('a face moved out to another person (search box) leaves, and stays gone after a reload', async ({ app, api }) => {
  const { source, target } = await twoPeople(api, 3, 'Bea Target');
  await app.goto(`/people/${source.id}`);
  const faceId = await firstFaceId(app);
  await app.locator(`[data-face-id="${faceId}"]`).getByRole('button', { pressed: false }).click();
  const bar = app.getByRole('region', { name: 'Selected faces' });
  await expect(bar).toContainText('1 face selected');
  await bar.getByRole('button', { name: 'Move to…' }).click();
  await bar.getByRole('combobox', { name: 'Move the selected faces to' }).fill(target.name!.slice(0, 4));
  await app.getByRole('option', { name: new RegExp(target.name!) }).click();
  await expect(app.getByText(`Moved 1 face to ${target.name}`)).toBeVisible();

  const moved = await api.get<Face>(`/api/faces/${faceId}`);
  expect(moved.personId).toBe(target.id);
  await app.reload();
  await expect(app.getByText(`${source.faces - 1} faces`, { exact: false }).first()).toBeVisible();
  await expect(app.locator(`[data-face-id="${faceId}"]`)).toHaveCount(0);
});

test('a face marked "not this person" leaves the person for good, also after a reload', async ({ app, api }) => {
  const { source } = await twoPeople(api, 3, 'Bea Target');
  await app.goto(`/people/${source.id}`);
  await app.getByLabel('Least similar first').check();
  const faceId = await firstFaceId(app);
  await app.locator(`[data-face-id="${faceId}"]`).getByRole('button', { pressed: false }).click();
  await app.getByRole('region', { name: 'Selected faces' }).getByRole('button', { name: 'Not this person' }).click();
  await expect(app.getByText(/1 face will never be/)).toBeVisible();

  const face = await api.get<Face>(`/api/faces/${faceId}`);
  expect(face.personId).not.toBe(source.id);
  const left = await api.get<Person>(`/api/people/${source.id}`);
  expect(left.faces).toBe(source.faces - 1);
  await app.reload();
  await expect(app.getByRole('list', { name: /^Faces of/ }).locator('[data-face-id]').first()).toBeVisible();
  await expect(app.locator(`[data-face-id="${faceId}"]`)).toHaveCount(0);
});
