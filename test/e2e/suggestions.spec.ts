import { FacetagLibrary } from '../../src/api/facetag-library.js';
import { e2eSetting } from './support/e2e-env.js';
import { expect, test, type Paged, type Person } from './support/fixtures.js';

/*
 * The people page marks people with pending suggestions from a language model. The suggestions are stored straight
 * into the served library's catalog (as `facetag annotate` stores them); nothing over HTTP creates one.
 */
test('a person with pending suggestions carries a mark in the grid; deciding them all takes it away', async ({ app, api }) => {
  const people = (await api.get<Paged<Person>>('/api/people?filter=unnamed&sort=faces&limit=500')).items;
  const person = people.at(-1)!;
  const lib = await FacetagLibrary.open({ library: e2eSetting('library'), env: {} });
  let ids: string[];
  try {
    const common = { target: { type: 'person' as const, id: person.id }, evidence: ['e2e'], confidence: 0.5, model: 'e2e-model', promptVersion: 'e2e', promptTokens: 1, completionTokens: 1, ms: 1 };
    ids = await lib.backends.catalog.addSuggestions([
      { ...common, kind: 'name', value: 'Suggested Name' },
      { ...common, kind: 'description', value: 'in the e2e library' },
    ]);
  } finally {
    await lib.close();
  }
  await app.goto('/?filter=unnamed');
  const card = app.getByRole('article', { name: `unnamed ${person.id}` });
  await expect(card.getByText('2 suggestions')).toBeVisible();
  await expect(app.getByText(/\d+ suggestions?$/)).toHaveCount(1);

  for (const id of ids) expect(await api.send<{ decided: string }>('POST', `/api/suggestions/${id}/reject`)).toMatchObject({ decided: 'rejected' });
  await app.reload();
  await expect(card).toBeVisible();
  await expect(card.getByText(/suggestion/)).toHaveCount(0);
});

test("a person's page shows their suggestions with the evidence; accepting a name names them", async ({ app, api }) => {
  const people = (await api.get<Paged<Person>>('/api/people?filter=unnamed&sort=faces&limit=500')).items;
  const person = people.at(-2)!;
  const lib = await FacetagLibrary.open({ library: e2eSetting('library'), env: {} });
  let nameId: string;
  try {
    const common = { target: { type: 'person' as const, id: person.id }, confidence: 0.8, model: 'e2e-model', promptVersion: 'e2e', promptTokens: 1, completionTokens: 1, ms: 1 };
    [nameId] = await lib.backends.catalog.addSuggestions([
      { ...common, kind: 'name', value: 'Grace Example', evidence: ['folder Grace 2019'] },
      { ...common, kind: 'description', value: 'at the lab', evidence: [] },
    ]) as [string, string];
  } finally {
    await lib.close();
  }
  await app.goto(`/people/${person.id}`);
  const panel = app.getByRole('region', { name: 'Suggestions' });
  await expect(panel).toContainText('Grace Example');
  await expect(panel).toContainText('because: folder Grace 2019');
  await panel.getByRole('button', { name: `Accept name ${nameId}` }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Grace Example' })).toBeVisible();
  await expect.poll(async () => (await api.get<Person>(`/api/people/${person.id}`)).name).toBe('Grace Example');
  await expect(panel).not.toContainText('Grace Example');
  await expect(panel).toContainText('at the lab');
});
