import type { Writable } from 'node:stream';
import { resolveConfig, type Config, type ConfigInput } from '../config/config.js';
import { libraryPack, openLibrary as openBackends, type Library } from '../library/open-library.js';
import { thresholdsForPack } from '../clustering/pack-thresholds.js';
import { InferenceService } from '../inference/inference-service.js';
import type { AlignedEmbedding, DetectResult, EmbedResult, RecognizeResult } from '../inference/inference-results.js';
import { ThreadPoolRunner, type PoolWatcher } from '../jobs/local/thread-pool-runner.js';
import { analysisSetup } from '../library/scan-library.js';
import { findPack } from '../models/pack-registry.js';
import type { CooccurrenceGraph } from '../library/cooccurrence-graph.js';
import type { Page, PageRequest } from '../library/page.js';
import type { EncodedImage, ImageFormat } from '../library/photo-image.js';
import type { PhotoQuery } from '../library/photo-listing.js';
import type { PhotoDetails, PhotoView } from '../library/photo-view.js';
import type { FaceView } from '../people/face-view.js';
import type { PeopleQuery } from '../people/people-listing.js';
import type { PersonView } from '../people/person-view.js';
import { LibraryContent } from './library-content.js';
import { scanIntoLibrary, type LibraryScanOptions, type LibraryScanOutcome } from './scan-api.js';
import type { PersonHandle } from './person-handle.js';
import type { LibrarySummary, PersonSummary, PhotoRecord, ScanError } from './library-records.js';
import { librarySummary } from './library-summary.js';
import * as upkeep from './library-upkeep.js';
import { ReviewService, type QuestionView, type ReviewAnswer, type ReviewProgress } from '../review/review-service.js';

/** What `openLibrary` takes: the CLI's global flags, as options. Unset ones come from the environment as for the CLI. */
export interface OpenLibraryOptions extends ConfigInput {
  /** Defaults to process.env; pass {} to ignore the environment. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The library as a program uses it: the same services the CLI commands and the HTTP routes call.
 * Open it once, use it, close it (SQLite's WAL is checkpointed and the model threads end on close).
 */
export class FacetagLibrary {
  private closing: Promise<void> | null = null;
  private sharedPool: Promise<ThreadPoolRunner> | null = null;
  private readonly poolWatchers = new Set<PoolWatcher>();
  private inferenceService: InferenceService | null = null;

  private constructor(
    /** The backends (catalog, crop store) this library is made of. */
    readonly backends: Library,
    readonly config: Config,
  ) {}

  static async open(options: OpenLibraryOptions = {}): Promise<FacetagLibrary> {
    const { env = process.env, ...flags } = options;
    const config = resolveConfig(flags, env);
    return new FacetagLibrary(await openBackends(config), config);
  }

  /** The model pack whose embeddings this library holds (chosen and remembered on first use). */
  pack(): Promise<string> {
    return libraryPack(this.backends, this.config);
  }

  /**
   * The library's one worker-thread pool, created on first use with the library's pack and `config.jobs` threads,
   * whose threads load the models once and keep them: inference calls (detect, embed, recognize) run on it, and so
   * should scans in the same process, so that requests and scans share the loaded models and the thread limit.
   * For a scan pass `(await lib.pool()).lend()` as the scan's runner: closing that runner leaves the pool running.
   * The pool ends with close().
   */
  pool(): Promise<ThreadPoolRunner> {
    if (this.closing) return Promise.reject(new Error('the library is closed'));
    this.sharedPool ??= this.pack().then((pack) => {
      const watcher: PoolWatcher = {
        activity: (pending, threads) => this.poolWatchers.forEach((w) => w.activity?.(pending, threads)),
        analysed: (faces) => this.poolWatchers.forEach((w) => w.analysed?.(faces)),
      };
      return new ThreadPoolRunner({ ...analysisSetup(this.config, pack), warmUp: true }, this.config.jobs, watcher);
    });
    // A pool that could not start (a pack not installed) is not kept: the next call tries again.
    this.sharedPool.catch(() => (this.sharedPool = null));
    return this.sharedPool;
  }

