import { runAnnotation, type AnnotateOutcome, type AnnotatePorts, type Annotation, type RunOptions } from './annotate-run.js';
import { fitEvidence } from './evidence-budget.js';
import { FOLDER_DEPTH, personEvidence } from './person-evidence.js';
import { gatherPersonFacts } from './person-facts.js';
import { personSuggestions, type PersonReplyContext } from './person-suggestions.js';
import { PERSON_PROMPT_V1, PERSON_PROMPT_V1_VISION, type PersonReply } from './prompts/person-v1.js';
import { personImages } from './vision-images.js';
import type { Prompt } from './prompts/prompt.js';

export type { AnnotateOutcome, AnnotatePorts, AnnotateProgress } from './annotate-run.js';

export interface AnnotatePeopleOptions extends RunOptions {
  /** Person ids, or every unnamed person who is not hidden. */
  people: 'all-unnamed' | readonly string[];
  /** The prompt to ask with (tests give another version); the current person prompt by default. */
  prompt?: Prompt<PersonReply>;
}

/** Suggestions about people: a name when the material strongly suggests one, a description, relations to companions. */
export async function annotatePeople(ports: AnnotatePorts, options: AnnotatePeopleOptions): Promise<AnnotateOutcome> {
  const { catalog } = ports.library;
  const wanted = options.people === 'all-unnamed' ? (await catalog.listPeople()).filter((p) => p.name === null).map((p) => p.id) : options.people;
  const prompt = options.prompt ?? (options.vision ? PERSON_PROMPT_V1_VISION : PERSON_PROMPT_V1);
  const annotation: Annotation<PersonReply, PersonReplyContext & { named: boolean }> = {
    type: 'person',
    prompt,
    async evidence(personId, budget) {
      const facts = await gatherPersonFacts(ports.library, personId);
      const named = (await catalog.findPerson(personId))?.name != null;
      const namingMaterial = [...facts.photos.map((p) => p.path.split(/[\\/]/).slice(-1 - FOLDER_DEPTH).join('/')), ...facts.captions].join('\n');
      return { fitted: fitEvidence(personEvidence(facts), budget), context: { companions: facts.companions.map((c) => c.name), namingMaterial, named } };
    },
    images: (personId) => personImages(catalog, ports.images, personId),
    // A person the user has named gets no name suggestion: the user's name stands.
    suggestions: (personId, reply, context) => personSuggestions(personId, reply, context, prompt.version).filter((s) => !(context.named && s.kind === 'name')),
  };
  return runAnnotation(ports, annotation, wanted, options);
}
