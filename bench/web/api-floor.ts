/**
 * The floor under the pages: the same API calls the people page and the person page make (same queries, same page
 * sizes as web/src/api/queries.ts), fetched one after the other from Node, so page time / floor is what the
 * browser (bundle, rendering, thumbnails) adds.
 */
import { performance } from 'node:perf_hooks';

interface Paged {
  total: number;
  items: { id: string }[];
}

export interface FloorRun {
  /** GET /api/people, first page. */
  peopleFirstMs: number;
  /** Every page of /api/people, one after the other (what scrolling to the end loads). */
  peopleAllMs: number;
  /** GET /api/people/:id then the first page of its faces. */
  personFirstMs: number;
  /** The person and every page of their faces. */
  personAllMs: number;
  /** One face crop. */
  cropMs: number;
  lastPersonId: string;
  lastFaceId: string;
}

const PEOPLE_PAGE = 200;
const FACES_PAGE = 500;

async function getJson<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Fetches page after page until all are in; returns the time to the first one, to all of them, and the last item. */
async function allPages(pageUrl: (offset: number) => string, token: string, before: () => Promise<unknown> = async () => {}) {
  const started = performance.now();
  await before();
  let loaded = 0;
  let firstMs = 0;
  let last = '';
  for (;;) {
    const page = await getJson<Paged>(pageUrl(loaded), token);
    if (loaded === 0) firstMs = performance.now() - started;
    loaded += page.items.length;
    last = page.items.at(-1)?.id ?? last;
    if (page.items.length === 0 || loaded >= page.total) return { firstMs, allMs: performance.now() - started, last };
  }
}

export async function timeApiFloor(url: string, token: string, personId: string): Promise<FloorRun> {
  const people = await allPages((offset) => `${url}/api/people?sort=faces&filter=all&offset=${offset}&limit=${PEOPLE_PAGE}`, token);
  const faces = await allPages(
    (offset) => `${url}/api/people/${personId}/faces?order=quality&offset=${offset}&limit=${FACES_PAGE}`,
    token,
    () => getJson(`${url}/api/people/${personId}`, token),
  );
  const started = performance.now();
  const crop = await fetch(`${url}/api/faces/${faces.last}/crop`, { headers: { authorization: `Bearer ${token}` } });
  if (!crop.ok) throw new Error(`the crop of ${faces.last}: ${crop.status}`);
  await crop.arrayBuffer();
  return {
    peopleFirstMs: people.firstMs,
    peopleAllMs: people.allMs,
    personFirstMs: faces.firstMs,
    personAllMs: faces.allMs,
    cropMs: performance.now() - started,
    lastPersonId: people.last,
    lastFaceId: faces.last,
  };
}
