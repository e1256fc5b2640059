import neo4j from 'neo4j-driver';

/** Empties the benchmark's Neo4j database (never point it at a real library). */
export async function wipeNeo4j(url: string, user: string, password: string): Promise<void> {
  const driver = neo4j.driver(url, neo4j.auth.basic(user, password));
  // CALL IN TRANSACTIONS needs an auto-commit transaction, which session.run gives and executeQuery does not.
  const session = driver.session();
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
    await driver.close();
  }
}
