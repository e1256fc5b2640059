import type { Command } from 'commander';
import { parsePositiveInt } from '../context.js';
import { addQueueOptions, queueSettingsFrom, type QueueFlags } from '../queue-options.js';
import { startServer } from '../../server/start-server.js';
import type { LlmSettingsFlags } from '../../llm/llm-settings.js';
import { addLlmOptions, llmSettingsFrom } from '../llm-options.js';
import type { ServeSettings } from '../../server/serve-settings.js';

interface ServeFlags extends QueueFlags, LlmSettingsFlags {
  host: string;
  port: string;
  only?: string;
  tlsCert?: string;
  tlsKey?: string;
  auth: boolean;
  cors?: string;
  maxUpload: number;
  roots?: string;
  graceMs: number;
  logLevel: string;
  maxPending: number;
}

export function registerServe(program: Command): void {
  addQueueOptions(
    addLlmOptions(
      program
        .command('serve')
        .description('HTTP server: face inference (/v1), the library (/api), its administration and the web app'),
    ),
  )
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', '8080')
    .option('--only <part>', 'serve only this part: inference (/v1/* and health, for other machines to call)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'the certificate\'s private key (PEM)')
    .option('--no-auth', 'no token (refused unless --host is a loopback address)')
    .option('--cors <origin>', 'allow this one origin to call the API from a browser')
    .option('--max-upload <MB>', 'largest upload in megabytes', parsePositiveInt, 50)
    .option('--roots <list>', 'folders or s3:// prefixes that scans started over HTTP may read, separated by ":" (env FACETAG_ROOTS)')
    .option('--grace-ms <ms>', 'on SIGTERM, how long requests in flight may take before the server leaves', parsePositiveInt, 10_000)
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace', 'info')
    .option('--max-pending <n>', 'inference requests running or waiting before new ones get 503', parsePositiveInt, 32)
    .action(async (opts: ServeFlags, command: Command) => {
      const globals = command.optsWithGlobals<{ library?: string; objects?: string; graph?: string }>();
      if (opts.only !== undefined && opts.only !== 'inference') throw new Error(`--only takes "inference", got "${opts.only}"`);
      if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined)) throw new Error('--tls-cert and --tls-key go together');
      const settings: ServeSettings = {
        host: opts.host,
        port: Number(opts.port),
        onlyInference: opts.only === 'inference',
        tls: opts.tlsCert !== undefined && opts.tlsKey !== undefined ? { cert: opts.tlsCert, key: opts.tlsKey } : null,
        auth: opts.auth,
        corsOrigin: opts.cors ?? null,
        maxUploadBytes: opts.maxUpload * 1024 * 1024,
        roots: (opts.roots ?? process.env.FACETAG_ROOTS ?? '').split(':').filter((r) => r !== ''),
        graceMs: opts.graceMs,
        logLevel: opts.logLevel,
        maxPendingInference: opts.maxPending,
        llm: llmSettingsFrom(opts),
      };
      const server = await startServer(settings, { library: globals.library, objects: globals.objects, graph: globals.graph }, queueSettingsFrom(opts));
      console.log(`facetag listening on ${server.url}`);
      if (server.ctx.token !== null) console.log(`open ${server.url}/?token=${server.ctx.token}`);
      await new Promise<void>((resolve) => {
        let stopping = false;
        const onSignal = (signal: string): void => {
          if (stopping) process.exit(130);
          stopping = true;
          server.app.log.info({ signal }, 'stopping: finishing requests in flight');
          server.stop().then(
            (clean) => {
              if (!clean) {
                server.app.log.warn({ graceMs: settings.graceMs }, 'grace period over: requests still running were cut off');
                process.exitCode = 1;
              }
              resolve();
            },
            (err: unknown) => {
              server.app.log.error({ err }, 'stopping failed');
              process.exitCode = 1;
              resolve();
            },
          );
        };
        process.on('SIGTERM', () => onSignal('SIGTERM'));
        process.on('SIGINT', () => onSignal('SIGINT'));
      });
    });
}
