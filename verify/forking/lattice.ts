import { layerOfDistance } from "../../formulations/forking/structure.js";
import { InputError } from "../../formulations/input-error.js";

/**
 * The diamond of the spec (§1, [E2]): every lattice point within Manhattan distance n of the creator,
 * which sits at the origin. Ids sort the points by (x, y), so id order is the same on every machine.
 */
export interface Diamond {
  /** Radius: the largest Manhattan distance from the creator. */
  readonly n: number;
  /** Number of nodes, N_total = 2n²+2n+1. */
  readonly size: number;
  /** x coordinate per node id. */
  readonly x: Int32Array;
  /** y coordinate per node id. */
  readonly y: Int32Array;
  /** Distance to the creator. */
  readonly dist: Int32Array;
  /** Layer (Def. III.1): −1 for the creator, 0 at distance 1, ⌈log₂ d⌉ beyond. */
  readonly layer: Int8Array;
  /** Id of the creator s, the point (0, 0). */
  readonly creator: number;
  /** colStart[x + n]: id of the point (x, −(n − |x|)), the lowest of column x. */
  readonly colStart: Int32Array;
  /** Id of (x, y), or −1 outside the diamond. */
  idAt(x: number, y: number): number;
}

export function buildDiamond(n: number): Diamond {
  if (!Number.isInteger(n) || n < 1) throw new InputError(`n must be an integer ≥ 1, got ${n}`);
  const size = 2 * n * n + 2 * n + 1;
  const x = new Int32Array(size);
  const y = new Int32Array(size);
  const dist = new Int32Array(size);
  const layer = new Int8Array(size);
  // Column x holds y from −(n−|x|) to n−|x|; colStart[x+n] is the id of its lowest point.
  const colStart = new Int32Array(2 * n + 2);
  let id = 0;
  for (let cx = -n; cx <= n; cx++) {
    colStart[cx + n] = id;
    const h = n - Math.abs(cx);
    for (let cy = -h; cy <= h; cy++) {
      x[id] = cx;
      y[id] = cy;
      const d = Math.abs(cx) + Math.abs(cy);
      dist[id] = d;
      layer[id] = layerOfDistance(d);
      id++;
    }
  }
  colStart[2 * n + 1] = id;
  const idAt = (px: number, py: number): number => {
    const ax = Math.abs(px);
    if (ax + Math.abs(py) > n) return -1;
    return colStart[px + n] + py + (n - ax);
  };
  return { n, size, x, y, dist, layer, creator: idAt(0, 0), colStart, idAt };
}

/**
 * Offset number k (0 ≤ k < 2d) on the half ring at distance d "ahead" of a point: dx > 0, or dx = 0 and
 * dy > 0. Ids sort points by (x, y), so these are exactly the points at distance d with a larger id.
 */
export function halfRingOffset(d: number, k: number): [number, number] {
  if (k < d) return [d - k, k];
  if (k === d) return [0, d];
  return [k - d, k - 2 * d];
}
