import { cropKey, faceId, type Catalog, type StoredFace, type StoredPhoto } from '../../catalog/catalog.js';
import { intersectionOverUnion } from '../../domain/geometry.js';
import type { Box } from '../../domain/types.js';
import type { ObjectStore } from '../../objects/object-store.js';
import type { Analyser } from '../../pipeline/analyse-photo.js';
import { decodePhoto } from '../../pipeline/decode.js';
import { checkRegionBox } from './region-box-check.js';
import { MATCH_IOU, type RegionMatch } from './match-regions.js';
import { regionFace, type RegionFace } from './region-face.js';

/** What `--add-faces` needs: the library's pack loaded in this process, and where faces and crops are stored. */
export interface RegionFaceAdder {
  dryRun: boolean;
  pack: string;
  /** The scan's limit (config.minFaceSize): smaller regions are not made faces. */
  minFaceSize: number;
  /** The pack loaded in this process; asked for only when a face is made (a dry run loads no model). */
  analyser(): Promise<Analyser>;
  catalog: Pick<Catalog, 'addFaces'>;
  objects: Pick<ObjectStore, 'put'>;
  /** The photo's bytes, checked against its sha256 (PhotoBytes), wherever the scan found it. */
  readPhoto(photo: StoredPhoto): Promise<Uint8Array>;
}

export interface AddedFace {
  photoPath: string;
  name: string;
  /** Null in a dry run: nothing was made. */
  faceId: string | null;
  box: Box;
}

/** The parts of the import's report this step changes. */
export interface AddFacesReport {
  unmatched: { photoPath: string; name: string; reason?: string }[];
  addedFaces: AddedFace[];
  errors: string[];
}

/**
 * Makes a face of every region of one photo that matched none (see regionFace), and points the match at it, so the
 * import names it like a matched face. Ids follow on from the photo's detected faces (faceId of the next free
 * index), in the order the regions were read; a rerun finds the face stored here as the region's match, so it is
 * never added twice. Crops are stored before the faces, as a scan does, so a failure leaves no face without one.
 */
export async function addRegionFaces(adder: RegionFaceAdder, photo: StoredPhoto, faces: readonly StoredFace[], matches: RegionMatch[], report: AddFacesReport): Promise<void> {
  const pending = matches.filter((m) => m.face === null);
  if (pending.length === 0) return;
  report.unmatched.splice(0, report.unmatched.length, ...report.unmatched.filter((u) => u.photoPath !== photo.path));
  const leftUnmatched = (match: RegionMatch, reason?: string) => report.unmatched.push({ photoPath: photo.path, name: match.region.name, ...(reason ? { reason } : {}) });
  if (photo.pack !== adder.pack) {
    report.errors.push(`cannot add faces to ${photo.path}: it was analysed with ${photo.pack}, the library's pack is ${adder.pack} (scan it again)`);
    pending.forEach((m) => leftUnmatched(m));
    return;
  }

  const plans = planFaces(pending, photo, adder.minFaceSize, leftUnmatched);
  const toMake = plans.filter((p) => p.sharesWith === null);
  if (!adder.dryRun && toMake.length > 0) {
    try {
      let nextIndex = Math.max(-1, ...faces.map((f) => f.index)) + 1;
      const analyser = await adder.analyser();
      const decoded = await decodePhoto(await adder.readPhoto(photo), analyser.decode);
      for (const plan of toMake) plan.made = await regionFace(decoded, plan.box, analyser, nextIndex++);
      const made = toMake.map((p) => p.made!);
      await Promise.all(made.map((r) => adder.objects.put(cropKey(faceId(photo.sha256, adder.pack, r.face.index)), r.crop, 'image/jpeg')));
      await adder.catalog.addFaces(photo.sha256, adder.pack, made.map((r) => r.face));
    } catch (error) {
      report.errors.push(`cannot add faces to ${photo.path}: ${error instanceof Error ? error.message : String(error)}`);
      plans.forEach((p) => leftUnmatched(p.match));
      return;
    }
  }
  for (const plan of plans) {
    const own = plan.sharesWith ?? plan;
    const stored = own.made ? storedFace(photo.sha256, adder.pack, own.made) : null;
    if (stored) {
      plan.match.face = stored;
      plan.match.iou = intersectionOverUnion(plan.match.box, stored.box);
    }
    if (plan.sharesWith === null) report.addedFaces.push({ photoPath: photo.path, name: plan.match.region.name, faceId: stored?.id ?? null, box: plan.box });
  }
}

interface FacePlan {
  match: RegionMatch;
  box: Box;
  /** Another region at the same place whose face this one names too, instead of a second face. */
  sharesWith: FacePlan | null;
  made: RegionFace | null;
}

/** The regions fit to become faces (others are left unmatched with the reason); two at one place make one face. */
function planFaces(pending: readonly RegionMatch[], photo: StoredPhoto, minFaceSize: number, leftUnmatched: (m: RegionMatch, reason: string) => void): FacePlan[] {
  const plans: FacePlan[] = [];
  for (const match of pending) {
    // The same face named twice (two names, or two formats a little apart): planImport reports the clash.
    const earlier = plans.find((p) => p.sharesWith === null && intersectionOverUnion(p.box, match.box) >= MATCH_IOU);
    if (earlier) {
      plans.push({ match, box: earlier.box, sharesWith: earlier, made: null });
      continue;
    }
    const check = checkRegionBox(match.box, photo.width, photo.height, minFaceSize);
    if ('reason' in check) leftUnmatched(match, `${check.reason}: no face added`);
    else plans.push({ match, box: check.box, sharesWith: null, made: null });
  }
  return plans;
}

function storedFace(photoSha256: string, pack: string, { face }: RegionFace): StoredFace {
  const { embedding: _embedding, ...rest } = face;
  return { ...rest, id: faceId(photoSha256, pack, face.index), photoSha256, pack, personId: null, source: null };
}
