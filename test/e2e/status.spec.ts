import { join } from 'node:path';
import { e2eSetting } from './support/e2e-env.js';
import { expect, test } from './support/fixtures.js';

interface Scan {
  id: string;
  state: string;
  paths: string[];
  found: number;
  done: number;
}

test('the status page shows every component, starts a scan below --roots and follows it live to the end', async ({ app, api }) => {
  const before = await api.get<{ counts: { photos: number } | null }>('/api/status');
  await app.goto('/status');
  await expect(app.getByRole('article', { name: 'Catalog: healthy' })).toBeVisible();
  await expect(app.getByRole('article', { name: 'Object store: healthy' })).toBeVisible();
  await expect(app.getByRole('article', { name: 'Queue: not configured' })).toBeVisible();
  await expect(app.getByRole('heading', { name: 'Model packs' })).toBeVisible();
  // The library lives in a long temp path: its catalog's `where` must not push the backend's name out of the card.
  const catalog = app.getByRole('article', { name: 'Catalog: healthy' });
  const card = (await catalog.boundingBox())!;
  for (const value of [catalog.getByText('sqlite', { exact: true }), catalog.getByTitle(/catalog\.sqlite$/)]) {
    const box = (await value.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(card.x);
    expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width);
  }
  await expect(catalog.getByTitle(/catalog\.sqlite$/)).toContainText(/catalog\.sqlite/);

  const folder = join(e2eSetting('roots'), 'new-photos');
  await app.getByLabel('Folder to scan').fill(folder);
  await app.getByRole('button', { name: 'Start scan' }).click();
  const progress = app.locator('.scan-progress');
  await expect(progress).toBeVisible();
  // Followed through the event stream to its end, without a reload.
  await expect(progress).toHaveAttribute('data-state', 'finished', { timeout: 600_000 });
  await expect(progress).toContainText('2 of 2 photos');

  const scans = (await api.get<{ items: Scan[] }>('/api/scans')).items;
  const scan = scans.find((s) => s.paths.includes(folder));
  expect(scan?.state).toBe('finished');
  expect(scan?.found).toBe(2);
  const after = await api.get<{ counts: { photos: number } | null }>('/api/status');
  expect(after.counts!.photos).toBe(before.counts!.photos + 2);

  await app.reload();
  await expect(app.getByRole('table').filter({ hasText: folder })).toContainText('finished');
});

test('a scan outside --roots is refused with the reason on the page', async ({ app }) => {
  await app.goto('/status');
  await app.getByLabel('Folder to scan').fill('/etc');
  await app.getByRole('button', { name: 'Start scan' }).click();
  await expect(app.getByRole('alert').filter({ hasText: 'The scan did not start' })).toBeVisible();
});
