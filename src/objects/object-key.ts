/**
 * The same key rules as the local store, so a key that works in one store works in the other and no key can climb
 * out of the store's prefix (S3 itself would accept "a/../b" as a literal name; a folder-backed server would not).
 */
export function assertValidObjectKey(key: string): void {
  if (key === '' || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`invalid object key "${key}"`);
  }
}

/** "a/b/", "/a/b" and "a/b" all mean the folder-like prefix "a/b/"; "" and "/" mean the whole bucket. */
export function normalizeKeyPrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  if (trimmed.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`invalid key prefix "${prefix}"`);
  }
  return `${trimmed}/`;
}

/**
 * A list prefix may end part-way through a name ("crops/ab" lists "crops/abc.jpg"), but may not climb: a
 * folder-backed server could resolve "crops/../" outside the store's prefix.
 */
export function assertValidListPrefix(prefix: string): void {
  if (prefix === '') return;
  const parts = prefix.split('/');
  const last = parts.pop()!;
  if (last === '.' || last === '..' || parts.some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`invalid list prefix "${prefix}"`);
  }
}
