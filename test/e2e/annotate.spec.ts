import { startServe } from '../server/support/serve-process.js';
import { cliEnv } from '../support/cli.js';
import { e2eSetting } from './support/e2e-env.js';
import { apiClient, expect, test, type Paged, type Person } from './support/fixtures.js';

/*
 * "Ask the model" on a person's page starts an annotation run on the server and follows it. The shared e2e server
 * has no language model, so the button is not there; a second `facetag serve` on the same library is given the REAL
 * llama-server of scripts/test-servers (LLM_URL), a tiny base model whose answers are nonsense: the test checks the
 * plumbing (the run ends, its counts show, its suggestions appear), not the words.
 */
test('a server without a language model shows no "Ask the model"', async ({ app, api }) => {
  const person = (await api.get<Paged<Person>>('/api/people?filter=unnamed&sort=faces&limit=500')).items.at(-3)!;
  await app.goto(`/people/${person.id}`);
  await expect(app.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Ask the model' })).toHaveCount(0);
});

test('"Ask the model" asks about the person and shows what the run made', async ({ page }) => {
  const llmUrl = process.env.LLM_URL;
  if (!llmUrl) throw new Error('this test needs the test servers: eval "$(scripts/test-servers up)", then run it again from the same shell (LLM_URL is missing)');
  const api = apiClient();
  const person = (await api.get<Paged<Person>>('/api/people?filter=unnamed&sort=faces&limit=500')).items.at(-3)!;
  const server = await startServe(['--llm-url', llmUrl], cliEnv(e2eSetting('library')));
  try {
    await page.goto(`${server.url}/?token=${e2eSetting('token')}`);
    await expect(page).not.toHaveURL(/token=/);
    await page.goto(`${server.url}/people/${person.id}`);
    await page.getByRole('button', { name: 'Ask the model' }).click();
    const progress = page.getByRole('region', { name: 'Language model' }).getByRole('status');
    // The tiny model takes seconds to minutes on a busy machine; the run ends either way.
    await expect(progress).not.toHaveAttribute('data-state', 'running', { timeout: 300_000 });
    await expect(progress).toHaveAttribute('data-state', 'finished');
    await expect(progress).toContainText(/The model made \d+ suggestions? \(\d+ tokens, \d+\.\d s\)|unusable/);
    const pending = (await api.get<{ items: { id: string; value: string }[] }>(`/api/suggestions?personId=${person.id}`)).items;
    if (pending.length > 0) await expect(page.getByRole('region', { name: 'Suggestions' })).toContainText(pending[0]!.value);
    // Other tests count the people with suggestions: these are rejected again.
    for (const s of pending) await api.send('POST', `/api/suggestions/${s.id}/reject`);
  } finally {
    await server.stop();
  }
});
