/**
 * What a user waits for on the people page and on one person's page, timed inside Chromium from the start of the
 * navigation (performance.now()), each run in a fresh browser context so nothing comes from the HTTP cache.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';

type SignedIn = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface PeopleRun {
  firstCardMs: number;
  firstScreenMs: number;
  scrollToEndMs: number;
  maxCards: number;
}

export interface PersonRun {
  firstCropsMs: number;
  scrollToEndMs: number;
  tilesAtStart: number;
  maxTiles: number;
  maxElements: number;
  heapUsedMb: number;
}

/**
 * The few browser globals the in-page functions use: the bench compiles without the DOM library, and a function
 * given to page.evaluate runs in the page, so it reaches them through its own globalThis (the window).
 */
interface DomImage {
  complete: boolean;
  naturalWidth: number;
  getBoundingClientRect(): { top: number; bottom: number; height: number };
}
interface Dom {
  document: {
    querySelector(selector: string): DomImage | null;
    querySelectorAll(selector: string): ArrayLike<DomImage>;
    getElementsByTagName(name: string): { length: number };
    documentElement: { scrollHeight: number };
  };
  innerHeight: number;
  scrollTo(x: number, y: number): void;
  requestAnimationFrame(callback: () => void): number;
}

const VIEWPORT = { width: 1360, height: 900 };

/** Opens the token link as a user does; the session cookie it leaves is reused by every run. */
export async function signIn(browser: Browser, url: string, token: string): Promise<SignedIn> {
  const context = await browser.newContext({ baseURL: url, viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(`/?token=${token}`);
  await page.waitForURL((u) => !u.search.includes('token='));
  const state = await context.storageState();
  await context.close();
  return state;
}

async function freshPage(browser: Browser, url: string, state: SignedIn): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: url, viewport: VIEWPORT, storageState: state });
  return { context, page: await context.newPage() };
}

/** Milliseconds since navigation start when `selector` first matches an element with a size. */
async function whenVisible(page: Page, selector: string): Promise<number> {
  const handle = await page.waitForFunction(
    (s) => {
      const element = (globalThis as unknown as Dom).document.querySelector(s);
      return element !== null && element.getBoundingClientRect().height > 0 ? performance.now() : false;
    },
    selector,
    { polling: 'raf', timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Milliseconds since navigation start when every `selector` image inside the viewport (at least one) has loaded. */
async function whenScreenLoaded(page: Page, selector: string): Promise<number> {
  const handle = await page.waitForFunction(
    (s) => {
      const dom = globalThis as unknown as Dom;
      const shown = Array.from(dom.document.querySelectorAll(s)).filter((img) => {
        const r = img.getBoundingClientRect();
        return r.bottom > 0 && r.top < dom.innerHeight && r.height > 0;
      });
      return shown.length > 0 && shown.every((img) => img.complete && img.naturalWidth > 0) ? performance.now() : false;
    },
    selector,
    { polling: 'raf', timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Jumps to the bottom of the page each frame (as End pressed repeatedly) until `target`'s image has loaded: the
 * pages the grid asks for as its end nears, their rendering and the last thumbnails. Counts `counted` on the way.
 */
async function scrollUntilLoaded(page: Page, target: string, counted: string): Promise<{ ms: number; maxCount: number; maxElements: number }> {
  return page.evaluate(
    async ({ target, counted }) => {
      const dom = globalThis as unknown as Dom;
      const { document } = dom;
      const started = performance.now();
      let maxCount = 0;
      let maxElements = 0;
      for (;;) {
        dom.scrollTo(0, document.documentElement.scrollHeight);
        await new Promise<void>((r) => dom.requestAnimationFrame(r));
        maxCount = Math.max(maxCount, document.querySelectorAll(counted).length);
        maxElements = Math.max(maxElements, document.getElementsByTagName('*').length);
        const img = document.querySelector(target);
        if (img !== null && img.complete && img.naturalWidth > 0) return { ms: performance.now() - started, maxCount, maxElements };
        if (performance.now() - started > 300_000) throw new Error(`${target} never loaded`);
      }
    },
    { target, counted },
  );
}

export async function timePeoplePage(browser: Browser, url: string, state: SignedIn, lastPersonId: string): Promise<PeopleRun> {
  const { context, page } = await freshPage(browser, url, state);
  try {
    await page.goto('/', { waitUntil: 'commit' });
    const firstCardMs = await whenVisible(page, 'article.person-card');
    const firstScreenMs = await whenScreenLoaded(page, 'article.person-card img.face-crop');
    const end = await scrollUntilLoaded(page, `a.person-card-face[href="/people/${lastPersonId}"] img`, 'article.person-card');
    return { firstCardMs, firstScreenMs, scrollToEndMs: end.ms, maxCards: end.maxCount };
  } finally {
    await context.close();
  }
}

export async function timePersonPage(browser: Browser, url: string, state: SignedIn, personId: string, lastFaceId: string): Promise<PersonRun> {
  const { context, page } = await freshPage(browser, url, state);
  try {
    await page.goto(`/people/${personId}`, { waitUntil: 'commit' });
    const firstCropsMs = await whenScreenLoaded(page, '.face-tile img.face-crop');
    const tilesAtStart = await page.locator('.face-tile').count();
    const end = await scrollUntilLoaded(page, `.face-tile[data-face-id="${lastFaceId}"] img`, '.face-tile');
    // The heap the page keeps with all 5,000 faces loaded, after a collection (garbage would make it noise).
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    return { firstCropsMs, scrollToEndMs: end.ms, tilesAtStart, maxTiles: end.maxCount, maxElements: end.maxElements, heapUsedMb: heap / 1024 / 1024 };
  } finally {
    await context.close();
  }
}
