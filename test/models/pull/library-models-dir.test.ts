import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/config.js';
import { libraryModelsDir } from '../../../src/models/pull/library-models-dir.js';

describe("the library's models folder", () => {
  it('is the first model folder inside the library, never one from FACETAG_MODELS_PATH', () => {
    const config = resolveConfig({ library: '/srv/photos-lib' }, { FACETAG_MODELS_PATH: '/opt/shared-models' });
    expect(libraryModelsDir(config)).toBe(join('/srv/photos-lib', 'models'));
  });

  it('prefers a model folder given on the command line when it lies inside the library', () => {
    const config = resolveConfig({ library: '/srv/lib', modelDirs: ['/elsewhere', '/srv/lib/weights'] }, {});
    expect(libraryModelsDir(config)).toBe('/srv/lib/weights');
  });

  it('is not fooled by a sibling folder whose name starts like the library', () => {
    expect(libraryModelsDir({ library: '/srv/lib', modelDirs: ['/srv/lib-old/models'] })).toBe('/srv/lib/models');
  });
});
