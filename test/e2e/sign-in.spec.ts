import { e2eSetting } from './support/e2e-env.js';
import { expect, test } from './support/fixtures.js';

test('without a session a page shows the token form; a wrong token is refused, the right one signs in and lasts', async ({ page }) => {
  await page.goto('/unknown');
  await expect(page.getByRole('heading', { name: 'Sign in to facetag' })).toBeVisible();

  await page.getByLabel('Access token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('That token was not accepted')).toBeVisible();

  await page.getByLabel('Access token').fill(e2eSetting('token'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Unknown faces' })).toBeVisible();
  // The server took the token out of the address when it set the cookie.
  expect(new URL(page.url()).search).toBe('');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Unknown faces' })).toBeVisible();
  await page.goto('/people/p1');
  await expect(page.getByRole('heading', { name: 'Sign in to facetag' })).toHaveCount(0);
});

test('the token link opens the app signed in', async ({ app }) => {
  await expect(app.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
  await expect(app.getByRole('list', { name: 'People' }).getByRole('listitem').first()).toBeVisible();
});
