/** Messages for bad requests, shared so every repository names the offending id the same way. */

export function unknownPersonError(personId: string): Error {
  return new Error(`unknown person id "${personId}"`);
}

export function unknownFaceError(faceId: string): Error {
  return new Error(`unknown face id "${faceId}"`);
}
