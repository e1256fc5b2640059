import type { FaceWithEmbedding, StoredFace } from '../catalog.js';
import { faceId } from '../catalog.js';
import type { AssignmentSource, FoundFace, Landmarks5 } from '../../domain/types.js';
import type { SqliteDatabase } from './connection.js';
import { blobToEmbedding, embeddingToBlob } from './embedding-codec.js';
import type { VectorIndexes } from './vector-index.js';

interface FaceRow {
  id: string;
  photo_sha256: string;
  idx: number;
  box_x: number;
  box_y: number;
  box_w: number;
  box_h: number;
  score: number;
  landmarks: string;
  quality_size: number;
  quality_sharpness: number;
  quality_frontal: number;
  quality_overall: number;
  pack: string;
  person_id: string | null;
  source: AssignmentSource | null;
}

interface FaceWithEmbeddingRow extends FaceRow {
  embedding: Buffer;
}

const FACE_COLUMNS = `id, photo_sha256, idx, box_x, box_y, box_w, box_h, score, landmarks,
  quality_size, quality_sharpness, quality_frontal, quality_overall, pack, person_id, source`;

export interface FaceFilter {
  pack?: string;
  photoSha256?: string;
  personId?: string;
}

export class FaceRepository {
  private readonly insertFace;
  private readonly deleteFacesOfPhotoStatement;
  private readonly listFacesStatement;
  private readonly listFacesOfPersonStatement;
  private readonly listWithEmbeddings;
  private readonly embeddingOf;
  private readonly faceById;

  constructor(
    db: SqliteDatabase,
    private readonly vectors: VectorIndexes,
  ) {
    this.insertFace = db.prepare(`
      INSERT INTO faces (id, photo_sha256, idx, box_x, box_y, box_w, box_h, score, landmarks,
        quality_size, quality_sharpness, quality_frontal, quality_overall, pack, vector_index, embedding)
      VALUES (@id, @photoSha256, @index, @boxX, @boxY, @boxW, @boxH, @score, @landmarks,
        @qualitySize, @qualitySharpness, @qualityFrontal, @qualityOverall, @pack, @vectorIndex, @embedding)
    `);
    this.deleteFacesOfPhotoStatement = db.prepare<[string]>('DELETE FROM faces WHERE photo_sha256 = ?');
    // A NULL parameter means "no filter on this column", so one statement serves every filter combination.
    this.listFacesStatement = db.prepare<{ pack: string | null; photoSha256: string | null; personId: string | null }, FaceRow>(`
      SELECT ${FACE_COLUMNS} FROM faces
      WHERE (@pack IS NULL OR pack = @pack)
        AND (@photoSha256 IS NULL OR photo_sha256 = @photoSha256)
        AND (@personId IS NULL OR person_id = @personId)
      ORDER BY photo_sha256, idx
    `);
    // A person's faces by the person index: "@personId IS NULL OR ..." above keeps SQLite from using it (a full scan).
    this.listFacesOfPersonStatement = db.prepare<{ pack: string | null; photoSha256: string | null; personId: string }, FaceRow>(`
      SELECT ${FACE_COLUMNS} FROM faces
      WHERE person_id = @personId
        AND (@pack IS NULL OR pack = @pack)
        AND (@photoSha256 IS NULL OR photo_sha256 = @photoSha256)
      ORDER BY photo_sha256, idx
    `);
    this.listWithEmbeddings = db.prepare<{ pack: string; unassignedOnly: number }, FaceWithEmbeddingRow>(`
      SELECT ${FACE_COLUMNS}, embedding FROM faces
      WHERE pack = @pack AND (@unassignedOnly = 0 OR person_id IS NULL)
      ORDER BY photo_sha256, idx
    `);
    this.embeddingOf = db.prepare<[string], Buffer>('SELECT embedding FROM faces WHERE id = ?').pluck();
    this.faceById = db.prepare<[string], FaceRow>(`SELECT ${FACE_COLUMNS} FROM faces WHERE id = ?`);
  }

  /** Inserts the faces of one photo; the caller validated them and holds the write transaction. */
  insertFaces(photoSha256: string, pack: string, faces: readonly FoundFace[]): void {
    if (faces.length === 0) return;
    const vectorIndex = this.vectors.ensure(pack, faces[0]!.embedding.length);
    for (const face of faces) {
      this.insertFace.run({
        id: faceId(photoSha256, pack, face.index),
        photoSha256,
        index: face.index,
        boxX: face.box.x,
        boxY: face.box.y,
        boxW: face.box.w,
        boxH: face.box.h,
        score: face.score,
        landmarks: JSON.stringify(face.landmarks),
        qualitySize: face.quality.size,
        qualitySharpness: face.quality.sharpness,
        qualityFrontal: face.quality.frontal,
        qualityOverall: face.quality.overall,
        pack,
        vectorIndex,
        embedding: embeddingToBlob(face.embedding),
      });
    }
  }

  deleteFacesOfPhoto(photoSha256: string): void {
    this.deleteFacesOfPhotoStatement.run(photoSha256);
  }

  listFaces(filter: FaceFilter = {}): StoredFace[] {
    const { pack = null, photoSha256 = null, personId } = filter;
    const rows =
      personId === undefined
        ? this.listFacesStatement.all({ pack, photoSha256, personId: null })
        : this.listFacesOfPersonStatement.all({ pack, photoSha256, personId });
    return rows.map(toStoredFace);
  }

  listFacesWithEmbeddings(pack: string, filter: { unassignedOnly?: boolean } = {}): FaceWithEmbedding[] {
    return this.listWithEmbeddings
      .all({ pack, unassignedOnly: filter.unassignedOnly ? 1 : 0 })
      .map((row) => ({ ...toStoredFace(row), embedding: blobToEmbedding(row.embedding) }));
  }

  /** Unknown ids are simply absent from the result. */
  getFaceEmbeddings(faceIds: readonly string[]): Map<string, Float32Array> {
    const found = new Map<string, Float32Array>();
    for (const id of faceIds) {
      const blob = this.embeddingOf.get(id);
      if (blob) found.set(id, blobToEmbedding(blob));
    }
    return found;
  }

  getFaces(faceIds: readonly string[]): StoredFace[] {
    return [...new Set(faceIds)].flatMap((id) => {
      const row = this.faceById.get(id);
      return row ? [toStoredFace(row)] : [];
    });
  }
}

function toStoredFace(row: FaceRow): StoredFace {
  return {
    id: row.id,
    photoSha256: row.photo_sha256,
    index: row.idx,
    box: { x: row.box_x, y: row.box_y, w: row.box_w, h: row.box_h },
    score: row.score,
    landmarks: JSON.parse(row.landmarks) as Landmarks5,
    quality: {
      size: row.quality_size,
      sharpness: row.quality_sharpness,
      frontal: row.quality_frontal,
      overall: row.quality_overall,
    },
    pack: row.pack,
    personId: row.person_id,
    source: row.source,
  };
}
