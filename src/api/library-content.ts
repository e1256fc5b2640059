import { thresholdsForPack } from '../clustering/pack-thresholds.js';
import type { Config } from '../config/config.js';
import { cooccurrenceGraph, type CooccurrenceGraph } from '../library/cooccurrence-graph.js';
import { faceCropImage, faceCropTag } from '../library/face-crop-image.js';
import type { Library } from '../library/open-library.js';
import type { Page, PageRequest } from '../library/page.js';
import { PhotoBytes } from '../library/photo-bytes.js';
import { photoImage, photoImageTag, type EncodedImage, type ImageFormat } from '../library/photo-image.js';
import { listPhotosPage, photoDetails, requirePhoto, type PhotoQuery } from '../library/photo-listing.js';
import type { PhotoDetails, PhotoView } from '../library/photo-view.js';
import { findPack } from '../models/pack-registry.js';
import { requireFace, requireFaces } from '../people/face-lookup.js';
import { personNames, toFaceView, type FaceView } from '../people/face-view.js';
import { listPeoplePage, searchPeople, type PeopleQuery } from '../people/people-listing.js';
import { moveFaces, requirePerson } from '../people/people-service.js';
import { requirePersonById } from '../people/person-lookup.js';
import { createPersonWithFaces } from '../people/person-naming.js';
import { personView, type PersonView } from '../people/person-view.js';
import { UnassignedFaces } from '../people/unassigned-faces.js';
import type { PersonSummary, PhotoRecord } from './library-records.js';
import { PersonHandle } from './person-handle.js';
import { SerialWrites } from './serial-writes.js';

/**
 * The people, faces and photos of a library as programs browse and correct them; FacetagLibrary hands its calls
 * here. Every answer is a plain view (docs/http-api.md "Shapes"); unknown ids are NotFoundError, clashes
 * ConflictError, impossible requests InvalidRequestError (src/library/library-errors.ts).
 */
export class LibraryContent {
  private readonly writes = new SerialWrites();
  private readonly photoBytes: PhotoBytes;
  private readonly unassigned: UnassignedFaces;

  constructor(
    private readonly library: Library,
    private readonly config: Config,
    pack: () => Promise<string>,
  ) {
    this.photoBytes = new PhotoBytes(config);
    this.unassigned = new UnassignedFaces(library.catalog, pack, (name) => thresholdsForPack(findPack(name)).clusterSimilarity);
  }

  people(query?: PeopleQuery): Promise<Page<PersonView>> {
    return listPeoplePage(this.library.catalog, query);
  }

  /** People whose name contains `q`, ignoring case, hidden ones included. */
  searchPeople(q: string): Promise<PersonView[]> {
    return searchPeople(this.library.catalog, q);
  }

  async person(id: string): Promise<PersonHandle> {
    await requirePersonById(this.library.catalog, id);
    return new PersonHandle(this.library, this.writes, id);
  }

  /** Every person at once, most faces first; hidden ones only when asked. */
  allPeople(options: { includeHidden?: boolean } = {}): Promise<PersonSummary[]> {
    return this.library.catalog.listPeople({ includeHidden: options.includeHidden === true });
  }

  /** The person with this id, else the one with this exact name ignoring case (hidden people too), else null. */
  findPerson(idOrName: string): Promise<PersonSummary | null> {
    return this.library.catalog.findPerson(idOrName);
  }

  /** person() for what a user types: an id (p12) or an exact name; NotFoundError saying how to find people otherwise. */
  async personByIdOrName(idOrName: string): Promise<PersonHandle> {
    const person = await requirePerson(this.library.catalog, idOrName);
    return new PersonHandle(this.library, this.writes, person.id);
  }

  /** Every photo showing all of these people (ids), by path. */
  async photoRecordsShowing(personIds: readonly string[]): Promise<PhotoRecord[]> {
    for (const id of new Set(personIds)) await requirePersonById(this.library.catalog, id);
    return this.library.catalog.photosWithPeople(personIds);
  }

  createPerson(name: string | null, faceIds: readonly string[] = []): Promise<PersonView> {
    return this.writes.run(async () => {
      const id = await createPersonWithFaces(this.library.catalog, name, [...new Set(faceIds)]);
      return personView(await requirePersonById(this.library.catalog, id));
    });
  }

  /** Puts the faces (from anyone, or from no one) into the person as the user's decision. */
  moveFaces(faceIds: readonly string[], to: string): Promise<PersonView> {
    return this.writes.run(async () => {
      const person = await requirePersonById(this.library.catalog, to);
      await requireFaces(this.library.catalog, faceIds);
      await moveFaces(this.library.catalog, [...new Set(faceIds)], person.id);
      return personView(await requirePersonById(this.library.catalog, to));
    });
  }

  async face(id: string): Promise<FaceView> {
    return toFaceView(await requireFace(this.library.catalog, id), await personNames(this.library.catalog));
  }

  unassignedFaces(query?: PageRequest): Promise<Page<FaceView>> {
    return this.unassigned.page(query);
  }

  async faceCrop(id: string): Promise<EncodedImage> {
    await requireFaces(this.library.catalog, [id]);
    return faceCropImage(this.library.objects, id);
  }

  photos(query?: PhotoQuery): Promise<Page<PhotoView>> {
    return listPhotosPage(this.library.catalog, query);
  }

  photo(id: string): Promise<PhotoDetails> {
    return photoDetails(this.library.catalog, id);
  }

  /** The photo upright, longest side at most `size`, as JPEG or WebP. */
  async photoImage(id: string, size: number, format: ImageFormat): Promise<EncodedImage> {
    const photo = await requirePhoto(this.library.catalog, id);
    const bytes = await this.photoBytes.read(photo);
    return photoImage({ sha256: photo.sha256, bytes }, size, format, this.config.maxPixels);
  }

  /** The tag photoImage() would give, without reading or resizing anything (for If-None-Match). */
  async photoImageTag(id: string, size: number, format: ImageFormat): Promise<string> {
    await requirePhoto(this.library.catalog, id);
    return photoImageTag(id, size, format);
  }

  /** The tag faceCrop() gives: a face's crop never changes. */
  async faceCropTag(id: string): Promise<string> {
    await requireFaces(this.library.catalog, [id]);
    return faceCropTag(id);
  }

  /** Runs a whole-library write (a re-clustering) in turn with the corrections made through this library. */
  serially<T>(write: () => Promise<T>): Promise<T> {
    return this.writes.run(write);
  }

  graph(): Promise<CooccurrenceGraph> {
    return cooccurrenceGraph(this.library);
  }

  close(): void {
    this.photoBytes.close();
  }
}