  /** Tells `watcher` about the pool's tasks and analysed images (metrics), from now until the returned function is called. */
  watchPool(watcher: PoolWatcher): () => void {
    this.poolWatchers.add(watcher);
    return () => this.poolWatchers.delete(watcher);
  }

  private get inference(): InferenceService {
    this.inferenceService ??= new InferenceService({
      pool: () => this.pool(),
      thresholds: (pack) => thresholdsForPack(findPack(pack)),
      catalog: this.backends.catalog,
    });
    return this.inferenceService;
  }

  /** Faces in an image (bytes of any format facetag reads): boxes, landmarks, quality; throws ImageRejectedError for bad images. */
  detect(bytes: Uint8Array): Promise<DetectResult> {
    return this.inference.detect(bytes);
  }

  /** detect() with each face's embedding (L2-normalised, the pack's size). */
  embed(bytes: Uint8Array): Promise<EmbedResult> {
    return this.inference.embed(bytes);
  }

  /** The embedding of one face already aligned and cut to the pack's crop size (112x112 for ArcFace-style packs). */
  embedAligned(bytes: Uint8Array): Promise<AlignedEmbedding> {
    return this.inference.embedAligned(bytes);
  }

  /** detect() with each face's known person (the one clustering would put it with), or null. */
  recognize(bytes: Uint8Array): Promise<RecognizeResult> {
    return this.inference.recognize(bytes);
  }

  private libraryContent: LibraryContent | null = null;

  /** People, faces and photos: browsing and corrections (see LibraryContent). */
  private get content(): LibraryContent {
    this.libraryContent ??= new LibraryContent(this.backends, this.config, () => this.pack());
    return this.libraryContent;
  }

  /** A page of people: sorted by faces, name or recent (latest photo); filtered all (not hidden), named, unnamed or hidden. */
  people(query?: PeopleQuery): Promise<Page<PersonView>> {
    return this.content.people(query);
  }

  /** One person by id (NotFoundError otherwise): info, rename, hide, merge, split, reject, faces, timeline, companions. */
  person(id: string): Promise<PersonHandle> {
    return this.content.person(id);
  }

  /** A person as a user names them: an id (p12) or an exact name ignoring case; NotFoundError otherwise. */
  personByIdOrName(idOrName: string): Promise<PersonHandle> {
    return this.content.personByIdOrName(idOrName);
  }

  /** The person with this id or exact name (ignoring case), hidden ones included, or null. */
  findPerson(idOrName: string): Promise<PersonSummary | null> {
    return this.content.findPerson(idOrName);
  }

  /** Every person at once (no pages), most faces first, with a sample photo's path; hidden people only if asked. */
  allPeople(options?: { includeHidden?: boolean }): Promise<PersonSummary[]> {
    return this.content.allPeople(options);
  }

  searchPeople(q: string): Promise<PersonView[]> {
    return this.content.searchPeople(q);
  }

  /** A new person, named or not, holding these faces as the user's decision. */
  createPerson(name: string | null, faceIds?: readonly string[]): Promise<PersonView> {
    return this.content.createPerson(name, faceIds);
  }

  moveFaces(faceIds: readonly string[], to: string): Promise<PersonView> {
    return this.content.moveFaces(faceIds, to);
  }

  face(id: string): Promise<FaceView> {
    return this.content.face(id);
  }

  /** Faces of no one yet, similar ones side by side. */
  unassignedFaces(query?: PageRequest): Promise<Page<FaceView>> {
    return this.content.unassignedFaces(query);
  }

  faceCrop(id: string): Promise<EncodedImage> {
    return this.content.faceCrop(id);
  }

  faceCropTag(id: string): Promise<string> {
    return this.content.faceCropTag(id);
  }

  /** A page of photos showing all the given people, in a capture date range, in capture order. */
  photos(query?: PhotoQuery): Promise<Page<PhotoView>> {
    return this.content.photos(query);
  }

