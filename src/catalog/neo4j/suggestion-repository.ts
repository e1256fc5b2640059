import neo4j from 'neo4j-driver';
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
  type SuggestionTarget,
} from '../suggestions.js';
import type { Transaction } from './connection.js';

/** The node a target is, matched as `t`: fixed text chosen by type, never built from input. */
function targetPattern(type: SuggestionTarget['type']): string {
  return type === 'person' ? '(t:Person {id: $targetId})' : '(t:Photo {sha256: $targetId})';
}

const RETURNED = `s.id AS id, s.targetType AS targetType, coalesce(t.id, t.sha256) AS targetId, s.kind AS kind, s.value AS value,
  s.evidence AS evidence, s.confidence AS confidence, s.model AS model, s.promptVersion AS promptVersion,
  s.promptTokens AS promptTokens, s.completionTokens AS completionTokens, s.ms AS ms, s.createdAt AS createdAt,
  s.status AS status`;

/**
 * Suggestions as (:Suggestion)-[:ABOUT]->(:Person | :Photo). A target deleted with DETACH DELETE takes the ABOUT
 * edge with it; every read goes through that edge, so a suggestion about something gone is never listed.
 */
export class SuggestionRepository {
  async addSuggestions(tx: Transaction, suggestions: readonly NewSuggestion[]): Promise<string[]> {
    for (const suggestion of suggestions) validateNewSuggestion(suggestion);
    const createdAt = new Date().toISOString();
    const ids: string[] = [];
    for (const s of suggestions) {
      const result = await tx.run(
        `MATCH ${targetPattern(s.target.type)}
         MERGE (c:Counter {name: 'suggestion'}) ON CREATE SET c.value = 0
         SET c.value = c.value + 1
         CREATE (s:Suggestion {id: c.value, targetType: $targetType, kind: $kind, value: $value, evidence: $evidence,
           confidence: $confidence, model: $model, promptVersion: $promptVersion, promptTokens: $promptTokens,
           completionTokens: $completionTokens, ms: $ms, createdAt: $createdAt, status: 'pending'})-[:ABOUT]->(t)
         RETURN s.id AS id`,
        { ...parameters(s), createdAt },
      );
      const record = result.records[0];
      if (record === undefined) throw unknownTargetError(s.target);
      ids.push(`s${record.get('id') as number}`);
    }
    return ids;
  }

  async importSuggestions(tx: Transaction, suggestions: readonly StoredSuggestion[]): Promise<void> {
    for (const s of suggestions) {
      validateNewSuggestion(s);
      if (suggestionNumber(s.id) === null) throw unknownSuggestionError(s.id);
    }
    for (const s of suggestions) {
      const n = suggestionNumber(s.id)!;
      const result = await tx.run(
        `MATCH ${targetPattern(s.target.type)}
         MERGE (s:Suggestion {id: $id})
           ON CREATE SET s.targetType = $targetType, s.kind = $kind, s.value = $value, s.evidence = $evidence,
             s.confidence = $confidence, s.model = $model, s.promptVersion = $promptVersion, s.promptTokens = $promptTokens,
             s.completionTokens = $completionTokens, s.ms = $ms, s.createdAt = $createdAt
         SET s.status = $status
         MERGE (s)-[:ABOUT]->(t)
         MERGE (c:Counter {name: 'suggestion'}) ON CREATE SET c.value = 0
         SET c.value = CASE WHEN c.value < $id THEN $id ELSE c.value END
         RETURN s.id AS id`,
        { ...parameters(s), id: neo4j.int(n), createdAt: s.createdAt, status: s.status },
      );
      if (result.records.length === 0) throw unknownTargetError(s.target);
    }
  }

  async listSuggestions(tx: Transaction, filter: SuggestionFilter = {}): Promise<StoredSuggestion[]> {
    const match = filter.target === undefined ? '(s:Suggestion)-[:ABOUT]->(t)' : `(s:Suggestion)-[:ABOUT]->${targetPattern(filter.target.type)}`;
    const result = await tx.run(
      `MATCH ${match}
       WHERE $status IS NULL OR s.status = $status
       RETURN ${RETURNED} ORDER BY s.id`,
      { status: filter.status ?? null, targetId: filter.target?.id ?? null },
    );
    return result.records.map((record) => toSuggestion(record.toObject() as SuggestionRecord));
  }

  async getSuggestion(tx: Transaction, id: string): Promise<StoredSuggestion | null> {
    const n = suggestionNumber(id);
    if (n === null) return null;
    const result = await tx.run(`MATCH (s:Suggestion {id: $id})-[:ABOUT]->(t) RETURN ${RETURNED}`, { id: neo4j.int(n) });
    const record = result.records[0];
    return record === undefined ? null : toSuggestion(record.toObject() as SuggestionRecord);
  }

  async decideSuggestion(tx: Transaction, id: string, status: 'accepted' | 'rejected'): Promise<void> {
    const n = suggestionNumber(id);
    const result =
      n === null
        ? null
        : await tx.run('MATCH (s:Suggestion {id: $id})-[:ABOUT]->() SET s.status = $status, s.decidedAt = $at RETURN s.id AS id', {
            id: neo4j.int(n),
            status,
            at: new Date().toISOString(),
          });
    if (result === null || result.records.length === 0) throw unknownSuggestionError(id);
  }

  async wasRejected(tx: Transaction, target: SuggestionTarget, kind: SuggestionKind, value: string): Promise<boolean> {
    const result = await tx.run(
      `MATCH (s:Suggestion {kind: $kind, status: 'rejected'})-[:ABOUT]->${targetPattern(target.type)} RETURN s.value AS value`,
      { kind, targetId: target.id },
    );
    return result.records.some((record) => sameSuggestedValue(record.get('value') as string, value));
  }

  async suggestedTargets(tx: Transaction, type: SuggestionTarget['type'], promptVersion: string): Promise<string[]> {
    const label = type === 'person' ? 'Person' : 'Photo';
    const result = await tx.run(
      `MATCH (s:Suggestion {promptVersion: $promptVersion})-[:ABOUT]->(t:${label})
       RETURN DISTINCT coalesce(t.id, t.sha256) AS id ORDER BY id`,
      { promptVersion },
    );
    return result.records.map((record) => record.get('id') as string);
  }
}

/** A suggestion's stored fields as query parameters (integers as Neo4j integers). */
function parameters(s: NewSuggestion) {
  return {
    targetId: s.target.id,
    targetType: s.target.type,
    kind: s.kind,
    value: s.value,
    evidence: [...s.evidence],
    confidence: s.confidence,
    model: s.model,
    promptVersion: s.promptVersion,
    promptTokens: neo4j.int(Math.round(s.promptTokens)),
    completionTokens: neo4j.int(Math.round(s.completionTokens)),
    ms: s.ms,
  };
}

/** A row as the queries return it: the stored fields, with the number and the target apart. */
type SuggestionRecord = Omit<StoredSuggestion, 'id' | 'target'> & { id: number; targetType: SuggestionTarget['type']; targetId: string };

function toSuggestion(record: SuggestionRecord): StoredSuggestion {
  const { id, targetType, targetId, ...rest } = record;
  return { id: `s${id}`, target: { type: targetType, id: targetId }, ...rest, evidence: [...rest.evidence] };
}
