import type { AnnotatePorts } from '../annotate/annotate-run.js';
import type { DecisionPorts } from '../annotate/decide-suggestions.js';
import type { LlmClient } from '../llm/llm-client.js';
import type { FacetagLibrary } from './facetag-library.js';

/**
 * What deciding on suggestions needs from an open library: an accepted name goes through the person's handle, the
 * same call `facetag person name` and the HTTP rename make (checked, and in turn with the library's other corrections).
 */
export function decisionPorts(lib: FacetagLibrary): DecisionPorts {
  return {
    catalog: lib.backends.catalog,
    renamePerson: async (personId, name) => (await lib.person(personId)).rename(name),
  };
}

/** decisionPorts plus the library's backends and a language model, for annotating. */
export function annotatePorts(lib: FacetagLibrary, llm: LlmClient): AnnotatePorts {
  const images = { faceCrop: (faceId: string) => lib.faceCrop(faceId), photo: (sha256: string, side: number) => lib.photoImage(sha256, side, 'jpeg') };
  return { ...decisionPorts(lib), library: lib.backends, llm, images };
}
