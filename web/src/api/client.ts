import { markSignedOut } from './session';
import type {
  Annotation,
  Answer,
  Companion,
  CoOccurrenceGraph,
  Face,
  FaceOrder,
  Jobs,
  Page,
  PeopleFilter,
  PeopleSort,
  Person,
  Photo,
  PhotoWithFaces,
  ReviewBatch,
  ReviewAnswered,
  ReviewUndone,
  Scan,
  ScanError,
  Status,
  Suggestion,
  Workers,
} from './types';

/** An answer other than 2xx, with the server's own words (`{ error, detail }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly detail: string,
  ) {
    super(detail === '' ? error : `${error}: ${detail}`);
  }
}

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'server unreachable', `${method} ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (response.status === 401) markSignedOut();
  if (!response.ok) throw await problemOf(response, method, path);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function problemOf(response: Response, method: string, path: string): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as { error?: unknown; detail?: unknown };
    if (typeof problem.error === 'string') return new ApiError(response.status, problem.error, typeof problem.detail === 'string' ? problem.detail : '');
  } catch {
    // not JSON: a proxy's page or an empty body
  }
  return new ApiError(response.status, `HTTP ${response.status}`, `${method} ${path}${text === '' ? '' : `: ${text.slice(0, 200)}`}`);
}

const get = <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query));
const post = <T>(path: string, body: unknown) => request<T>('POST', path, body);
const id = encodeURIComponent;

export type PageQuery = {
  offset?: number;
  limit?: number;
};

/** Image URLs: plain <img> requests carry the session cookie; the server sends ETag and Cache-Control. */
export const imageUrl = {
  crop: (faceId: string) => `/api/faces/${id(faceId)}/crop`,
  photo: (photoId: string, size?: number) => withQuery(`/api/photos/${id(photoId)}/image`, { size }),
};

export const api = {
  people: (q: { sort?: PeopleSort; filter?: PeopleFilter; q?: string } & PageQuery) => get<Page<Person>>('/api/people', q),
  person: (personId: string) => get<Person>(`/api/people/${id(personId)}`),
  createPerson: (body: { name?: string | null; faceIds?: string[] }) => post<Person>('/api/people', body),
  updatePerson: (personId: string, body: { name?: string | null; hidden?: boolean }) => request<Person>('PATCH', `/api/people/${id(personId)}`, body),
  personFaces: (personId: string, q: { order?: FaceOrder } & PageQuery) => get<Page<Face>>(`/api/people/${id(personId)}/faces`, q),
  merge: (into: string, from: string[]) => post<Person>(`/api/people/${id(into)}/merge`, { from }),
  split: (personId: string, faceIds: string[]) => post<Person>(`/api/people/${id(personId)}/split`, { faceIds }),
  reject: (personId: string, faceIds: string[]) => post<{ rejected: number }>(`/api/people/${id(personId)}/reject`, { faceIds }),
  moveFaces: (faceIds: string[], to: string) => post<Person>('/api/faces/move', { faceIds, to }),
  timeline: (personId: string) => get<{ items: Photo[] }>(`/api/people/${id(personId)}/timeline`),
  companions: (personId: string) => get<{ items: Companion[] }>(`/api/people/${id(personId)}/companions`),
  unassignedFaces: (q: PageQuery) => get<Page<Face>>('/api/faces/unassigned', q),
  face: (faceId: string) => get<Face>(`/api/faces/${id(faceId)}`),
  photos: (q: { people?: string; from?: string; to?: string } & PageQuery) => get<Page<Photo>>('/api/photos', q),
  photo: (photoId: string) => get<PhotoWithFaces>(`/api/photos/${id(photoId)}`),
  suggestions: (personId?: string) => get<{ items: Suggestion[] }>('/api/suggestions', { personId }),
  decideSuggestion: (suggestionId: string, verb: 'accept' | 'reject') =>
    post<{ decided: string; suggestion: Suggestion }>(`/api/suggestions/${id(suggestionId)}/${verb}`, {}),
  startAnnotation: (personIds: string[]) => post<Annotation>('/api/annotate', { personIds }),
  annotation: (runId: string) => get<Annotation>(`/api/annotate/${id(runId)}`),
  graph: () => get<CoOccurrenceGraph>('/api/graph'),
  search: (q: string) => get<{ people: Person[] }>('/api/search', { q }),

  reviewNext: (count: number) => get<ReviewBatch>('/api/review/next', { count }),
  answer: (questionId: string, answer: Answer) => post<ReviewAnswered>('/api/review/answers', { questionId, answer }),
  undo: () => post<ReviewUndone>('/api/review/undo', {}),

  startScan: (paths: string[]) => post<Scan>('/api/scans', { paths }),
  scans: () => get<{ items: Scan[] }>('/api/scans'),
  scan: (scanId: string) => get<Scan>(`/api/scans/${id(scanId)}`),
  stopScan: (scanId: string) => request<Scan>('DELETE', `/api/scans/${id(scanId)}`),
  scanEventsUrl: (scanId: string) => `/api/scans/${id(scanId)}/events`,
  errors: () => get<{ items: ScanError[] }>('/api/errors'),
  jobs: () => get<Jobs>('/api/jobs'),
  retryJobs: (stage: string, ids?: string[]) => post<{ count: number }>('/api/jobs/retry', { stage, ids }),
  dropJobs: (stage: string, ids?: string[]) => post<{ count: number }>('/api/jobs/drop', { stage, ids }),
  workers: () => get<Workers>('/api/workers'),
  status: () => get<Status>('/api/status'),
};
