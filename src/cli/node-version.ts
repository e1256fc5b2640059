/**
 * Oldest Node facetag supports (package.json engines): 22 because Node 20 is past its end of life and
 * exiftool-vendored 38 and better-sqlite3 13 need 22 (on Node 20 better-sqlite3's binary crashes the process with
 * SIGSEGV while loading); .12 for require() of ES modules without a flag. No imports here: the launcher checks the
 * version with this module before it loads anything native.
 */
export const MINIMUM_NODE = [22, 12] as const;

export function isSupportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
}

/** What the launcher prints on an unsupported Node, or null on a supported one. */
export function unsupportedNodeMessage(version: string): string | null {
  if (isSupportedNode(version)) return null;
  const minimum = MINIMUM_NODE.join('.');
  return `facetag: Node.js ${version} is not supported; facetag needs Node.js ${minimum} or newer (the current LTS is best). Install it, then run npm rebuild in facetag's folder.`;
}
