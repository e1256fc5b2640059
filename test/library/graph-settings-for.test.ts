import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/config.js';
import { graphSettingsFor } from '../../src/library/graph-settings-for.js';

describe('graphSettingsFor', () => {
  it('prefers the login in the URL over the configured one', () => {
    const config = resolveConfig({ graph: 'bolt://u:p@h:1' }, { FACETAG_GRAPH_USER: 'other', FACETAG_GRAPH_PASSWORD: 'x' });
    expect(graphSettingsFor(config.graph!, config)).toMatchObject({ url: 'bolt://h:1', user: 'u', password: 'p' });
  });

  it('falls back to FACETAG_GRAPH_USER/PASSWORD, then NEO4J_USER/PASSWORD, and carries the retry time', () => {
    const fromFacetag = resolveConfig({}, { FACETAG_GRAPH_USER: 'a', FACETAG_GRAPH_PASSWORD: 'b', NEO4J_USER: 'c', NEO4J_PASSWORD: 'd', FACETAG_GRAPH_RETRY_SECONDS: '7' });
    expect(graphSettingsFor('neo4j://h:2/db', fromFacetag)).toEqual({ url: 'neo4j://h:2', user: 'a', password: 'b', database: 'db', retryTimeMs: 7000 });
    const fromNeo4j = resolveConfig({}, { NEO4J_USER: 'c', NEO4J_PASSWORD: 'd' });
    expect(graphSettingsFor('neo4j://h:2', fromNeo4j)).toMatchObject({ user: 'c', password: 'd', retryTimeMs: 60_000 });
  });

  it('says how to give a login when there is none', () => {
    const config = resolveConfig({}, {});
    expect(() => graphSettingsFor('bolt://h:1', config)).toThrow(/no login for the graph at bolt:\/\/h:1.*FACETAG_GRAPH_USER/);
  });
});
