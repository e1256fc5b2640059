import { describe, expect, it } from 'vitest';
import { DEFAULT_APPROXIMATE_SEARCH } from '../../src/catalog/ann/approximate-search-settings.js';
import { resolveConfig } from '../../src/config/config.js';

describe('approximate neighbour search settings', () => {
  it('default to the catalog defaults', () => {
    expect(resolveConfig({}, {}).approximateSearch).toEqual(DEFAULT_APPROXIMATE_SEARCH);
  });

  it('are read from FACETAG_ANN and FACETAG_ANN_MIN_FACES', () => {
    expect(resolveConfig({}, { FACETAG_ANN: 'on', FACETAG_ANN_MIN_FACES: '0' }).approximateSearch).toEqual({ mode: 'on', minFaces: 0 });
    expect(resolveConfig({}, { FACETAG_ANN_MIN_FACES: '5000' }).approximateSearch).toEqual({ mode: 'auto', minFaces: 5000 });
  });

  it('refuse an unknown mode or a size that is not a count, naming the setting', () => {
    expect(() => resolveConfig({}, { FACETAG_ANN: 'fast' })).toThrow(/approximateSearch\.mode/);
    expect(() => resolveConfig({}, { FACETAG_ANN_MIN_FACES: 'many' })).toThrow(/approximateSearch\.minFaces/);
  });
});
