/** digiKam's own bookkeeping tags under People/, which name nobody. */
const NOT_NAMES = new Set(['unknown', 'unconfirmed', 'ignored']);

/**
 * The people digiKam's TagsList names ("People/Ann Smith", or deeper "People/Family/Ann Smith": the last part is the
 * name). digiKam writes one for every named face and for people tagged on the whole photo.
 */
export function digikamPeople(tagsList: unknown): string[] {
  const tags = Array.isArray(tagsList) ? tagsList : tagsList === undefined ? [] : [tagsList];
  const names: string[] = [];
  for (const tag of tags.map(String)) {
    const parts = tag.split('/');
    if (parts.length < 2 || parts[0] !== 'People') continue;
    const name = parts[parts.length - 1]!;
    if (name.trim() !== '' && !NOT_NAMES.has(name.trim().toLowerCase()) && !names.includes(name)) names.push(name);
  }
  return names;
}
