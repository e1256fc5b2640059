import type { FacePlacement, FacePlacementQuery, PersonName } from '../catalog.js';
import type { AssignmentSource } from '../../domain/types.js';
import type { SqliteDatabase } from './connection.js';

interface PlacementRow {
  id: string;
  photo_sha256: string;
  idx: number;
  quality_overall: number;
  person_id: string | null;
  source: AssignmentSource | null;
}

/** Qualified: json_each has an id column too. */
const COLUMNS = 'faces.id, faces.photo_sha256, faces.idx, faces.quality_overall, faces.person_id, faces.source';

/**
 * Without statistics SQLite would pick the pack index and read every face of the pack: CROSS JOIN makes the list the
 * outer loop (each value looked up by the column's index), and "+pack" keeps the pack index out.
 */
const inList = (column: string, index = '') =>
  `SELECT ${COLUMNS} FROM json_each(?) AS list CROSS JOIN faces ${index} ON faces.${column} = list.value WHERE +faces.pack = ?`;

/**
 * The reads that visit many faces come from covering indexes alone (migration 8), not from the face rows, which their
 * embeddings spread over the whole file: the pool of a pack, and the faces of people (a big person's rows fill
 * thousands of pages) and their counts. Exported for the test that holds them to it.
 */
export const COVERED_READS = {
  // A face clustering may place: no person, and no decision of the user (whose "nobody" stays nobody).
  unplaced: `SELECT ${COLUMNS} FROM faces INDEXED BY faces_unplaced WHERE person_id IS NULL AND source IS NOT 'user' AND pack = ?`,
  ofPeople: inList('person_id', 'INDEXED BY faces_placed'),
  countsOfPeople: `SELECT person_id, count(*) AS faces FROM (SELECT DISTINCT value FROM json_each(?)) AS list
    CROSS JOIN faces INDEXED BY faces_placed ON faces.person_id = list.value WHERE +faces.pack = ? GROUP BY person_id`,
};

/**
 * The small reads of a neighbourhood-local clustering run (issue 16): faces by id, by person, by photo, the pool and
 * the user's faces, each by an index (lists of ids go in as one JSON array parameter), and the people without counts.
 */
export class FacePlacements {
  private readonly byIds;
  private readonly byPeople;
  private readonly byPhotos;
  private readonly unplaced;
  private readonly decidedByUser;
  private readonly counts;
  private readonly names;

  constructor(db: SqliteDatabase) {
    this.byIds = db.prepare<[string, string], PlacementRow>(inList('id'));
    this.byPeople = db.prepare<[string, string], PlacementRow>(COVERED_READS.ofPeople);
    this.byPhotos = db.prepare<[string, string], PlacementRow>(inList('photo_sha256'));
    this.unplaced = db.prepare<[string], PlacementRow>(COVERED_READS.unplaced);
    this.decidedByUser = db.prepare<[string], PlacementRow>(`SELECT ${COLUMNS} FROM faces WHERE source = 'user' AND pack = ?`);
    this.counts = db.prepare<[string, string], { person_id: string; faces: number }>(COVERED_READS.countsOfPeople);
    this.names = db.prepare<[], { id: string; name: string | null; hidden: number }>('SELECT id, name, hidden FROM people ORDER BY id');
  }

  list(pack: string, query: FacePlacementQuery): FacePlacement[] {
    const found = new Map<string, PlacementRow>();
    const add = (rows: readonly PlacementRow[]) => {
      for (const row of rows) found.set(row.id, row);
    };
    if (query.faceIds?.length) add(this.byIds.all(JSON.stringify(query.faceIds), pack));
    if (query.personIds?.length) add(this.byPeople.all(JSON.stringify(query.personIds), pack));
    if (query.photoSha256s?.length) add(this.byPhotos.all(JSON.stringify(query.photoSha256s), pack));
    if (query.unplaced) add(this.unplaced.all(pack));
    if (query.decidedByUser) add(this.decidedByUser.all(pack));
    return [...found.values()].sort(byPhotoAndIndex).map(toPlacement);
  }

  countFacesOfPeople(pack: string, personIds: readonly string[]): Map<string, number> {
    if (personIds.length === 0) return new Map();
    return new Map(this.counts.all(JSON.stringify(personIds), pack).map((row) => [row.person_id, row.faces]));
  }

  listPersonNames(): PersonName[] {
    return this.names.all().map((row) => ({ id: row.id, name: row.name, hidden: row.hidden === 1 }));
  }
}

/** listFaces' order (ORDER BY photo_sha256, idx), in code units as SQLite's BINARY collation compares. */
function byPhotoAndIndex(a: PlacementRow, b: PlacementRow): number {
  return a.photo_sha256 < b.photo_sha256 ? -1 : a.photo_sha256 > b.photo_sha256 ? 1 : a.idx - b.idx;
}

function toPlacement(row: PlacementRow): FacePlacement {
  return { id: row.id, photoSha256: row.photo_sha256, index: row.idx, quality: row.quality_overall, personId: row.person_id, source: row.source };
}
