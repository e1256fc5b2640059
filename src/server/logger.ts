import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

/** Structured JSON lines to stdout and to <library>/logs/serve.log (appended, so restarts keep their history). */
export function serverLogger(libraryDir: string, level: string): Logger {
  const dir = join(libraryDir, 'logs');
  mkdirSync(dir, { recursive: true });
  return pino(
    { level, base: { pid: process.pid }, redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[hidden]' } },
    pino.multistream([
      { level: level as pino.Level, stream: process.stdout },
      { level: level as pino.Level, stream: pino.destination({ dest: join(dir, 'serve.log'), append: true, sync: false }) },
    ]),
  );
}
