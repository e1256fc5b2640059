import { z } from 'zod';
import { PHOTO_IMAGE_SIZE } from '../../library/photo-image.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../library/page.js';

/**
 * The /api library routes' shapes (docs/http-api.md "Shapes" and "Library"). Ids are checked here by pattern, so a
 * path, a traversal or a query fragment in an id is a 400 before any service sees it.
 */

export const PersonId = z.string().regex(/^p\d{1,15}$/, 'a person id is p<number>, e.g. p12');
export const FaceId = z
  .string()
  .regex(/^[0-9a-f]{16}\.[a-z0-9][a-z0-9._-]{0,63}\.\d{1,6}$/, 'a face id is <16 hex>.<pack>.<index>, e.g. 0123456789abcdef.yunet-w600k.0');
export const PhotoId = z.string().regex(/^[0-9a-f]{64}$/, 'a photo id is its sha256: 64 lower-case hex digits');

/** Any text a person may be called, quotes and all; only control characters (new lines, NUL) are refused. */
export const PersonName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'a name cannot hold control characters (new lines, tabs, NUL)')
  .describe('stored as given, less surrounding spaces; unique ignoring case');

const FaceIds = z.array(FaceId).min(1).max(MAX_PAGE_SIZE);

export { Problem } from './problem.js';

// ---- shapes of answers

export const Person = z.object({
  id: z.string(),
  name: z.string().nullable(),
  hidden: z.boolean(),
  faces: z.number().int(),
  photos: z.number().int(),
  coverFaceId: z.string().nullable().describe('the best-quality face, for the thumbnail'),
});

export const Face = z.object({
  id: z.string(),
  photoId: z.string(),
  box: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
  score: z.number(),
  quality: z.object({ size: z.number(), sharpness: z.number(), frontal: z.number(), overall: z.number() }),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  source: z.enum(['auto', 'user']).nullable().describe('who decided the assignment: clustering or a person'),
  similarity: z.number().optional().describe("cosine similarity to the person's mean embedding"),
});

export const Photo = z.object({
  id: z.string(),
  path: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  takenAt: z.string().nullable(),
  faces: z.number().int(),
});

export const PhotoWithFaces = Photo.extend({ faceList: z.array(Face) });

const pageOf = <T extends z.ZodTypeAny>(item: T) => z.object({ total: z.number().int(), items: z.array(item) });
export const PersonPage = pageOf(Person);
export const FacePage = pageOf(Face);
export const PhotoPage = pageOf(Photo);

export const Timeline = z.object({ items: z.array(Photo) });
export const Companions = z.object({
  items: z.array(z.object({ personId: z.string(), name: z.string().nullable(), photos: z.number().int() })),
});
export const Rejected = z.object({ rejected: z.number().int() });
export const SearchAnswer = z.object({ people: z.array(Person) });
export const Graph = z.object({
  nodes: z.array(z.object({ id: z.string(), name: z.string().nullable(), photos: z.number().int(), faces: z.number().int() })),
  edges: z.array(z.object({ source: z.string(), target: z.string(), photos: z.number().int() })),
});

// ---- requests

export const PageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(0).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

export const PeopleQuery = PageQuery.extend({
  sort: z.enum(['faces', 'name', 'recent']).default('faces').describe('recent: latest photo (capture time) first'),
  filter: z.enum(['all', 'named', 'unnamed', 'hidden']).default('all').describe('all, named and unnamed leave hidden people out'),
  q: z.string().max(200).optional().describe('part of a name, ignoring case'),
});

export const PersonFacesQuery = PageQuery.extend({
  order: z.enum(['quality', 'least-similar']).default('quality'),
});

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD')
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'no such day');

export const PhotosQuery = PageQuery.extend({
  people: z
    .string()
    .optional()
    .transform((list, ctx) => {
      const ids = (list ?? '').split(',').filter((id) => id !== '');
      for (const id of ids) if (!PersonId.safeParse(id).success) ctx.addIssue({ code: 'custom', message: `"${id}" is not a person id (p<number>)` });
      return ids;
    })
    .describe('person ids, comma-separated: photos showing all of them'),
  from: Day.optional().describe('first capture day, inclusive'),
  to: Day.optional().describe('last capture day, inclusive'),
}).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from is after to', path: ['from'] });

export const PhotoImageQuery = z.object({
  size: z.coerce
    .number()
    .int()
    .min(PHOTO_IMAGE_SIZE.min)
    .max(PHOTO_IMAGE_SIZE.max)
    .default(PHOTO_IMAGE_SIZE.default)
    .describe('longest side in pixels (never enlarged)'),
});

export const SearchQuery = z.object({ q: z.string().max(200).default('') });

export const PersonParams = z.object({ id: PersonId });
export const FaceParams = z.object({ id: FaceId });
export const PhotoParams = z.object({ id: PhotoId });

export const CreatePersonBody = z.object({ name: PersonName.nullable().optional(), faceIds: z.array(FaceId).max(MAX_PAGE_SIZE).optional() });
export const PatchPersonBody = z
  .object({ name: PersonName.nullable().optional().describe('null takes the name away'), hidden: z.boolean().optional() })
  .strict();
export const MergeBody = z.object({ from: z.array(PersonId).min(1).max(MAX_PAGE_SIZE) });
export const FaceIdsBody = z.object({ faceIds: FaceIds });
export const MoveBody = z.object({ faceIds: FaceIds, to: PersonId });
