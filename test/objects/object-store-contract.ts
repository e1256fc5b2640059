import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../src/objects/object-store.js';

/** The behaviour every ObjectStore must have; local folders and S3 buckets run the same cases. */
export function describeObjectStoreContract(name: string, open: () => Promise<{ store: ObjectStore; close?: () => Promise<void> }>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let store: ObjectStore;
    let close: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, close } = await open());
    });

    afterEach(async () => {
      await close?.();
    });

    it('stores, reads back and overwrites objects byte for byte', async () => {
      const body = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
      await store.put('crops/a.jpg', body, 'image/jpeg');
      expect(await store.get('crops/a.jpg')).toEqual(body);
      expect(await store.has('crops/a.jpg')).toBe(true);
      await store.put('crops/a.jpg', Uint8Array.of(1, 2, 3), 'image/jpeg');
      expect(await store.get('crops/a.jpg')).toEqual(Uint8Array.of(1, 2, 3));
    });

    it('answers null and false for missing objects, and deleting them is harmless', async () => {
      expect(await store.get('crops/missing.jpg')).toBeNull();
      expect(await store.has('crops/missing.jpg')).toBe(false);
      await store.delete('crops/missing.jpg');
    });

    it('lists keys by prefix in order, and forgets deleted ones', async () => {
      for (const key of ['crops/b.jpg', 'crops/a.jpg', 'thumbs/a.webp', 'crops/sub/c.jpg']) await store.put(key, Uint8Array.of(1), 'image/jpeg');
      await store.delete('crops/b.jpg');
      const keys: string[] = [];
      for await (const key of store.list('crops/')) keys.push(key);
      expect(keys).toEqual(['crops/a.jpg', 'crops/sub/c.jpg']);
    });

    it('refuses keys that could escape the store', async () => {
      await expect(store.put('../outside.jpg', Uint8Array.of(1), 'image/jpeg')).rejects.toThrow(/invalid object key/);
      await expect(store.put('crops//x.jpg', Uint8Array.of(1), 'image/jpeg')).rejects.toThrow(/invalid object key/);
    });

    it('describes where it keeps objects', () => {
      expect(store.describe().length).toBeGreaterThan(0);
    });
  });
}
