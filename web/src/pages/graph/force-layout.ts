/**
 * Positions for a small co-occurrence graph (Fruchterman-Reingold): linked people pull together, everyone pushes
 * everyone apart. Deterministic (seeded start on a spiral) so the picture does not jump between visits.
 * O(n²) per step: callers keep n to a few hundred.
 */
export interface LayoutEdge {
  source: number;
  target: number;
  weight: number;
}

/**
 * The pull towards the centre: strong enough that people without links sit a few link lengths apart, not at the
 * edge of a huge empty canvas (which would shrink every linked group to a dot).
 */
const GRAVITY = 0.8;

export function forceLayout(n: number, edges: readonly LayoutEdge[], steps = 300): { x: number; y: number }[] {
  const pos = Array.from({ length: n }, (_, i) => {
    const angle = i * 2.399963; // golden angle
    const r = Math.sqrt(i + 1);
    return { x: r * Math.cos(angle), y: r * Math.sin(angle) };
  });
  if (n < 2) return pos;
  const k = 1; // the ideal distance between linked people; the start spiral spreads over about sqrt(n)
  const maxWeight = Math.max(1, ...edges.map((e) => e.weight));
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let step = 0; step < steps; step++) {
    const temperature = (1 - step / steps) * Math.sqrt(n) * 0.1 + 0.002;
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const ddx = pos[i]!.x - pos[j]!.x;
        const ddy = pos[i]!.y - pos[j]!.y;
        const d2 = Math.max(ddx * ddx + ddy * ddy, 1e-4);
        const f = (k * k) / d2;
        dx[i]! += ddx * f;
        dy[i]! += ddy * f;
        dx[j]! -= ddx * f;
        dy[j]! -= ddy * f;
      }
    }
    for (const e of edges) {
      const a = pos[e.source]!;
      const b = pos[e.target]!;
      const ddx = a.x - b.x;
      const ddy = a.y - b.y;
      const d = Math.max(Math.sqrt(ddx * ddx + ddy * ddy), 1e-3);
      // Attraction d²/k along the edge, stronger for people on many photos together.
      const f = ((d * d) / k) * (0.15 + 0.5 * (e.weight / maxWeight));
      dx[e.source]! -= (ddx / d) * f;
      dy[e.source]! -= (ddy / d) * f;
      dx[e.target]! += (ddx / d) * f;
      dy[e.target]! += (ddy / d) * f;
    }
    for (let i = 0; i < n; i++) {
      dx[i]! -= pos[i]!.x * GRAVITY;
      dy[i]! -= pos[i]!.y * GRAVITY;
      const len = Math.max(Math.sqrt(dx[i]! * dx[i]! + dy[i]! * dy[i]!), 1e-9);
      const move = Math.min(len, temperature);
      pos[i]!.x += (dx[i]! / len) * move;
      pos[i]!.y += (dy[i]! / len) * move;
    }
  }
  return pos;
}
