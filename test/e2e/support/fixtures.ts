import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import type { z } from 'zod';
import type * as Library from '../../../src/server/schemas/library.js';
import { cliEnv, runCli, type CliResult } from '../../support/cli.js';
import { e2eSetting } from './e2e-env.js';

/** The library's HTTP API with the token, to check what the pages did (never to do it for them). */
export interface Api {
  get<T>(path: string): Promise<T>;
  send<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** The status code of a GET, for what should not be there. */
  status(path: string): Promise<number>;
}

interface Fixtures {
  /** A page signed in through the token link, as a user opening the link facetag serve printed. */
  app: Page;
  api: Api;
  /** The facetag CLI on the same library. */
  cli: (...args: string[]) => CliResult;
}

/** A client of the served library's API, with the token. */
export function apiClient(): Api {
  const url = e2eSetting('url');
  const token = e2eSetting('token');
  const send = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  };
  const status = async (path: string) => (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).status;
  return { get: (path) => send('GET', path), send, status };
}

export const test = base.extend<Fixtures>({
  baseURL: async ({}, use) => use(e2eSetting('url')),
  app: async ({ page }, use) => {
    await page.goto(`/?token=${e2eSetting('token')}`);
    await expect(page).not.toHaveURL(/token=/);
    await use(page);
  },
  api: async ({}, use) => use(apiClient()),
  cli: async ({}, use) => {
    const env = cliEnv(e2eSetting('library'));
    await use((...args) => runCli(args, env));
  },
});

export { expect };

/** axe-core on the page as it is now: no serious or critical violation, each one named if there are. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(described, described.join('\n')).toEqual([]);
}

/** Shapes of the API answers the tests read: the server's own schemas. */
export type Person = z.infer<typeof Library.Person>;
export type Face = z.infer<typeof Library.Face>;
export type Paged<T> = { total: number; items: T[] };
