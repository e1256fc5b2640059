/**
 * Every number that decides who is who, in one place. A model pack ships its own values because
 * similarities are only comparable within one recogniser; these defaults suit ArcFace-style 512-d packs.
 *
 * Calibration anchor: on balanced LFW pairs the bundled 512-d recogniser separates same from different
 * people best at cosine similarity ~0.22 (0.26-0.27 for the 128-d ones; ../shared/models/README.md).
 * That threshold balances errors over a 50/50 mix of pairs; in a library every face is compared with
 * thousands of strangers and a wrong merge costs the user more than a split, so every similarity below
 * sits well above it.
 */
export interface ClusteringThresholds {
  /** Nearest faces fetched per face: enough to see ~exemplarCount faces of each nearby person and the density around a face. */
  neighbourCount: number;
  /** A face is compared with this many of a person's closest faces (averaged), so one look-alike photo cannot pull it in. */
  exemplarCount: number;
  /** Min mean similarity to a person's closest faces for a face to join that person automatically. */
  matchSimilarity: number;
  /** Min lead of the best person over the runner-up; below it the face is ambiguous and waits for the user. */
  matchMargin: number;
  /**
   * A group found by the density pass becomes a new person, even when it resembles a known person,
   * if its faces are closer to each other than to that person's faces by at least this much (a look-alike).
   */
  newPersonMargin: number;
  /** Min similarity of two unassigned faces to count as neighbours when the density pass looks for new people. */
  clusterSimilarity: number;
  /** Min faces that start a new person (DBSCAN's minPts: a seed face plus minClusterSize - 1 close neighbours). */
  minClusterSize: number;
  /** Min quality.overall for a face to help start a new person; blurry, tiny or profile faces may still join one. */
  seedQuality: number;
  /** Share of a re-clustered group that must come from one old person for the group to keep that person's id and name. */
  keepIdOverlap: number;
  /**
   * Nearest faces each face is linked to in the kNN graph of the graph methods (`--method louvain`, `chinese-whispers`).
   * Their edge floor is clusterSimilarity and their smallest person minClusterSize, as for the density pass.
   */
  communityNeighbourCount: number;
  /** Resolution of the Louvain method: above 1 it cuts the kNN graph into smaller communities, below 1 into larger ones. */
  communityResolution: number;
  /**
   * Per-person acceptance radius of the attach pass, or null (off): a face may join a person only if its score is at
   * least max(matchSimilarity, the person's spread - this slack), the spread being the 10th percentile of the person's
   * own faces' scores to the person (attach-to-people.ts personRadii; people of earlier runs from up to 32 of their
   * faces, radius-faces.ts). People with fewer than max(minClusterSize, 5) faces with neighbour lists use
   * matchSimilarity only. A pack manifest holds numbers only: 2 switches it off there.
   */
  adaptiveRadiusSlack: number | null;
  /**
   * People-merge pass (merge-people.ts), or null (off): two people join when at least this share of each one's faces
   * would join the other on their own (exemplar score >= matchSimilarity) and each side's mean score to the other
   * reaches the other's acceptance radius. A pack manifest holds numbers only: 2 switches it off there.
   */
  mergeSupport: number | null;
  /**
   * Rounds of the attach pass: each round judges the faces still without a person against the people as the previous
   * round left them (faces that joined become exemplars), until a round adds nobody. 1 = a single round.
   */
  attachRounds: number;
  /**
   * A clear lead lowers the bar, or null (off): a face whose best person's score leads every rival (the runner-up
   * person's score, or the face's closest face without a person when that is higher; 0 when there is neither) by at
   * least `leadMargin` may join at `leadSimilarity` instead of matchSimilarity (never below the person's acceptance
   * radius). An absolute similarity: a pack whose matchSimilarity differs must set its own or switch the rule off
   * (a pack manifest holds numbers only: leadMargin 2 switches it off there).
   */
  leadSimilarity: number | null;
  leadMargin: number;
  /**
   * Incremental runs of a library with people only, or null (off): a face whose closest face without a person is at
   * least clusterSimilarity close and closer, by at least this much, than the face's score to its best person waits
   * instead of joining (attach-to-people.ts holdsBack): it may be a relative whose own person a later run will make.
   * A pack manifest holds numbers only: 2 switches it off there.
   */
  holdBackMargin: number | null;
}

