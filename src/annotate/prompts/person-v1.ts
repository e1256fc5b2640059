import { z } from 'zod';
import type { Prompt } from './prompt.js';

export const RELATIONS = ['partner', 'parent', 'child', 'sibling', 'relative', 'friend', 'colleague', 'other'] as const;

/** A piece of evidence: a folder, file name, date, place or companion quoted from the material. */
const Evidence = z.array(z.string().min(1).max(160)).max(5);

/** Every field bounded: an unbounded string or number runs to max tokens and breaks the JSON. */
export const PersonReply = z.object({
  name: z
    .object({
      value: z.string().min(1).max(80),
      evidence: Evidence.min(1),
      confidence: z.number().min(0).max(1),
    })
    .nullable(),
  description: z.string().min(1).max(240),
  relations: z
    .array(
      z.object({
        person: z.string().min(1).max(80),
        relation: z.enum(RELATIONS),
        evidence: Evidence,
      }),
    )
    .max(5),
  confidence: z.number().min(0).max(1),
});
export type PersonReply = z.infer<typeof PersonReply>;

const SYSTEM = `You help a person tag the faces in their own photo library. One person (a face cluster without a name) is described below by what the library knows about their photos: folders, file names, capture dates, places, cameras and the named people who appear on the same photos.

Answer with JSON only, following the schema:
- "name": a name for this person ONLY when the material strongly suggests one (for example a folder or file name that names one person, repeated across their photos). Quote in "evidence" exactly which folders, files or other lines support it. Otherwise null. Never guess a name from a companion's name, and never invent one: a name none of whose words occurs in the folder names, file names or captions is discarded.
- "description": one short sentence of what the photos show about this person, e.g. "at family events 2019-2023 with Alice and Bob".
- "relations": how this person may relate to the named people listed under "Named people on the same photos" (use their names exactly as written), with the evidence; an empty list when nothing suggests one.
- "confidence": 0 to 1, how sure you are of the whole answer.`;

export const PERSON_PROMPT_V1: Prompt<PersonReply> = {
  version: 'person-v1',
  system: SYSTEM,
  schema: PersonReply,
  schemaName: 'person_annotation',
  maxTokens: 600,
};

/** The same, for a model that takes images: the first images are the person's best face crops, the last a whole photo. */
export const PERSON_PROMPT_V1_VISION: Prompt<PersonReply> = {
  ...PERSON_PROMPT_V1,
  version: 'person-v1-vision',
  system: `${SYSTEM}\n\nImages follow the text: the first are crops of this person's best faces, the last one whole photo of them. Use them for the description (age group, setting); never name someone from their looks alone.`,
};
