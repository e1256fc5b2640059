import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Neo4jConnection } from '../catalog/neo4j/connection.js';
import { checkNeo4jConnection } from '../catalog/neo4j/startup-check.js';
import { parseNeo4jUrl } from '../catalog/neo4j/neo4j-url.js';
import type { Config } from '../config/config.js';
import { bestAvailablePack, knownPacks, locatePack } from '../models/pack-registry.js';
import type { PackManifest } from '../models/pack-manifest.js';
import { checkS3Reachable } from '../objects/s3/check-s3-reachable.js';
import { probeQueue } from '../queue/bullmq/queue-probe.js';
import type { QueueSettings } from '../queue/queue-settings.js';
import { graphSettingsFor } from './graph-settings-for.js';
import { currentPack, openLibrary } from './open-library.js';
import { s3SettingsFor } from './s3-settings-for.js';
import { nativeModuleChecks } from './native-module-checks.js';
import { within } from './within.js';
import { isSupportedNode, MINIMUM_NODE } from '../cli/node-version.js';

/** One line of `facetag doctor`: what was checked, whether it is right, what was found, and what to do if not. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix: string | null;
}

/** A server that does not answer in this long is reported as down rather than waited for. */
const SERVER_TIMEOUT_MS = 15_000;

export function nodeVersionCheck(version: string = process.versions.node): Check {
  const ok = isSupportedNode(version);
  return {
    name: 'Node.js version',
    ok,
    detail: `${version} (needs ${MINIMUM_NODE.join('.')} or newer)`,
    fix: ok ? null : `install Node.js ${MINIMUM_NODE.join('.')} or newer (e.g. the current LTS), then npm rebuild`,
  };
}

/** A pack as `models list` shows it: known by its manifest, installed when every weights file is found and right. */
export interface PackReport {
  manifest: PackManifest;
  installed: boolean;
  missing: string[];
  /** Files found under the right name whose sha256 is wrong (a partial download, another version). */
  badChecksum: string[];
}

export async function packReports(modelDirs: readonly string[]): Promise<PackReport[]> {
  return Promise.all(
    knownPacks().map(async (manifest) => {
      const where = await locatePack(manifest, modelDirs);
      return where.available
        ? { manifest, installed: true, missing: [], badChecksum: [] }
        : { manifest, installed: false, missing: where.missing, badChecksum: where.badChecksum };
    }),
  );
}

/**
 * Everything `facetag doctor` checks, in the order it prints them: Node, native modules, the model folders named in
 * FACETAG_MODELS_PATH, each configured server, the library's catalog, the library's pack weights, the other packs.
 */
export async function doctorChecks(config: Config, queue: QueueSettings | null, extraModelDirs: readonly string[]): Promise<Check[]> {
  const checks: Check[] = [nodeVersionCheck(), ...(await nativeModuleChecks())];
  for (const dir of extraModelDirs) {
    const ok = existsSync(dir);
    checks.push({
      name: 'model folder',
      ok,
      detail: ok ? dir : `${dir} (from FACETAG_MODELS_PATH) does not exist`,
      fix: ok ? null : 'point FACETAG_MODELS_PATH at the folder holding the weights (":"-separated), or pull a pack: facetag models pull <pack>',
    });
  }
  const servers = await serverChecks(config, queue);
  checks.push(...servers);
  const { pack, check } = await libraryPackCheck(config, servers.every((c) => c.ok));
  if (check) checks.push(check);
  const reports = await packReports(config.modelDirs);
  checks.push(...packChecks(pack, reports, config.modelDirs));
  return checks;
}

