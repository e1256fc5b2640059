#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` through the prepare script). The Node version is checked
// before the CLI is loaded: on an unsupported Node a native module can crash the process while loading.
import { unsupportedNodeMessage } from '../dist/src/cli/node-version.js';

const unsupported = unsupportedNodeMessage(process.versions.node);
if (unsupported !== null) {
  console.error(unsupported);
  process.exit(1);
}
const { main } = await import('../dist/src/cli/main.js');

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => {
    console.error(`facetag: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
