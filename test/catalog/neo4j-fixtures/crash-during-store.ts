/**
 * Run as a child process by neo4j-catalog.test.ts: stores a photo with many faces and kills itself with SIGKILL
 * right after the statement that writes the faces returned, i.e. with the photo, its path and its faces written
 * on the server but not committed. Like a power cut for the application: no cleanup, no rollback from the client.
 * Usage: node --import tsx crash-during-store.ts   (NEO4J_URL, NEO4J_USER, NEO4J_PASSWORD from the environment)
 */
import { Neo4jConnection, type Transaction } from '../../../src/catalog/neo4j/connection.js';
import { createNeo4jCatalog } from '../../../src/catalog/neo4j/neo4j-catalog.js';
import { makeFaces, makeInput, seededRandom, shaOf } from '../catalog-fixtures.js';

const { NEO4J_URL: url, NEO4J_USER: user, NEO4J_PASSWORD: password } = process.env;
if (!url || !user || password === undefined) throw new Error('NEO4J_URL, NEO4J_USER and NEO4J_PASSWORD must be set');

const connection = Neo4jConnection.create({ url, user, password });
const write = connection.write.bind(connection);
connection.write = (work) =>
  write((tx) => {
    const dying = {
      run: async (query: string, parameters?: Record<string, unknown>) => {
        const result = await tx.run(query, parameters);
        if (query.includes('setNodeVectorProperty')) {
          console.log('faces written, dying before commit');
          process.kill(process.pid, 'SIGKILL');
        }
        return result;
      },
    };
    return work(dying as unknown as Transaction);
  });

const catalog = createNeo4jCatalog(connection);
await catalog.storePhoto(makeInput({ sha256: shaOf(2), path: '/crash.jpg', faces: makeFaces(seededRandom(7), 300, 512) }));
console.log('stored without crashing');
await catalog.close();
