/**
 * facetag as a library: `import { openLibrary } from 'facetag'`. The same services the CLI commands and the HTTP
 * server use; open a library, call it, close it.
 *
 *   const lib = await openLibrary({ library: '/photos/.facetag' });
 *   const { faces } = await lib.recognize(await readFile('party.jpg'));
 *   await lib.close();
 */
export { FacetagLibrary, openLibrary, type OpenLibraryOptions } from './api/facetag-library.js';
export { PersonHandle } from './api/person-handle.js';
export type { LibraryScanOptions, LibraryScanOutcome } from './api/scan-api.js';
export type { JsonExportSummary, ReclusterOptions, ReclusterOutcome, WriteXmpSidecarsOptions, XmpSidecarReport } from './api/library-upkeep.js';
export type { Config, ConfigInput } from './config/config.js';
export type { Box, Embedding, FaceQuality, Landmarks5, Point } from './domain/types.js';

// Inference: detect, embed, recognize.
export type {
  AlignedEmbedding,
  DetectResult,
  EmbeddedFace,
  EmbedResult,
  InferenceTimings,
  InferredFace,
  PersonMatch,
  RecognizedFace,
  RecognizeResult,
} from './inference/inference-results.js';
export { ImageRejectedError, type ImageProblem, type ImageProblemKind } from './inference/image-problem.js';
export type { PoolWatcher } from './jobs/local/thread-pool-runner.js';
export type { AnalyseOutcome, AnalyseTask, PhotoJobRunner } from './jobs/job-runner.js';

// The library: people, faces, photos.
export { ConflictError, InvalidRequestError, LibraryRequestError, NotFoundError } from './library/library-errors.js';
export type { Page, PageRequest } from './library/page.js';
export type { PeopleFilter, PeopleQuery, PeopleSort } from './people/people-listing.js';
export type { PersonView } from './people/person-view.js';
export type { FaceOnPhoto, LibrarySummary, PersonSummary, PhotoRecord, RunRecord, ScanError } from './api/library-records.js';
export type { FaceView } from './people/face-view.js';
export type { PhotoDetails, PhotoView } from './library/photo-view.js';
export type { PhotoQuery } from './library/photo-listing.js';
export type { EncodedImage, ImageFormat } from './library/photo-image.js';
export type { CooccurrenceGraph, GraphEdge, GraphNode } from './library/cooccurrence-graph.js';
