import { describe, expect, it } from 'vitest';
import { parseNeo4jUrl } from '../../../src/catalog/neo4j/neo4j-url.js';

describe('parseNeo4jUrl', () => {
  it('takes the login and the database out of the URL', () => {
    expect(parseNeo4jUrl('neo4j+s://ana:p%40ss@db.example.org:7687/photos')).toEqual({
      url: 'neo4j+s://db.example.org:7687',
      user: 'ana',
      password: 'p@ss',
      database: 'photos',
    });
  });

  it('leaves absent parts undefined', () => {
    expect(parseNeo4jUrl('bolt://127.0.0.1:7687')).toEqual({ url: 'bolt://127.0.0.1:7687', user: undefined, password: undefined, database: undefined });
  });

  it('refuses other schemes without showing the password', () => {
    expect(() => parseNeo4jUrl('http://ana:secret@db:7474')).toThrow(/scheme must be neo4j.*/);
    expect(() => parseNeo4jUrl('http://ana:secret@db:7474')).toThrow(/ana:\*\*\*@db/);
  });
});
