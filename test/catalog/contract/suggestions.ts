import { describe, expect, it } from 'vitest';
import type { NewSuggestion, SuggestionTarget } from '../../../src/catalog/suggestions.js';
import { shaOf } from '../catalog-fixtures.js';
import type { ContractContext } from './contract-context.js';

function suggestion(target: SuggestionTarget, overrides: Partial<NewSuggestion> = {}): NewSuggestion {
  return {
    target,
    kind: 'name',
    value: 'Ada Lovelace',
    evidence: ['folder "Ada 2019"', 'file ada-birthday.jpg'],
    confidence: 0.8,
    model: 'test-model',
    promptVersion: 'person-v1',
    promptTokens: 321,
    completionTokens: 45,
    ms: 1234,
    ...overrides,
  };
}

/** The catalog contract: suggestions from a language model, kept pending until the user decides. */
export function suggestionsContract(ctx: ContractContext): void {
  describe('suggestions', () => {
    it('stores one reply\'s suggestions with every field and lists them pending, oldest first', async () => {
      const person = await ctx.catalog.createPerson();
      const ids = await ctx.catalog.addSuggestions([
        suggestion({ type: 'person', id: person }),
        suggestion({ type: 'person', id: person }, { kind: 'description', value: 'at family events 2019-2023', evidence: [] }),
      ]);
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
      const listed = await ctx.catalog.listSuggestions({ status: 'pending' });
      expect(listed.map((s) => s.id)).toEqual(ids);
      expect(listed[0]).toMatchObject({ ...suggestion({ type: 'person', id: person }), id: ids[0], status: 'pending' });
      expect(listed[1]).toMatchObject({ kind: 'description', value: 'at family events 2019-2023', evidence: [] });
      expect(Number.isNaN(Date.parse(listed[0]!.createdAt))).toBe(false);
      expect(await ctx.catalog.getSuggestion(ids[1]!)).toEqual(listed[1]);
      expect(await ctx.catalog.getSuggestion('s999999')).toBeNull();
      expect(await ctx.catalog.getSuggestion('nonsense')).toBeNull();
    });

    it('keeps a value exactly as given', async () => {
      const person = await ctx.catalog.createPerson();
      const odd = '  Zoë  O\'Brien-Łukasz "Zo" ';
      const [id] = await ctx.catalog.addSuggestions([suggestion({ type: 'person', id: person }, { value: odd, evidence: ['ü', "it's"] })]);
      expect(await ctx.catalog.getSuggestion(id!)).toMatchObject({ value: odd, evidence: ['ü', "it's"] });
    });

    it('stores nothing of a reply when one of its suggestions cannot be stored', async () => {
      const person = await ctx.catalog.createPerson();
      await expect(
        ctx.catalog.addSuggestions([suggestion({ type: 'person', id: person }), suggestion({ type: 'person', id: 'p424242' })]),
      ).rejects.toThrow('p424242');
      await expect(
        ctx.catalog.addSuggestions([suggestion({ type: 'person', id: person }), suggestion({ type: 'person', id: person }, { confidence: 1.5 })]),
      ).rejects.toThrow(/confidence/);
      expect(await ctx.catalog.listSuggestions()).toEqual([]);
      expect(await ctx.catalog.suggestedTargets('person', 'person-v1')).toEqual([]);
    });

    it('filters by target and status; photos are targets too', async () => {
      const [a, b] = [await ctx.catalog.createPerson(), await ctx.catalog.createPerson()];
      await ctx.store({ sha256: shaOf(7), path: '/beach.jpg' });
      const [forA] = await ctx.catalog.addSuggestions([suggestion({ type: 'person', id: a })]);
      const [forB] = await ctx.catalog.addSuggestions([suggestion({ type: 'person', id: b }, { value: 'Bob' })]);
      const [forPhoto] = await ctx.catalog.addSuggestions([
        suggestion({ type: 'photo', id: shaOf(7) }, { kind: 'caption', value: 'two people at the beach', promptVersion: 'photo-v1' }),
      ]);
      expect((await ctx.catalog.listSuggestions({ target: { type: 'person', id: b } })).map((s) => s.id)).toEqual([forB]);
      expect(await ctx.catalog.listSuggestions({ target: { type: 'photo', id: shaOf(7) } })).toMatchObject([
        { id: forPhoto, target: { type: 'photo', id: shaOf(7) }, kind: 'caption' },
      ]);
      await ctx.catalog.decideSuggestion(forA!, 'accepted');
      expect((await ctx.catalog.listSuggestions({ status: 'pending' })).map((s) => s.id)).toEqual([forB, forPhoto]);
      expect((await ctx.catalog.listSuggestions({ status: 'accepted' })).map((s) => s.id)).toEqual([forA]);
      expect(await ctx.catalog.listSuggestions({ status: 'pending', target: { type: 'person', id: a } })).toEqual([]);
    });

    it('remembers a rejected value for its target and kind only, ignoring case', async () => {
      const [a, b] = [await ctx.catalog.createPerson(), await ctx.catalog.createPerson()];
      const [id] = await ctx.catalog.addSuggestions([suggestion({ type: 'person', id: a })]);
      expect(await ctx.catalog.wasRejected({ type: 'person', id: a }, 'name', 'Ada Lovelace')).toBe(false);
      await ctx.catalog.decideSuggestion(id!, 'rejected');
      expect(await ctx.catalog.getSuggestion(id!)).toMatchObject({ status: 'rejected' });
      expect(await ctx.catalog.wasRejected({ type: 'person', id: a }, 'name', 'ada lovelace')).toBe(true);
      expect(await ctx.catalog.wasRejected({ type: 'person', id: a }, 'name', 'Ada')).toBe(false);
      expect(await ctx.catalog.wasRejected({ type: 'person', id: a }, 'description', 'Ada Lovelace')).toBe(false);
      expect(await ctx.catalog.wasRejected({ type: 'person', id: b }, 'name', 'Ada Lovelace')).toBe(false);
    });

    it('rejects a decision about an unknown suggestion', async () => {
      await expect(ctx.catalog.decideSuggestion('s31337', 'accepted')).rejects.toThrow('s31337');
      await expect(ctx.catalog.decideSuggestion('p1', 'rejected')).rejects.toThrow('p1');
    });

    it('says which targets already have suggestions from a prompt version', async () => {
      const [a, b, c] = [await ctx.catalog.createPerson(), await ctx.catalog.createPerson(), await ctx.catalog.createPerson()];
      await ctx.catalog.addSuggestions([suggestion({ type: 'person', id: a }), suggestion({ type: 'person', id: a }, { kind: 'description', value: 'x' })]);
      await ctx.catalog.addSuggestions([suggestion({ type: 'person', id: c }, { promptVersion: 'person-v2' })]);
      await ctx.store({ sha256: shaOf(3), path: '/p.jpg' });
      await ctx.catalog.addSuggestions([suggestion({ type: 'photo', id: shaOf(3) }, { kind: 'tags', value: 'beach', promptVersion: 'person-v1' })]);
      expect(await ctx.catalog.suggestedTargets('person', 'person-v1')).toEqual([a]);
      expect(await ctx.catalog.suggestedTargets('person', 'person-v2')).toEqual([c]);
      expect(await ctx.catalog.suggestedTargets('photo', 'person-v1')).toEqual([shaOf(3)]);
      expect(b).not.toBe(a);
    });

    it('forgets the suggestions about a person who is deleted or merged away', async () => {
      const [a, b, c] = [await ctx.catalog.createPerson(), await ctx.catalog.createPerson(), await ctx.catalog.createPerson()];
      await ctx.catalog.addSuggestions([suggestion({ type: 'person', id: a })]);
      const [kept] = await ctx.catalog.addSuggestions([suggestion({ type: 'person', id: b }, { value: 'Bob' })]);
      const [merged] = await ctx.catalog.addSuggestions([suggestion({ type: 'person', id: c }, { value: 'Cy' })]);
      await ctx.catalog.deletePerson(a);
      await ctx.catalog.mergePeople(b, c);
      expect((await ctx.catalog.listSuggestions()).map((s) => s.id)).toEqual([kept]);
      expect(await ctx.catalog.getSuggestion(merged!)).toBeNull();
      expect(await ctx.catalog.suggestedTargets('person', 'person-v1')).toEqual([b]);
    });

    it('imports suggestions with their ids, times and statuses, again without change, and continues after them', async () => {
      const [a, b] = [await ctx.catalog.createPerson(), await ctx.catalog.createPerson()];
      const stored = { ...suggestion({ type: 'person', id: a }), id: 's40', createdAt: '2024-01-02T03:04:05.000Z', status: 'rejected' as const, evidence: ['x'] };
      const other = { ...suggestion({ type: 'person', id: b }, { kind: 'description', value: 'd' }), id: 's7', createdAt: '2024-01-01T00:00:00.000Z', status: 'pending' as const, evidence: [] };
      await ctx.catalog.importSuggestions([stored, other]);
      await ctx.catalog.importSuggestions([stored, { ...other, status: 'accepted' }]);
      expect(await ctx.catalog.listSuggestions()).toEqual([{ ...other, status: 'accepted' }, stored]);
      expect(await ctx.catalog.wasRejected({ type: 'person', id: a }, 'name', 'ada lovelace')).toBe(true);
      const [next] = await ctx.catalog.addSuggestions([suggestion({ type: 'person', id: b })]);
      expect(Number(next!.slice(1))).toBeGreaterThan(40);
      await expect(ctx.catalog.importSuggestions([{ ...stored, id: 's900', target: { type: 'person', id: 'p777777' } }])).rejects.toThrow('p777777');
      expect(await ctx.catalog.getSuggestion('s900')).toBeNull();
    });
  });
}
