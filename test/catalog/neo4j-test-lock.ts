import { createHash } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The Neo4j tests and benchmark wipe the whole database (Community edition has a single one), so two runs against
 * the same server at once would delete each other's data mid-test. A lock file per server URL makes a second run
 * wait for the first. A lock whose owner process is gone is taken over.
 */
export async function lockNeo4jServer(url: string, options: { timeoutMs?: number } = {}): Promise<() => void> {
  const file = join(tmpdir(), `facetag-neo4j-tests-${createHash('sha256').update(url).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let announced = false;
  for (;;) {
    // Written aside and linked into place, so the lock never exists without its owner's pid in it.
    const draft = `${file}.${process.pid}`;
    writeFileSync(draft, String(process.pid));
    try {
      linkSync(draft, file);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
    const owner = Number(readOwner(file));
    if (!Number.isInteger(owner) || owner <= 0 || !isAlive(owner)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the Neo4j at ${url} is still in use by the tests of process ${owner} (lock ${file})`);
    if (!announced) {
      console.warn(`waiting for process ${owner}, which is running tests against the Neo4j at ${url}`);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function readOwner(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
