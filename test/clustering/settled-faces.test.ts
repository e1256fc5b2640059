import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SettledFaces } from '../../src/clustering/settled-faces.js';

function settingsStore() {
  const settings = new Map<string, string>();
  return {
    settings,
    getSetting: async (key: string) => settings.get(key) ?? null,
    setSetting: async (key: string, value: string) => void settings.set(key, value),
  };
}

describe('SettledFaces', () => {
  it('is empty before any run stored it, so every face counts as new', async () => {
    const settled = await SettledFaces.load(settingsStore(), 'pack-a', 'd1');
    expect(settled.size).toBe(0);
    expect(settled.has('abc.pack-a.0')).toBe(false);
  });

  it('remembers exactly the stored faces, per pack, and a later store replaces the set', async () => {
    const catalog = settingsStore();
    await SettledFaces.store(catalog, 'pack-a', 'd1', ['f1.pack-a.0', 'f2.pack-a.1']);
    await SettledFaces.store(catalog, 'pack-b', 'd1', ['f3.pack-b.0']);
    const a = await SettledFaces.load(catalog, 'pack-a', 'd1');
    expect([a.size, a.has('f1.pack-a.0'), a.has('f2.pack-a.1'), a.has('f3.pack-b.0')]).toEqual([2, true, true, false]);

    await SettledFaces.store(catalog, 'pack-a', 'd1', ['f2.pack-a.1']);
    const again = await SettledFaces.load(catalog, 'pack-a', 'd1');
    expect([again.size, again.has('f1.pack-a.0'), again.has('f2.pack-a.1')]).toEqual([1, false, true]);
    expect((await SettledFaces.load(catalog, 'pack-b', 'd1')).has('f3.pack-b.0')).toBe(true);
  });

  it('refuses a damaged setting, naming it', async () => {
    const catalog = settingsStore();
    catalog.settings.set('clustering.settled.pack-a', `d1:${Buffer.from('abc').toString('base64')}`);
    await expect(SettledFaces.load(catalog, 'pack-a', 'd1')).rejects.toThrow(/clustering\.settled\.pack-a is damaged/);
    catalog.settings.set('clustering.settled.pack-a', Buffer.from('12345678').toString('base64'));
    await expect(SettledFaces.load(catalog, 'pack-a', 'd1')).rejects.toThrow(/clustering\.settled\.pack-a is damaged \(no decisions digest\)/);
  });

  it("is empty once the user's decisions changed since the run that stored it", async () => {
    const catalog = settingsStore();
    await SettledFaces.store(catalog, 'pack-a', 'd1', ['f1.pack-a.0']);
    expect((await SettledFaces.load(catalog, 'pack-a', 'd1')).size).toBe(1);
    expect((await SettledFaces.load(catalog, 'pack-a', 'd2')).size).toBe(0);
  });

  it('stores the ids without their pack, exactly, and reads back none of another shape but its own', async () => {
    const catalog = settingsStore();
    await SettledFaces.store(catalog, 'pack.a', 'd1', ['0123456789abcdef.pack.a.0', '0123456789abcdef.pack.a.12', 'odd-id']);
    expect(catalog.settings.get('clustering.settled.pack.a')).toBe('d1:ids:0123456789abcdef.0,0123456789abcdef.12,=odd-id');
    const settled = await SettledFaces.load(catalog, 'pack.a', 'd1');
    expect(settled.size).toBe(3);
    expect(['0123456789abcdef.pack.a.12', 'odd-id', '0123456789abcdef.pack.a.1', '0123456789abcdef.0'].map((id) => settled.has(id))).toEqual([true, true, false, false]);
    await SettledFaces.store(catalog, 'pack.a', 'd1', []);
    expect((await SettledFaces.load(catalog, 'pack.a', 'd1')).size).toBe(0);
  });

  it('reads a set stored by the version before (hashes of the ids), so an upgrade does not judge every face again', async () => {
    const catalog = settingsStore();
    const hashed = Buffer.concat(['f1.pack-a.0', 'f2.pack-a.1'].map((id) => createHash('sha256').update(id).digest().subarray(0, 8)));
    catalog.settings.set('clustering.settled.pack-a', `d1:${hashed.toString('base64')}`);
    const settled = await SettledFaces.load(catalog, 'pack-a', 'd1');
    expect([settled.size, settled.has('f1.pack-a.0'), settled.has('f2.pack-a.1'), settled.has('f3.pack-a.2')]).toEqual([2, true, true, false]);
  });
});