/** Each server the settings name (graph, object store, queue) answers and accepts the login. */
export async function serverChecks(config: Config, queue: QueueSettings | null): Promise<Check[]> {
  const checks: Promise<Check>[] = [];
  if (config.graph) {
    const url = config.graph;
    let where = url;
    try {
      where = parseNeo4jUrl(url).url; // never the password
    } catch {
      where = 'the --graph URL';
    }
    checks.push(
      serverCheck('graph (Neo4j)', where, 'start Neo4j there, or fix --graph / FACETAG_GRAPH and the login (FACETAG_GRAPH_USER, FACETAG_GRAPH_PASSWORD)', async () => {
        // Few retries: a doctor reports a server that is away instead of riding out a restart.
        const settings = { ...graphSettingsFor(url, config), retryTimeMs: 2000 };
        const connection = Neo4jConnection.create(settings);
        try {
          await checkNeo4jConnection(connection, settings.user);
        } finally {
          await connection.close().catch(() => {});
        }
      }),
    );
  }
  if (config.objects) {
    const url = config.objects;
    checks.push(
      serverCheck('object store (S3)', url, 'start the S3 server or create the bucket; check FACETAG_S3_ENDPOINT and the keys (FACETAG_S3_ACCESS_KEY, FACETAG_S3_SECRET_KEY)', () =>
        checkS3Reachable(s3SettingsFor(url, config)),
      ),
    );
  }
  if (queue) {
    checks.push(serverCheck('queue (Redis)', queue.display, 'start redis-server there, or fix --queue / FACETAG_QUEUE', () => probeQueue(queue, 5000)));
  }
  return Promise.all(checks);
}

async function serverCheck(name: string, where: string, fix: string, probe: () => Promise<unknown>): Promise<Check> {
  try {
    await within(probe(), SERVER_TIMEOUT_MS);
    return { name, ok: true, detail: `${where} answers`, fix: null };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { name, ok: false, detail: reason.includes(where) ? reason : `${where}: ${reason}`, fix };
  }
}

/**
 * The pack the library holds embeddings of. The catalog is opened only when it exists (an embedded library) or
 * its server answered (a graph): a doctor creates nothing. Before the first scan, the pack a scan would choose.
 */
async function libraryPackCheck(config: Config, serversOk: boolean): Promise<{ pack: string | null; check: Check | null }> {
  const firstScanPack = async (): Promise<string> => config.pack ?? (await bestAvailablePack(config.modelDirs)).manifest.name;
  const exists = config.graph ? serversOk : existsSync(join(config.library, 'catalog.sqlite'));
  if (!exists) {
    const unknown = config.graph !== undefined;
    return { pack: unknown ? config.pack ?? null : await firstScanPack(), check: null };
  }
  try {
    const library = await within(openLibrary(config), SERVER_TIMEOUT_MS);
    try {
      const pack = (await currentPack(library)) ?? (await firstScanPack());
      return { pack, check: { name: 'catalog', ok: true, detail: library.describeCatalog(), fix: null } };
    } finally {
      await library.close();
    }
  } catch (err) {
    return {
      pack: config.pack ?? null,
      check: { name: 'catalog', ok: false, detail: err instanceof Error ? err.message : String(err), fix: 'see the reason; facetag status shows the library' },
    };
  }
}

/** The library's pack must be installed with the right checksums; the other packs are listed, not required. */
export function packChecks(pack: string | null, reports: readonly PackReport[], modelDirs: readonly string[]): Check[] {
  const checks: Check[] = [];
  const mine = reports.find((r) => r.manifest.name === pack);
  if (pack !== null && mine) {
    const problems = [
      ...(mine.missing.length > 0 ? [`missing ${mine.missing.join(', ')}`] : []),
      ...(mine.badChecksum.length > 0 ? [`wrong checksum: ${mine.badChecksum.join(', ')}`] : []),
    ];
    checks.push({
      name: `model pack ${pack} (the library's)`,
      ok: mine.installed,
      detail: mine.installed ? 'weights found, checksums right' : `${problems.join('; ')}; searched ${modelDirs.join(', ')}`,
      fix: mine.installed ? null : `facetag models pull ${pack}, or set FACETAG_MODELS_PATH to the folder holding its weights`,
    });
  } else if (pack === null) {
    checks.push({ name: "model pack (the library's)", ok: true, detail: 'not known until the graph answers (see above)', fix: null });
  } else {
    checks.push({ name: `model pack ${pack} (the library's)`, ok: false, detail: 'not a pack this facetag knows', fix: 'facetag models list shows the known packs; facetag models use <pack>' });
  }
  const others = reports.filter((r) => r.manifest.name !== pack);
  if (others.length > 0) {
    const list = others.map((r) => `${r.manifest.name} ${r.installed ? 'installed' : 'not installed'}`).join(', ');
    checks.push({ name: 'other model packs', ok: true, detail: list, fix: null });
  }
  return checks;
}
