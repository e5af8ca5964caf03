import type { Graph } from "./propagate.js";

/**
 * Textbook Dijkstra (an O(N²) scan, no heap) over fixed delays: the reference the event queue must agree
 * with (spec §5). Kept deliberately simple and separate from `propagate`, which it checks.
 */
export function shortestTimes(g: Graph, source: number, scale: number): Float64Array {
  const dist = new Float64Array(g.size).fill(Infinity);
  const done = new Uint8Array(g.size);
  dist[source] = 0;
  for (;;) {
    let u = -1;
    for (let v = 0; v < g.size; v++) if (!done[v] && dist[v] !== Infinity && (u < 0 || dist[v] < dist[u])) u = v;
    if (u < 0) return dist;
    done[u] = 1;
    for (let e = g.start[u]; e < g.start[u + 1]; e++) {
      const w = g.to[e];
      const t = dist[u] + g.delay[e] * scale;
      if (t < dist[w]) dist[w] = t;
    }
  }
}

/** Size of the lattice ball of radius k = min(⌊t/Δs⌋, n): the fewest nodes any run can have informed by t ([E6]). */
export function latticeBall(t: number, ds: number, n: number): number {
  const k = Math.min(Math.floor(t / ds + 1e-9), n);
  return 2 * k * k + 2 * k + 1;
}
