import type { StoredPhoto } from '../catalog/catalog.js';
import { personNames } from '../people/face-view.js';
import { requirePersonById } from '../people/person-lookup.js';
import { runAnnotation, type AnnotateOutcome, type AnnotatePorts, type Annotation, type RunOptions } from './annotate-run.js';
import { fitEvidence } from './evidence-budget.js';
import { photoEvidence, photoSuggestions } from './photo-evidence.js';
import { PHOTO_PROMPT_V1, PHOTO_PROMPT_V1_VISION, type PhotoReply } from './prompts/photo-v1.js';
import { photoImages } from './vision-images.js';

export interface AnnotatePhotosOptions extends RunOptions {
  /** Every photo, or those showing all of these people (ids), as `facetag photos --person` finds them. */
  photos: 'all' | { showing: readonly string[] };
}

/** A caption and tags per photo, from its folder, file name, date, place, camera and the people on it. */
export async function annotatePhotos(ports: AnnotatePorts, options: AnnotatePhotosOptions): Promise<AnnotateOutcome> {
  const { catalog } = ports.library;
  if (options.photos !== 'all') for (const id of options.photos.showing) await requirePersonById(catalog, id);
  const photos = await catalog.photosWithPeople(options.photos === 'all' ? [] : options.photos.showing);
  const byId = new Map<string, StoredPhoto>(photos.map((p) => [p.sha256, p]));
  const names = await personNames(catalog);
  const prompt = options.vision ? PHOTO_PROMPT_V1_VISION : PHOTO_PROMPT_V1;
  const annotation: Annotation<PhotoReply, null> = {
    type: 'photo',
    prompt,
    async evidence(sha256, budget) {
      const faces = (await catalog.listFaces({ photoSha256: sha256 })).sort((a, b) => a.index - b.index);
      const named = faces.flatMap((f) => (f.personId !== null && names.get(f.personId) ? [names.get(f.personId)!] : []));
      const facts = { photo: byId.get(sha256)!, names: [...new Set(named)], unnamedFaces: faces.length - named.length };
      return { fitted: fitEvidence(photoEvidence(facts), budget), context: null };
    },
    images: (sha256) => photoImages(ports.images, sha256),
    suggestions: (sha256, reply) => photoSuggestions(sha256, reply, prompt.version),
  };
  return runAnnotation(ports, annotation, photos.map((p) => p.sha256), options);
}
