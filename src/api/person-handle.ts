import type { Library } from '../library/open-library.js';
import type { Page } from '../library/page.js';
import { photoViews, type PhotoView } from '../library/photo-view.js';
import { toFaceView, type FaceView } from '../people/face-view.js';
import { mergeInto, rejectFaces, splitPerson } from '../people/people-service.js';
import { personFacesPage, type PersonFacesQuery } from '../people/person-faces.js';
import { requirePersonById } from '../people/person-lookup.js';
import { renamePerson } from '../people/person-naming.js';
import { companionsOfPerson, timelineOf, type Companion } from '../people/person-queries.js';
import { personView, type PersonView } from '../people/person-view.js';
import type { FaceOnPhoto, PhotoRecord } from './library-records.js';
import type { SerialWrites } from './serial-writes.js';

/**
 * One person, by id, and what can be asked of or done to them. Every call checks that the person still exists
 * (another request may have merged them away) and answers with the person as they are afterwards.
 * Corrections are recorded as constraints by the people service, so later clustering keeps them.
 */
export class PersonHandle {
  constructor(
    private readonly library: Library,
    private readonly writes: SerialWrites,
    readonly id: string,
  ) {}

  async info(): Promise<PersonView> {
    return personView(await requirePersonById(this.library.catalog, this.id));
  }

  /** A new name (kept as given, less surrounding spaces), or null for none; a name someone else has is a ConflictError. */
  rename(name: string | null): Promise<PersonView> {
    return this.write(() => renamePerson(this.library.catalog, this.id, name));
  }

  hide(): Promise<PersonView> {
    return this.write(() => this.library.catalog.setHidden(this.id, true));
  }

  unhide(): Promise<PersonView> {
    return this.write(() => this.library.catalog.setHidden(this.id, false));
  }

  /** Folds the other people into this one (their faces become the user's decisions); a name of theirs is taken if this one has none. */
  merge(fromIds: readonly string[]): Promise<PersonView> {
    return this.write(async () => {
      for (const id of fromIds) await requirePersonById(this.library.catalog, id);
      await mergeInto(this.library.catalog, this.id, fromIds);
    });
  }

  /** Moves the faces into a new person that clustering never merges back; answers with the new person. */
  split(faceIds: readonly string[]): Promise<PersonView> {
    return this.writes.run(async () => {
      await requirePersonById(this.library.catalog, this.id);
      const created = await splitPerson(this.library.catalog, this.id, faceIds);
      return personView(await requirePersonById(this.library.catalog, created));
    });
  }

  /** "Not this person": the faces leave for good (they may join someone else later). Answers how many left. */
  reject(faceIds: readonly string[]): Promise<number> {
    return this.writes.run(async () => {
      await requirePersonById(this.library.catalog, this.id);
      const unique = [...new Set(faceIds)];
      await rejectFaces(this.library.catalog, this.id, unique);
      return unique.length;
    });
  }

  async faces(query: PersonFacesQuery = {}): Promise<Page<FaceView>> {
    const person = await requirePersonById(this.library.catalog, this.id);
    return personFacesPage(this.library.catalog, person, query);
  }

  /** Every face of the person in the catalog's order (by photo, then position in it), with its photo's path. */
  async facesInPhotoOrder(): Promise<FaceOnPhoto[]> {
    const { catalog } = this.library;
    const person = await requirePersonById(catalog, this.id);
    const faces = await catalog.listFaces({ personId: this.id });
    const paths = new Map((await catalog.photosWithPeople([this.id])).map((photo) => [photo.sha256, photo.path]));
    const names = new Map([[person.id, person.name]]);
    return faces.map((face) => ({ ...toFaceView(face, names), photoPath: paths.get(face.photoSha256) ?? null }));
  }

  /** The person's photos in capture order, undated ones last. */
  async timeline(): Promise<PhotoView[]> {
    return photoViews(this.library.catalog, await this.timelineRecords());
  }

  /** timeline() with every field the catalog keeps of each photo. */
  async timelineRecords(): Promise<PhotoRecord[]> {
    await requirePersonById(this.library.catalog, this.id);
    return timelineOf(this.library, this.id);
  }

  /** Who appears with the person, most shared photos first. */
  async companions(): Promise<Companion[]> {
    await requirePersonById(this.library.catalog, this.id);
    return companionsOfPerson(this.library, this.id);
  }

  private write(change: () => Promise<unknown>): Promise<PersonView> {
    return this.writes.run(async () => {
      await requirePersonById(this.library.catalog, this.id);
      await change();
      return this.info();
    });
  }
}
