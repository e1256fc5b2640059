import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LocalObjectStore } from '../../../src/objects/local/local-object-store.js';
import { describeObjectStoreContract } from '../object-store-contract.js';

describeObjectStoreContract('local folder', async () => ({ store: new LocalObjectStore(mkdtempSync(join(tmpdir(), 'facetag-objects-'))) }));

it('leaves no temporary files behind', async () => {
  const root = mkdtempSync(join(tmpdir(), 'facetag-objects-'));
  const store = new LocalObjectStore(root);
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.put('crops/same.jpg', Uint8Array.of(i), 'image/jpeg')));
  expect(readdirSync(join(root, 'crops'))).toEqual(['same.jpg']);
});