/**
 * Defaults for ArcFace-style 512-d packs (w600k MobileFaceNet: LFW best threshold 0.22). Measured with
 * yunet-w600k on an LFW subset (100 people with 4-30 photos + 200 seen once, 1,260 faces): strangers'
 * similarity p99.9 0.24, max 0.36; same person p5 0.40, median 0.59.
 * - matchSimilarity 0.35: just above the strangest stranger pair when averaged over three exemplars.
 *   LFW subset: 0.30 merged 1 of 200 single-photo people into someone, 0.25 merged 4; 0.40-0.45 lost
 *   0.1-0.5 points of recall. Synthetic libraries: 0.40 lost ~7 points of recall for no precision.
 * - clusterSimilarity 0.40: a new person has no user-confirmed anchor, so its seeds must be closer than
 *   any stranger pair seen (0.36). LFW subset: 0.45 lost 1.4 points of recall, 0.50 3 points; precision
 *   stayed 100 % down to 0.35.
 * - minClusterSize 3: as Immich's minFaces; two faces alone are too often one photo shoot of a stranger.
 *   LFW subset: 2 cost 5 points of recall (the density pass then splits people), 4 cost 1 point.
 * - matchMargin 0.05: about half the spread of same-person similarities between two photos of a person.
 * - newPersonMargin 0.1: on synthetic libraries a group of a known person's new faces scored within
 *   ±0.08 of its own cohesion, a look-alike's group 0.09-0.17 below it; 0.05 split real people, 0.12
 *   let look-alikes join in incremental runs.
 * - seedQuality 0.3: quality.overall multiplies size, frontalness and sqrt(sharpness), so an ordinary
 *   slightly turned face scores below 0.5 (28 % of the LFW faces). LFW subset: 0.5 lost 1.4 points of
 *   recall against 0.3, 0.7 lost 14; precision was 100 % at every value, even 0.
 * Together on the LFW subset: pairwise precision 100 %, recall 98.6 %, F1 0.993, no single-photo person merged.
 *
 * The graph methods (not the default), chosen on LFW people A-E + singletons A-D (2,027 photos, 2,433 faces,
 * yunet-scrfd500m-w600k), edge floor clusterSimilarity 0.40 (0.38 merged 1 singleton, 0.35 merged 2, 0.30 merged 19;
 * 0.42-0.50 lost recall):
 * - communityNeighbourCount 48: Chinese whispers splits big people at k 10-32 (Colin Powell's 236 photos fall into
 *   two labels: pairwise recall 0.75-0.80), keeps them whole from 48 to 128 (F1 0.9992); Louvain is the same from 24 to 96.
 * - communityResolution 0.1 (Louvain runs on each connected component by itself): every A-E person whole from 0.05
 *   to 0.3 at k 48 (F1 0.9996 at 0.05-0.1, 0.9993 at 0.2-0.3: one small person split), Colin Powell split from 0.5 on
 *   (recall 0.74), most big people split at 1 (recall 0.39). At floor 0.36-0.38, 0.1 cuts a merge that 0.05 keeps.
 *
 * adaptiveRadiusSlack 0.2, chosen on the same A-E subset (exemplar-density, in-memory re-cluster of a kept analysis):
 * off F1 0.9996, BCubed 0.9976, 1 of 351 singletons merged (David Hasselhoff into Bill Simon); with the 10th
 * percentile, slack 0 F1 0.9888 (recall 0.978), 0.05 0.9970, 0.1 0.9994, 0.15-0.25 0.9997 / 0.9980 / 0 merged, 0.3 as
 * off. 0.2 is the middle of that plateau (5th percentile: plateau 0.1-0.2; 25th: 0.2-0.25). Full LFW + singletons, one
 * run, once: F1 0.9980 -> 0.9993, BCubed 0.9967 -> 0.9969, singletons merged 5 -> 0 of 1,357; small/ unchanged.
 * Incremental runs saw it only for people that got 5+ faces in the run (earlier faces had no neighbour lists): 5
 * contiguous runs' agreement with one run 1.0000 -> 0.9988 (2 singletons merged), 5 interleaved 0.9984 -> 0.9994.
 * Since issue 15 people of earlier runs get their radius from a sample of their faces (radius-faces.ts): 5 interleaved
 * runs of LFW + singletons 0.9994 -> 0.9995, singletons merged 2 -> 0; glint-celebs and small/ unchanged.
 *
 * Issue 15 (one person stays one person), tuned on a fixed split written down before tuning (bench/recluster-tune.ts:
 * glint-celebs people sorted by name, first 12 for tuning; LFW A-E + singletons A-D), in-memory re-clusters of one
 * analysis each (docs/accuracy.md, "One person stays one person"):
 * - attachRounds 10: one round left 10 of the glint tuning half's 356 faces over, mostly profiles whose only close faces
 *   were other profiles that joined in the same round; a second round took 4 of them (recall 0.8747 -> 0.8966), later
 *   rounds add nothing (2-10 the same), so 10 only bounds the loop. LFW A-E + singletons A-D, LFW + singletons (all
 *   8,090: F1 0.9993, 0 merged, 5-run agreement 0.9994) and the synthetic libraries (one run and incremental): unchanged.
 * - leadSimilarity 0.33 with leadMargin 0.15: 5 of the glint tuning half's 6 leftovers scored 0.335-0.348 to their own
 *   person (just under matchSimilarity) with leads of 0.07-0.35 over anyone else: faces behind sunglasses, a laugh with
 *   closed eyes, a profile. Joining at 0.33 when the best person leads every rival by 0.15 takes 4 of them (recall
 *   0.8966 -> 0.9188, F1 0.9455 -> 0.9577; 0.32-0.30 take no more, 0.34 one fewer; a lead of 0.1 takes the same 4, 0.2 /
 *   0.25 three, 0.3 one: 0.15 is the cautious end of the plateau).
 *   The rivals include the face's closest face without a person: with the runner-up person alone (the session before)
 *   the synthetic relatives library (centres 0.5) in 5 runs of 100 faces fell from F1 0.960 to 0.882-0.90 (a relative's
 *   first faces, whose own person does not exist yet, joined the sibling on a lead over nobody), and on the full LFW +
 *   singletons a lead of 0.15 merged 1 of 1,357; with it the relatives library gains (one run F1 0.988 -> 0.995, 5 runs
 *   0.960 -> 0.967), the near-twins one stays (0.976 -> 0.979, precision 0.980 -> 0.976) and LFW + singletons is
 *   unchanged (F1 0.9993, 0 merged in one run and in 5). LFW A-E + singletons A-D: unchanged at every value.
 * - mergeSupport null (off): the people-merge pass at 0.5 joins James_Spader young and old (glint tuning half F1 0.9455 ->
 *   0.9660; support plateau 0.3-0.6, 0.7 joins nothing) and merges nothing on LFW A-E, but it cannot tell a person's two
 *   eras from the synthetic near-twins (centres 0.65 apart) that must stay apart: both link at mean exemplar scores
 *   0.35-0.41 with half or more of the faces supporting; the "hard" synthetic library fell from F1 0.976 to 0.779.
 *   Split people are left to the review queue's "are these the same person?" questions.
 * - holdBackMargin 0.15 (incremental runs of a library with people only): the synthetic relatives library (centres 0.5)
 *   added in runs of 100 faces reached F1 0.967 (precision 0.951) against 0.995 in one run, because a relative's first
 *   faces, too few in a run to form a group, joined the sibling face by face. A face at least this much closer to a face
 *   without a person (itself >= clusterSimilarity) than to its best person now waits: runs of 100 give 0.995, the same
 *   as one run (plateau 0.1-0.2; 0.25 holds nothing back). LFW A-E + singletons A-D in 5 runs: 0.1 left one more face
 *   over (agreement recall 1.0000 -> 0.9999), 0.15-0.25 nothing changes. One run cannot change (the rule is off there);
 *   5 runs of glint-celebs (tuning half, held-out half, whole), LFW + singletons, small/ and the near-twins library:
 *   unchanged. A difference of similarities, so the other packs keep it (not measured with them).
 */
