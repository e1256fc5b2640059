/** Code-unit order: the same on every platform and locale, so plans never depend on where they are made. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
