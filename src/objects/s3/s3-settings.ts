import { z } from 'zod';
import { normalizeKeyPrefix } from '../object-key.js';

const MiB = 1024 * 1024;

/**
 * Where and how to reach an S3-compatible bucket. Built by the caller (from flags, environment or a config file) and
 * passed in: nothing in src/objects/s3 reads process.env itself, the SDK's default credential chain aside.
 */
export const S3SettingsSchema = z.object({
  /** Omit for AWS S3 (the SDK derives it from the region); MinIO, versitygw and friends need it. */
  endpoint: z
    .url({ protocol: /^https?$/, error: 'endpoint must be an http:// or https:// URL' })
    .optional(),
  region: z.string().min(1).default('us-east-1'),
  /** bucket-in-the-path URLs; MinIO and most self-hosted servers need it because they have no wildcard DNS. */
  forcePathStyle: z.boolean().default(false),
  /** Omit to use the SDK's default chain (AWS_ACCESS_KEY_ID…, ~/.aws/credentials, SSO, instance roles). */
  credentials: z
    .object({
      accessKeyId: z.string().min(1),
      secretAccessKey: z.string().min(1),
      sessionToken: z.string().min(1).optional(),
    })
    .optional(),
  // Lenient on case and underscores: buckets made before AWS tightened its naming rules still exist.
  bucket: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/, 'not a valid bucket name'),
  /** Every key this store touches lives below it; "" uses the whole bucket. */
  prefix: z
    .string()
    .default('')
    .transform((prefix, ctx) => {
      try {
        return normalizeKeyPrefix(prefix);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** Attempts per request including the first; the SDK backs off exponentially with jitter between them. */
  maxAttempts: z.number().int().min(1).max(20).default(5),
  /** 'adaptive' also slows the client down when the server throttles (503 SlowDown), sparing a small NAS. */
  retryMode: z.enum(['standard', 'adaptive']).default('adaptive'),
  /** Objects above one part go up as multipart uploads; S3 refuses parts under 5 MiB. */
  partSize: z.number().int().min(5 * MiB).default(8 * MiB),
  /** Parts in flight per upload: memory use is about queueSize × partSize. */
  queueSize: z.number().int().min(1).max(32).default(4),
  /** A dead host should fail the start-up check in seconds, not hang it. */
  connectTimeoutMs: z.number().int().positive().default(5_000),
  /** An idle socket this long means a stuck server; counts idle time only, so large transfers are not cut short. */
  socketTimeoutMs: z.number().int().positive().default(60_000),
  /**
   * 'when_required' by default: since early 2025 the SDK adds CRC checksums to every upload, which several
   * S3-compatible servers reject or mishandle. AWS users may turn it on.
   */
  checksums: z.enum(['when_required', 'when_supported']).default('when_required'),
});

/** What callers write (defaults may be left out). */
export type S3SettingsInput = z.input<typeof S3SettingsSchema>;
/** What the store works with (defaults filled in, prefix normalised). */
export type S3Settings = z.output<typeof S3SettingsSchema>;

export function parseS3Settings(input: S3SettingsInput): S3Settings {
  const parsed = S3SettingsSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(`invalid S3 settings: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** For messages: the server people configured, or the AWS regional endpoint when they configured none. */
export function describeEndpoint(settings: Pick<S3Settings, 'endpoint' | 'region'>): string {
  return settings.endpoint ?? `AWS S3 (${settings.region})`;
}
