import { expect, test, type Api, type Face, type Paged, type Person } from './support/fixtures.js';

interface Photo {
  id: string;
  faces: number;
}

/** A group photo with a face that belongs to someone, and another person (named) to say it really is. */
async function groupPhoto(api: Api): Promise<{ photoId: string; face: Face; other: Person }> {
  const photos = (await api.get<Paged<Photo>>('/api/photos?limit=500')).items.filter((p) => p.faces >= 3);
  for (const photo of photos) {
    const { faceList } = await api.get<{ faceList: Face[] }>(`/api/photos/${photo.id}`);
    const face = faceList.find((f) => f.personId !== null);
    if (face === undefined) continue;
    const people = (await api.get<Paged<Person>>('/api/people?sort=faces&limit=500')).items;
    const candidate = people.find((p) => p.id !== face.personId)!;
    const other = candidate.name === null ? await api.send<Person>('PATCH', `/api/people/${candidate.id}`, { name: 'Quinn Photo' }) : candidate;
    return { photoId: photo.id, face, other };
  }
  throw new Error('no group photo with an assigned face');
}

test("a box on a photo is corrected to another person; the box's name follows and persists; arrows go to the next photo", async ({ app, api }) => {
  const { photoId, face, other } = await groupPhoto(api);
  await app.goto(`/photos/${photoId}`);
  const box = app.locator(`button.face-box[data-face-id="${face.id}"]`);
  await expect(box).toBeVisible();
  await box.click();
  const picker = app.getByRole('combobox', { name: 'Correct: who is this really?' });
  await expect(picker).toBeFocused();
  await picker.fill(other.name!.slice(0, 5));
  await app.getByRole('option', { name: new RegExp(other.name!) }).click();
  await expect(app.getByText(`This face is now ${other.name}`)).toBeVisible();
  await expect(box).toHaveAccessibleName(new RegExp(`^Face: ${other.name}`));

  expect((await api.get<Face>(`/api/faces/${face.id}`)).personId).toBe(other.id);
  await app.reload();
  await expect(app.locator(`button.face-box[data-face-id="${face.id}"]`)).toHaveAccessibleName(new RegExp(`^Face: ${other.name}`));

  await expect(app.getByRole('button', { name: 'Next →' })).toBeEnabled();
  await app.locator('body').press('ArrowRight');
  await expect(app).not.toHaveURL(new RegExp(photoId));
  await app.locator('body').press('ArrowLeft');
  await expect(app).toHaveURL(new RegExp(photoId));
});
