import type { Neo4jConnection } from './connection.js';

/**
 * Checks that the server answers, accepts the credentials and has the database, before anything is written.
 * The error names the URL and the cause in words a user can act on; the driver's own error is kept as `cause`.
 */
export async function checkNeo4jConnection(connection: Neo4jConnection, user: string): Promise<void> {
  try {
    await connection.verify();
  } catch (error) {
    const where = connection.database === undefined ? connection.url : `${connection.url} (database "${connection.database}")`;
    throw new Error(`cannot open the Neo4j catalog at ${where}: ${describeFailure(error, user)}`, { cause: error });
  }
}

function describeFailure(error: unknown, user: string): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'Neo.ClientError.Security.Unauthorized') return `authentication failed for user "${user}" (${text})`;
  if (code === 'Neo.ClientError.Security.AuthenticationRateLimit') {
    return `authentication refused: too many failed attempts for user "${user}", wait and retry (${text})`;
  }
  if (code === 'Neo.ClientError.Database.DatabaseNotFound') return `the database does not exist (${text})`;
  if (/ECONNREFUSED/.test(text)) return `connection refused; is Neo4j running and listening there? (${text})`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `unknown host (${text})`;
  if (/ETIMEDOUT|timed out|timeout/i.test(text)) return `no answer: connection timed out (${text})`;
  if (code === 'ServiceUnavailable') return `server unavailable (${text})`;
  return text;
}
