import type { z } from 'zod';
import type * as Library from '../../../src/server/schemas/library';
import type * as Review from '../../../src/server/schemas/review';
import type * as Work from '../../../src/server/schemas/work';
import type * as Suggestions from '../../../src/server/schemas/suggestions';

/**
 * The shapes of the HTTP API (docs/http-api.md), inferred from the server's own zod schemas
 * (src/server/schemas/), so that a renamed field breaks `npm run typecheck:web`, not a page. Type imports only:
 * nothing of the server reaches the bundle.
 */

export interface Page<T> {
  total: number;
  items: T[];
}

export type Person = z.infer<typeof Library.Person>;
export type Face = z.infer<typeof Library.Face>;
export type Box = Face['box'];
export type Photo = z.infer<typeof Library.Photo>;
export type PhotoWithFaces = z.infer<typeof Library.PhotoWithFaces>;
export type Companion = z.infer<typeof Library.Companions>['items'][number];
export type CoOccurrenceGraph = z.infer<typeof Library.Graph>;

export type PeopleSort = z.infer<typeof Library.PeopleQuery>['sort'];
export type PeopleFilter = z.infer<typeof Library.PeopleQuery>['filter'];
export type FaceOrder = z.infer<typeof Library.PersonFacesQuery>['order'];

export type ReviewBatch = z.infer<typeof Review.ReviewNext>;
export type ReviewProgress = ReviewBatch['progress'];
export type Question = ReviewBatch['questions'][number];
export type Answer = z.infer<typeof Review.ReviewAnswerBody>['answer'];
export type ReviewAnswered = z.infer<typeof Review.ReviewAnswered>;
export type ReviewUndone = z.infer<typeof Review.ReviewUndone>;

export type Scan = z.infer<typeof Work.Scan>;
export type ScanState = Scan['state'];
export type ScanError = z.infer<typeof Work.ScanErrors>['items'][number];
export type Jobs = z.infer<typeof Work.Jobs>;
export type Workers = z.infer<typeof Work.Workers>;
export type Worker = Workers['items'][number];
export type Status = z.infer<typeof Work.Status>;

export type Suggestion = z.infer<typeof Suggestions.SuggestionList>['items'][number];
export type Annotation = z.infer<typeof Suggestions.Annotation>;
