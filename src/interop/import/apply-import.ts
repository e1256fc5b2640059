import type { NameAction } from './name-actions.js';

/** The writes an import makes; the library API (FacetagLibrary) provides them, as for a user naming faces. */
export interface NameWriter {
  /** A new person of that name holding the faces as the user's decision; answers its id. */
  createPerson(name: string, faceIds: readonly string[]): Promise<string>;
  /** Puts the faces into the person as the user's decision. */
  moveFaces(faceIds: readonly string[], personId: string): Promise<void>;
  renamePerson(personId: string, name: string): Promise<void>;
}

export interface AppliedCounts {
  peopleCreated: number;
  /** Unnamed people who got their name from the import. */
  peopleNamed: number;
  facesNamed: number;
}

export async function applyNameActions(writer: NameWriter, actions: readonly NameAction[]): Promise<AppliedCounts> {
  const counts: AppliedCounts = { peopleCreated: 0, peopleNamed: 0, facesNamed: 0 };
  for (const action of actions) {
    if (action.kind === 'create') {
      await writer.createPerson(action.name, action.faceIds);
      counts.peopleCreated += 1;
    } else {
      if (action.kind === 'name') {
        await writer.renamePerson(action.personId, action.name);
        counts.peopleNamed += 1;
      }
      await writer.moveFaces(action.faceIds, action.personId);
    }
    counts.facesNamed += action.faceIds.length;
  }
  return counts;
}