  /** Every photo showing all of these people (ids), by path, as the catalog records them. */
  photoRecordsShowing(personIds: readonly string[]): Promise<PhotoRecord[]> {
    return this.content.photoRecordsShowing(personIds);
  }

  photo(id: string): Promise<PhotoDetails> {
    return this.content.photo(id);
  }

  photoImage(id: string, size: number, format: ImageFormat): Promise<EncodedImage> {
    return this.content.photoImage(id, size, format);
  }

  photoImageTag(id: string, size: number, format: ImageFormat): Promise<string> {
    return this.content.photoImageTag(id, size, format);
  }

  /** Where the library is, its backends, counts, pack and last run; throws if the catalog does not answer. */
  summary(): Promise<LibrarySummary> {
    return librarySummary(this.backends, this.config);
  }

  /** Files that could not be analysed, with the reason, by path. */
  scanErrors(): Promise<ScanError[]> {
    return this.backends.catalog.listErrors();
  }

  /** The whole library as the documented JSON export, to a stream or into a file (a path). */
  exportJson(to: Writable | string): Promise<upkeep.JsonExportSummary> {
    return upkeep.exportJson(this.backends, to);
  }

  /** XMP sidecars with the face regions, beside each photo or below `outDir`; failing photos are listed in the report. */
  exportXmp(options?: upkeep.WriteXmpSidecarsOptions): Promise<upkeep.XmpSidecarReport> {
    return upkeep.exportXmp(this.backends, options);
  }

  /** Groups all automatically assigned faces again (locally, or by a worker with `queue`); the user's decisions stay. */
  async recluster(options?: upkeep.ReclusterOptions): Promise<upkeep.ReclusterOutcome | null> {
    const pack = await this.pack();
    return this.content.serially(() => upkeep.recluster(this.backends, pack, options));
  }

  /** Who appears with whom (co-occurrence on photos). */
  graph(): Promise<CooccurrenceGraph> {
    return this.content.graph();
  }

  /**
   * Scans folders or one s3:// prefix into the library: new and changed photos are analysed on the shared pool
   * (with `queue`, by `facetag worker` processes), then their faces grouped into people.
   */
  async scan(paths: string[], options: LibraryScanOptions = {}): Promise<LibraryScanOutcome> {
    const pack = await this.pack();
    return scanIntoLibrary({ backends: this.backends, config: this.config, pack, runner: async () => (await this.pool()).lend() }, paths, options);
  }

  private reviewService: { pack: string; service: ReviewService } | null = null;

  /** The review queue of the library's pack (one per library object, so undo reaches this session's answers). */
  private async review(): Promise<ReviewService> {
    const pack = await this.pack();
    if (this.reviewService?.pack !== pack) {
      this.reviewService = { pack, service: new ReviewService(this.backends.catalog, pack, thresholdsForPack(findPack(pack))) };
    }
    return this.reviewService.service;
  }

  /** The `count` most informative questions (best first) and the review's progress. */
  async reviewNext(count = 1): Promise<{ questions: QuestionView[]; progress: ReviewProgress }> {
    return (await this.review()).next(count);
  }

  /** Records an answer as the matching correction; a question that no longer applies is a ConflictError. */
  async reviewAnswer(questionId: string, answer: ReviewAnswer): Promise<{ applied: boolean; progress: ReviewProgress }> {
    return (await this.review()).answer(questionId, answer);
  }

  /** Takes back the latest answer (or skip) given through this library object. */
  async reviewUndo(): Promise<{ undone: string | null; progress: ReviewProgress }> {
    return (await this.review()).undo();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.libraryContent?.close();
      const pool = await this.sharedPool?.catch(() => null);
      await pool?.close();
      await this.backends.close();
    })();
    return this.closing;
  }
}

export const openLibrary = (options?: OpenLibraryOptions): Promise<FacetagLibrary> => FacetagLibrary.open(options);
