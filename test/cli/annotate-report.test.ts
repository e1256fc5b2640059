import { describe, expect, it } from 'vitest';
import type { AnnotateOutcome } from '../../src/annotate/annotate-run.js';
import { report } from '../../src/cli/commands/annotate.js';

const base: AnnotateOutcome = {
  targetType: 'person',
  promptVersion: 'person-v1',
  model: 'gemma',
  skipped: ['p9'],
  annotated: [
    { targetId: 'p1', suggestionIds: ['s1', 's2'], cut: null, ms: 1500, tokens: 900 },
    { targetId: 'p2', suggestionIds: ['s3'], cut: 'Cut to fit …', ms: 2500, tokens: 1200 },
  ],
  failed: [{ targetId: 'p3', reason: 'the reply broke the schema twice' }],
  applied: [{ suggestionId: 's1', targetId: 'p1', kind: 'name', value: 'Ada' }],
  notApplied: [{ suggestionId: 's3', reason: 'the name "Ada" is already used by person p1' }],
  promptTokens: 1900,
  completionTokens: 200,
  modelMs: 4000,
};

describe('the annotate report', () => {
  it('gives counts, tokens, model time per person, cuts, failures and what --apply did', () => {
    expect(report(base, 65_000)).toEqual([
      'Annotated 2 of 3 people asked with gemma (prompt person-v1): 3 suggestions, 1 skipped (already asked), 1 failed',
      'tokens: 1900 prompt + 200 completion; 2.0s of model time per person; 1m05s in all',
      "evidence cut to fit the model's context for 1 person",
      'failed p3: the reply broke the schema twice',
      'applied s1: p1 name "Ada"',
      'not applied s3: the name "Ada" is already used by person p1',
      'See the suggestions with: facetag suggestions',
    ]);
  });

  it('says when there was nothing to ask, and speaks of photos for photos', () => {
    const none: AnnotateOutcome = { ...base, targetType: 'photo', promptVersion: 'photo-v1', model: null, skipped: ['a', 'b'], annotated: [], failed: [], applied: [], notApplied: [], promptTokens: 0, completionTokens: 0, modelMs: 0 };
    expect(report(none, 10)).toEqual(['Annotated 0 of 0 photos asked with (no model asked) (prompt photo-v1): 0 suggestions, 2 skipped (already asked), 0 failed']);
  });
});
