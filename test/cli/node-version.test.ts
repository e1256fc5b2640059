import { describe, expect, it } from 'vitest';
import { isSupportedNode, unsupportedNodeMessage } from '../../src/cli/node-version.js';

describe('the Node version the launcher accepts', () => {
  it('accepts 22.12 and newer, refuses older ones', () => {
    expect(['22.12.0', '22.20.1', '23.0.0', '24.22.3', '30.1.0'].filter(isSupportedNode)).toHaveLength(5);
    expect(['20.20.2', '22.11.9', '21.7.3', '18.0.0', 'garbage'].filter(isSupportedNode)).toEqual([]);
  });

  it('names the running and the needed version when it refuses, and says nothing otherwise', () => {
    expect(unsupportedNodeMessage('20.20.2')).toMatch(/Node\.js 20\.20\.2 is not supported; facetag needs Node\.js 22\.12 or newer/);
    expect(unsupportedNodeMessage('24.22.3')).toBeNull();
  });
});
