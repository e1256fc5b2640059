import {
  sameSuggestedValue,
  suggestionNumber,
  unknownSuggestionError,
  unknownTargetError,
  validateNewSuggestion,
  type NewSuggestion,
  type StoredSuggestion,
  type SuggestionFilter,
  type SuggestionKind,
  type SuggestionStatus,
  type SuggestionTarget,
} from '../suggestions.js';
import type { SqliteDatabase } from './connection.js';
import { inWriteTransaction } from './write-transaction.js';

interface SuggestionRow {
  id: number;
  person_id: string | null;
  photo_sha256: string | null;
  kind: SuggestionKind;
  value: string;
  evidence: string;
  confidence: number;
  model: string;
  prompt_version: string;
  prompt_tokens: number;
  completion_tokens: number;
  ms: number;
  created_at: string;
  status: SuggestionStatus;
}

const COLUMNS = `id, person_id, photo_sha256, kind, value, evidence, confidence, model, prompt_version, prompt_tokens,
  completion_tokens, ms, created_at, status`;

/** Suggestions in one table, keyed to their person or photo (see migration 4). */
export class SuggestionRepository {
  private readonly insertStatement;
  private readonly importStatement;
  private readonly personExists;
  private readonly photoExists;

  constructor(private readonly db: SqliteDatabase) {
    this.insertStatement = db.prepare(
      `INSERT INTO suggestions (person_id, photo_sha256, kind, value, evidence, confidence, model, prompt_version,
         prompt_tokens, completion_tokens, ms, created_at)
       VALUES (@personId, @photoSha256, @kind, @value, @evidence, @confidence, @model, @promptVersion,
         @promptTokens, @completionTokens, @ms, @createdAt)`,
    );
    this.importStatement = db.prepare(
      `INSERT INTO suggestions (id, person_id, photo_sha256, kind, value, evidence, confidence, model, prompt_version,
         prompt_tokens, completion_tokens, ms, created_at, status)
       VALUES (@id, @personId, @photoSha256, @kind, @value, @evidence, @confidence, @model, @promptVersion,
         @promptTokens, @completionTokens, @ms, @createdAt, @status)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status`,
    );
    this.personExists = db.prepare<[string], number>('SELECT 1 FROM people WHERE id = ?').pluck();
    this.photoExists = db.prepare<[string], number>('SELECT 1 FROM photos WHERE sha256 = ?').pluck();
  }

  addSuggestions(suggestions: readonly NewSuggestion[]): string[] {
    for (const suggestion of suggestions) validateNewSuggestion(suggestion);
    return inWriteTransaction(this.db, () => {
      const createdAt = new Date().toISOString();
      return suggestions.map((s) => `s${this.insertStatement.run(this.row(s, createdAt)).lastInsertRowid}`);
    });
  }

  importSuggestions(suggestions: readonly StoredSuggestion[]): void {
    for (const suggestion of suggestions) {
      validateNewSuggestion(suggestion);
      if (suggestionNumber(suggestion.id) === null) throw unknownSuggestionError(suggestion.id);
    }
    // AUTOINCREMENT keeps the largest id ever used, so addSuggestions continues after the imported ones.
    inWriteTransaction(this.db, () => {
      for (const s of suggestions) this.importStatement.run({ ...this.row(s, s.createdAt), id: suggestionNumber(s.id), status: s.status });
    });
  }

  /** The columns of a new row, after checking that its target exists. */
  private row(s: NewSuggestion, createdAt: string) {
    const exists = s.target.type === 'person' ? this.personExists.get(s.target.id) : this.photoExists.get(s.target.id);
    if (exists === undefined) throw unknownTargetError(s.target);
    return {
      personId: s.target.type === 'person' ? s.target.id : null,
      photoSha256: s.target.type === 'photo' ? s.target.id : null,
      kind: s.kind,
      value: s.value,
      evidence: JSON.stringify(s.evidence),
      confidence: s.confidence,
      model: s.model,
      promptVersion: s.promptVersion,
      promptTokens: s.promptTokens,
      completionTokens: s.completionTokens,
      ms: s.ms,
      createdAt,
    };
  }

  listSuggestions(filter: SuggestionFilter = {}): StoredSuggestion[] {
    const where: string[] = [];
    const parameters: (string | number)[] = [];
    if (filter.status !== undefined) {
      where.push('status = ?');
      parameters.push(filter.status);
    }
    if (filter.target !== undefined) {
      where.push(filter.target.type === 'person' ? 'person_id = ?' : 'photo_sha256 = ?');
      parameters.push(filter.target.id);
    }
    const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    return this.db.prepare<unknown[], SuggestionRow>(`SELECT ${COLUMNS} FROM suggestions ${clause} ORDER BY id`).all(...parameters).map(toSuggestion);
  }

  getSuggestion(id: string): StoredSuggestion | null {
    const n = suggestionNumber(id);
    if (n === null) return null;
    const row = this.db.prepare<[number], SuggestionRow>(`SELECT ${COLUMNS} FROM suggestions WHERE id = ?`).get(n);
    return row === undefined ? null : toSuggestion(row);
  }

  decideSuggestion(id: string, status: 'accepted' | 'rejected'): void {
    const n = suggestionNumber(id);
    const { changes } =
      n === null ? { changes: 0 } : this.db.prepare('UPDATE suggestions SET status = ?, decided_at = ? WHERE id = ?').run(status, new Date().toISOString(), n);
    if (changes === 0) throw unknownSuggestionError(id);
  }

  wasRejected(target: SuggestionTarget, kind: SuggestionKind, value: string): boolean {
    const column = target.type === 'person' ? 'person_id' : 'photo_sha256';
    const rejected = this.db
      .prepare<[string, string], string>(`SELECT value FROM suggestions WHERE ${column} = ? AND kind = ? AND status = 'rejected'`)
      .pluck()
      .all(target.id, kind);
    return rejected.some((earlier) => sameSuggestedValue(earlier, value));
  }

  suggestedTargets(type: SuggestionTarget['type'], promptVersion: string): string[] {
    const column = type === 'person' ? 'person_id' : 'photo_sha256';
    return this.db
      .prepare<[string], string>(`SELECT DISTINCT ${column} FROM suggestions WHERE prompt_version = ? AND ${column} IS NOT NULL ORDER BY ${column}`)
      .pluck()
      .all(promptVersion);
  }
}

function toSuggestion(row: SuggestionRow): StoredSuggestion {
  return {
    id: `s${row.id}`,
    target: row.person_id !== null ? { type: 'person', id: row.person_id } : { type: 'photo', id: row.photo_sha256! },
    kind: row.kind,
    value: row.value,
    evidence: JSON.parse(row.evidence) as string[],
    confidence: row.confidence,
    model: row.model,
    promptVersion: row.prompt_version,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    ms: row.ms,
    createdAt: row.created_at,
    status: row.status,
  };
}
