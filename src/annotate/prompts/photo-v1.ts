import { z } from 'zod';
import type { Prompt } from './prompt.js';

/** Every field bounded: an unbounded string or number runs to max tokens and breaks the JSON. */
export const PhotoReply = z.object({
  caption: z.string().min(1).max(160),
  tags: z.array(z.string().min(1).max(30)).max(6),
  confidence: z.number().min(0).max(1),
});
export type PhotoReply = z.infer<typeof PhotoReply>;

const SYSTEM = `You help a person caption the photos of their own library. You do not see the photo: you get what the library knows of it (its folder and file name, when and where it was taken, the camera, the people on it).

Answer with JSON only, following the schema:
- "caption": one short sentence for the photo from that material only, e.g. "Alice and Bob at a birthday party, May 2019". Use people's names exactly as given; never invent what the material does not say.
- "tags": up to six short lower-case tags (an event, a place, a season), no names of people.
- "confidence": 0 to 1, how well the material supports the caption.`;

export const PHOTO_PROMPT_V1: Prompt<PhotoReply> = {
  version: 'photo-v1',
  system: SYSTEM,
  schema: PhotoReply,
  schemaName: 'photo_caption',
  maxTokens: 200,
};

/** The same, for a model that takes images: the photo itself follows the text. */
export const PHOTO_PROMPT_V1_VISION: Prompt<PhotoReply> = {
  ...PHOTO_PROMPT_V1,
  version: 'photo-v1-vision',
  system: SYSTEM.replace('You do not see the photo: you get', 'You see the photo (it follows the text) and get').replace(
    'from that material only',
    'from what the photo shows and that material',
  ),
};
