import { makeLibrary, type LibrarySpec } from './synthetic.js';

/** Identity sizes 3..20 faces, as in a family library where a few people dominate. */
export const mixedSizes = (identities: number) => Array.from({ length: identities }, (_, i) => 3 + ((i * 7) % 18));

/** Named synthetic libraries shared by the clustering tests. */
export const SCENARIOS = {
  /** Strangers only: identity centres random, 20 % poor faces, 60 people seen once, up to 4 faces per photo. */
  separated: { seed: 1, identitySizes: mixedSizes(30), singletons: 60, lowQualityShare: 0.2, maxFacesPerPhoto: 4 },
  /** Identities in look-alike pairs (centre similarity 0.5: close relatives). */
  overlapping: { seed: 2, identitySizes: mixedSizes(30), singletons: 60, lowQualityShare: 0.2, maxFacesPerPhoto: 4, lookalikeSimilarity: 0.5 },
  /** Near-twins (centre similarity 0.65) and 30 % poor faces. */
  hard: { seed: 3, identitySizes: mixedSizes(40), singletons: 100, lowQualityShare: 0.3, maxFacesPerPhoto: 4, lookalikeSimilarity: 0.65 },
} satisfies Record<string, LibrarySpec>;

export const scenarioFaces = (name: keyof typeof SCENARIOS) => makeLibrary(SCENARIOS[name]);