export const DEFAULT_CLUSTERING_THRESHOLDS: Readonly<ClusteringThresholds> = Object.freeze({
  neighbourCount: 24,
  exemplarCount: 3,
  matchSimilarity: 0.35,
  matchMargin: 0.05,
  newPersonMargin: 0.1,
  clusterSimilarity: 0.4,
  minClusterSize: 3,
  seedQuality: 0.3,
  keepIdOverlap: 0.5,
  communityNeighbourCount: 48,
  communityResolution: 0.1,
  adaptiveRadiusSlack: 0.2,
  mergeSupport: null,
  attachRounds: 10,
  leadSimilarity: 0.33,
  leadMargin: 0.15,
  holdBackMargin: 0.15,
});

export class InvalidClusteringThresholdsError extends Error {
  override readonly name = 'InvalidClusteringThresholdsError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid clustering thresholds: ${problems.join('; ')}`);
  }
}

/** Throws with every problem at once, so a pack author fixes a manifest in one go. */
export function assertValidThresholds(t: ClusteringThresholds): void {
  const problems: string[] = [];
  type OptionalKey = 'adaptiveRadiusSlack' | 'mergeSupport' | 'leadSimilarity' | 'holdBackMargin';
  type NumberKey = Exclude<keyof ClusteringThresholds, OptionalKey>;
  const wholeAtLeast = (key: NumberKey, min: number) => {
    if (!Number.isInteger(t[key]) || t[key] < min) problems.push(`${key} must be a whole number >= ${min}, got ${t[key]}`);
  };
  const within = (key: NumberKey, min: number, max: number) => {
    if (!Number.isFinite(t[key]) || t[key] < min || t[key] > max) problems.push(`${key} must be in ${min}..${max}, got ${t[key]}`);
  };
  // The rules a pack may switch off: null, or a number in the range.
  const offOrWithin = (key: OptionalKey, min: number, max: number) => {
    const value: unknown = t[key];
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)) {
      problems.push(`${key} must be null (off) or in ${min}..${max}, got ${String(value)}`);
    }
  };
  wholeAtLeast('neighbourCount', 1);
  wholeAtLeast('exemplarCount', 1);
  wholeAtLeast('minClusterSize', 2);
  wholeAtLeast('communityNeighbourCount', 1);
  wholeAtLeast('attachRounds', 1);
  within('matchSimilarity', -1, 1);
  within('matchMargin', 0, 2);
  within('newPersonMargin', 0, 2);
  within('clusterSimilarity', -1, 1);
  within('seedQuality', 0, 1);
  within('keepIdOverlap', 0, 1);
  within('leadMargin', 0, 2);
  if (!Number.isFinite(t.communityResolution) || t.communityResolution <= 0) {
    problems.push(`communityResolution must be a number > 0, got ${t.communityResolution}`);
  }
  offOrWithin('adaptiveRadiusSlack', 0, 2);
  offOrWithin('leadSimilarity', -1, 1);
  offOrWithin('holdBackMargin', 0, 2);
  offOrWithin('mergeSupport', 0, 2);
  if (problems.length === 0 && t.neighbourCount < t.minClusterSize - 1) {
    problems.push(`neighbourCount (${t.neighbourCount}) cannot see minClusterSize - 1 (${t.minClusterSize - 1}) neighbours`);
  }
  if (problems.length > 0) throw new InvalidClusteringThresholdsError(problems);
}
