import type { Driver } from 'neo4j-driver';
import { describe, it } from 'vitest';

export const NEO4J_SETTINGS = ['NEO4J_URL', 'NEO4J_USER', 'NEO4J_PASSWORD'] as const;
export const S3_SETTINGS = ['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET'] as const;
/** llama-server's OpenAI-compatible base URL, up to /v1 (scripts/test-servers up llm). */
export const LLM_SETTINGS = ['LLM_URL'] as const;

/**
 * Describes `title` with the settings `scripts/test-servers up` exports. When one is missing the file gets a single
 * failing test that says how to start the servers. Not a skip: a green run without the servers would hide that the
 * production backends went untested.
 */
export function describeWithTestServers(title: string, required: readonly string[], body: (settings: Record<string, string>) => void): void {
  const missing = required.filter((name) => process.env[name] === undefined || process.env[name] === '');
  if (missing.length === 0) {
    body(Object.fromEntries(required.map((name) => [name, process.env[name]!])));
    return;
  }
  describe(title, () => {
    it('needs the test servers', () => {
      throw new Error(
        [
          `${title}: these tests need the test servers. Start them and export their settings with:`,
          '  eval "$(scripts/test-servers up)"',
          'then run the tests again from the same shell.',
          `Missing: ${missing.join(', ')}`,
        ].join('\n'),
      );
    });
  });
}

/** Empties the shared Neo4j. CALL ... IN TRANSACTIONS needs an auto-commit transaction: session.run, not executeQuery. */
export async function wipeNeo4j(driver: Driver): Promise<void> {
  const session = driver.session();
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}
