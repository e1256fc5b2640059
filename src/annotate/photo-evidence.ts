import type { StoredPhoto } from '../catalog/catalog.js';
import type { StructuredReply } from '../llm/llm-client.js';
import type { NewSuggestion } from '../catalog/suggestions.js';
import { fileOf, folderOf, place, type EvidenceSection } from './person-evidence.js';
import type { PhotoReply } from './prompts/photo-v1.js';

/** What the library knows of one photo: the photo as stored, and the people on it. */
export interface PhotoFacts {
  photo: Pick<StoredPhoto, 'sha256' | 'path' | 'takenAt' | 'gps' | 'camera'>;
  /** Names of the named people on it, in the order of their faces. */
  names: readonly string[];
  /** Faces of no one, or of people without a name. */
  unnamedFaces: number;
}

/** The evidence about a photo from its metadata and people (no pixels: that is --vision's, later). Pure. */
export function photoEvidence(facts: PhotoFacts): EvidenceSection[] {
  const { photo } = facts;
  const people = facts.names.map((name) => name);
  if (facts.unnamedFaces > 0) people.push(`${facts.unnamedFaces} ${facts.unnamedFaces === 1 ? 'face' : 'faces'} without a name`);
  return [
    { heading: 'File', noun: 'file lines', lines: [`${folderOf(photo.path)}/${fileOf(photo.path)}`] },
    { heading: 'Taken (EXIF)', noun: 'date lines', lines: [photo.takenAt === null ? 'unknown' : photo.takenAt.slice(0, 16).replace('T', ' ')] },
    { heading: 'Place (GPS, rounded)', noun: 'places', lines: photo.gps ? [place(photo.gps)] : [] },
    { heading: 'Camera', noun: 'cameras', lines: photo.camera ? [photo.camera] : [] },
    { heading: 'People on it', noun: 'people', lines: people },
  ];
}

/** A caption and, when the model gave any, the tags as one comma-separated value. */
export function photoSuggestions(sha256: string, reply: StructuredReply<PhotoReply>, promptVersion: string): NewSuggestion[] {
  const common = {
    target: { type: 'photo' as const, id: sha256 },
    evidence: [],
    confidence: reply.value.confidence,
    model: reply.model,
    promptVersion,
    promptTokens: reply.promptTokens,
    completionTokens: reply.completionTokens,
    ms: reply.ms,
  };
  const tags = [...new Set(reply.value.tags.map((tag) => tag.trim()).filter((tag) => tag !== ''))];
  return [
    ...(reply.value.caption.trim() === '' ? [] : [{ ...common, kind: 'caption' as const, value: reply.value.caption }]),
    ...(tags.length === 0 ? [] : [{ ...common, kind: 'tags' as const, value: tags.join(', ') }]),
  ];
}
