import neo4j, { isRetryableError, type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';

/** What the catalog needs to reach a Neo4j server. */
export interface Neo4jConnectionOptions {
  /** bolt://host:7687 or neo4j://host:7687 */
  url: string;
  user: string;
  password: string;
  /** The database to use; the server's default database when absent. */
  database?: string;
  /** How long a unit of work is retried, with backoff, while the server is unreachable or busy (default 60 s). */
  retryTimeMs?: number;
}

export type Transaction = ManagedTransaction;

/** A failed connection attempt should not hang a command for the driver's default 30 s. */
const CONNECTION_TIMEOUT_MS = 10_000;
/** Long enough to ride out a server restart (a JVM start takes 15-30 s) before a scan gives up. */
const DEFAULT_RETRY_TIME_MS = 60_000;

/**
 * The driver and database the catalog works on. Every unit of work gets its own session (sessions are cheap and
 * not safe for concurrent use) and runs as a managed transaction, which the driver retries on transient errors
 * such as deadlocks or a leader switch. Work functions must therefore have no side effects outside the transaction.
 */
export class Neo4jConnection {
  private constructor(
    private readonly driver: Driver,
    readonly url: string,
    readonly database: string | undefined,
    private readonly retryTimeMs: number,
  ) {}

  static create(options: Neo4jConnectionOptions): Neo4jConnection {
    const driver = neo4j.driver(options.url, neo4j.auth.basic(options.user, options.password), {
      // Counts, ids and sizes all fit in a double; numbers are easier to handle than driver Integers.
      disableLosslessIntegers: true,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      maxTransactionRetryTime: options.retryTimeMs ?? DEFAULT_RETRY_TIME_MS,
    });
    return new Neo4jConnection(driver, options.url, options.database, options.retryTimeMs ?? DEFAULT_RETRY_TIME_MS);
  }

  read<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.withSession('READ', (session) => session.executeRead(work));
  }

  write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.withSession('WRITE', (session) => session.executeWrite(work));
  }

  /**
   * Runs a schema command in a transaction of its own: Neo4j refuses to mix schema changes and data writes
   * in one transaction. Schema commands are written IF NOT EXISTS, so a retry or a concurrent creator is harmless.
   */
  async schema(statement: string, parameters: Record<string, unknown> = {}): Promise<void> {
    // Auto-commit statements get no retries from the driver; two processes migrating at once (several workers
    // starting together) can deadlock on the schema lock, which is transient and goes away on a retry.
    const deadline = Date.now() + this.retryTimeMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.withSession('WRITE', async (session) => {
          await session.run(statement, parameters);
        });
        return;
      } catch (error) {
        if (!isRetryableError(error as Error) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * 2 ** attempt) * (0.5 + Math.random())));
      }
    }
  }

  /** Authenticates and reaches the database, without reading or writing anything. */
  async verify(): Promise<void> {
    await this.driver.verifyConnectivity({ database: this.database });
    await this.read(async (tx) => {
      await tx.run('RETURN 1');
    });
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async withSession<T>(mode: 'READ' | 'WRITE', use: (session: Session) => Promise<T>): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    try {
      return await use(session);
    } finally {
      await session.close();
    }
  }
}

