import type { TfNode } from './tfjs-graph-model.js';

/** Typed readers for a node's attributes; a missing required attribute is a conversion error naming the node. */
export function attrString(node: TfNode, key: string, fallback?: string): string {
  const v = node.attr[key]?.s;
  if (v === undefined) return required(node, key, fallback);
  return Buffer.from(v, 'base64').toString('utf8');
}

export function attrStrings(node: TfNode, key: string): string[] {
  return (node.attr[key]?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString('utf8'));
}

export function attrInt(node: TfNode, key: string, fallback?: number): number {
  const v = node.attr[key]?.i;
  if (v === undefined) return required(node, key, fallback);
  return Number(v);
}

export function attrInts(node: TfNode, key: string, fallback?: number[]): number[] {
  const v = node.attr[key]?.list?.i;
  if (v === undefined || v.length === 0) return required(node, key, fallback);
  return v.map(Number);
}

export function attrFloat(node: TfNode, key: string, fallback?: number): number {
  const v = node.attr[key]?.f;
  if (v === undefined) return required(node, key, fallback);
  return Number(v);
}

export function attrBool(node: TfNode, key: string, fallback?: boolean): boolean {
  const v = node.attr[key]?.b;
  if (v === undefined) return required(node, key, fallback);
  return v;
}

export function attrType(node: TfNode, key: string, fallback?: string): string {
  const v = node.attr[key]?.type;
  if (v === undefined) return required(node, key, fallback);
  return v;
}

export function attrShape(node: TfNode, key: string): number[] | undefined {
  const shape = node.attr[key]?.shape;
  if (!shape || shape.unknownRank) return undefined;
  return (shape.dim ?? []).map((d) => Number(d.size));
}

function required<T>(node: TfNode, key: string, fallback: T | undefined): T {
  if (fallback !== undefined) return fallback;
  throw new Error(`node ${node.name} (${node.op}) lacks attribute ${key}`);
}
