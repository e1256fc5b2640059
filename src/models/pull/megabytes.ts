/** Sizes as users read them on download pages: decimal megabytes, one decimal. */
export function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
