import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './shared.js';

/** A free loopback port, found by letting the kernel pick one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Logins of the private servers: Neo4j user neo4j, S3 root keys. */
export const PRIVATE_LOGIN = { neo4jPassword: 'facetag-private-test', s3AccessKey: 'facetag-private-access', s3SecretKey: 'facetag-private-secret' };

/**
 * A server of the test's own (`scripts/test-servers exec neo4j|s3`), so fault tests can kill and restart it without
 * disturbing the other tests, which share the servers `scripts/test-servers up` started. Its data folder survives
 * restarts, as a real server's would.
 */
export class PrivateServer {
  private process: ChildProcess | null = null;
  private readonly dataDir: string;

  private constructor(
    readonly kind: 'neo4j' | 's3',
    readonly port: number,
  ) {
    this.dataDir = mkdtempSync(join(tmpdir(), `facetag-private-${kind}-`));
  }

  static async start(kind: 'neo4j' | 's3'): Promise<PrivateServer> {
    const server = new PrivateServer(kind, await freePort());
    await server.restart();
    return server;
  }

  get url(): string {
    return this.kind === 'neo4j' ? `bolt://127.0.0.1:${this.port}` : `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again) on the same data and port, and waits until it listens. */
  async restart(): Promise<void> {
    if (this.process) throw new Error(`the private ${this.kind} server is already running`);
    const child = spawn(join(REPO_ROOT, 'scripts', 'test-servers'), ['exec', this.kind, this.dataDir, String(this.port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TEST_NEO4J_PASSWORD: PRIVATE_LOGIN.neo4jPassword,
        TEST_S3_ACCESS_KEY: PRIVATE_LOGIN.s3AccessKey,
        TEST_S3_SECRET_KEY: PRIVATE_LOGIN.s3SecretKey,
      },
    });
    this.process = child;
    let output = '';
    let exited = false;
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', () => (exited = true));
    // Neo4j's launcher prints READY once Bolt listens and the login is set; versitygw is ready when it listens.
    const ready = async (): Promise<boolean> => (this.kind === 'neo4j' ? /^READY /m.test(output) : isListening(this.port));
    while (!(await ready())) {
      if (exited) throw new Error(`the private ${this.kind} server exited before it was ready:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Kills the server as a crash or a power cut would: no shutdown, no flush beyond what was committed. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = null;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
    if (await isListening(this.port)) throw new Error(`the private ${this.kind} server still answers on port ${this.port} after SIGKILL`);
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
