import type { Prng } from "../shared/prng.js";
import type { Diamond } from "./lattice.js";

/** Which pairs may carry a long link ([E5]): adjacent layers without the creator (the paper's footnote), or all. */
export type LongMode = "adjacent" | "all";

export const SHORT = 0;
export const LONG = 1;

/** Undirected links as parallel arrays; `kind` is SHORT or LONG. Grows as links are drawn. */
export class LinkList {
  /** One end of each link (node id); only the first `count` entries are links. */
  u = new Int32Array(1024);
  /** The other end of each link (node id). */
  v = new Int32Array(1024);
  /** Kind of each link: SHORT (0), LONG (1) or TOPOLOGY_LINK (2). */
  kind = new Uint8Array(1024);
  /** Number of links. */
  count = 0;

  /** Appends the link a–b, doubling the arrays when full. */
  push(a: number, b: number, kind: number): void {
    if (this.count === this.u.length) {
      const grow = <T extends Int32Array | Uint8Array>(arr: T): T => {
        const next = new (arr.constructor as new (n: number) => T)(arr.length * 2);
        next.set(arr);
        return next;
      };
      this.u = grow(this.u);
      this.v = grow(this.v);
      this.kind = grow(this.kind);
    }
    this.u[this.count] = a;
    this.v[this.count] = b;
    this.kind[this.count] = kind;
    this.count++;
  }

  /** Number of links of this kind. */
  countKind(kind: number): number {
    let c = 0;
    for (let i = 0; i < this.count; i++) if (this.kind[i] === kind) c++;
    return c;
  }
}

/** The 4n² distance-1 pairs inside the diamond, no wrap-around ([E4]). */
export function addShortLinks(g: Diamond, links: LinkList): void {
  for (let u = 0; u < g.size; u++) {
    const up = g.idAt(g.x[u], g.y[u] + 1);
    if (up >= 0) links.push(u, up, SHORT);
    const right = g.idAt(g.x[u] + 1, g.y[u]);
    if (right >= 0) links.push(u, right, SHORT);
  }
}

/** Whether the unordered pair at distance d ≥ 2 is a long-link candidate. */
export function isCandidate(g: Diamond, u: number, v: number, mode: LongMode): boolean {
  if (mode === "all") return true;
  const lu = g.layer[u];
  const lv = g.layer[v];
  return lu >= 0 && lv >= 0 && Math.abs(lu - lv) === 1;
}

/** A uniform in (0, 1), never 0, so that logarithms stay finite. */
export function openUniform(prng: Prng): number {
  return (prng.next() + 0.5) / 4294967296;
}

/**
 * Draws every candidate pair's long link independently with probability d^−β, in time proportional to
 * the links drawn rather than to the candidate pairs: for each distance d, the positions (u, k) — node u
 * and the k-th point of the half ring at distance d ahead of it (see halfRingOffset) — form one
 * sequence, and geometric skips jump straight to the next position whose coin comes up. A landing
 * outside the diamond or on a non-candidate is dropped. Every unordered pair {u, v} with u < v in id
 * order is exactly one position (v lies ahead of u), so each candidate gets one Bernoulli(d^−β) trial.
 * Returns the number of landings (the work done).
 */
export function sampleLongLinks(g: Diamond, beta: number, mode: LongMode, prng: Prng, links: LinkList): number {
  const { n, x, y, layer, colStart } = g;
  const adjacent = mode === "adjacent";
  let landings = 0;
  for (let d = 2; d <= 2 * n; d++) {
    const p = Math.pow(d, -beta);
    if (!(p > 0)) continue;
    const half = 2 * d;
    const length = g.size * half;
    const logQ = p >= 1 ? 0 : Math.log1p(-p);
    let i = -1;
    for (;;) {
      i += p >= 1 ? 1 : 1 + Math.floor(Math.log(openUniform(prng)) / logQ);
      if (!(i < length)) break;
      landings++;
      const u = Math.floor(i / half);
      // halfRingOffset(d, k), inlined: this loop is the simulator's hot spot.
      const k = i - u * half;
      const vx = x[u] + (k < d ? d - k : k === d ? 0 : k - d);
      const vy = y[u] + (k < d ? k : k === d ? d : k - 2 * d);
      const ax = vx < 0 ? -vx : vx;
      if (ax + (vy < 0 ? -vy : vy) > n) continue;
      const v = colStart[vx + n] + vy + (n - ax);
      if (adjacent) {
        const lu = layer[u];
        const lv = layer[v];
        if (lu < 0 || lv < 0 || (lu - lv !== 1 && lv - lu !== 1)) continue;
      }
      links.push(u, v, LONG);
    }
  }
  return landings;
}

/**
 * The coupled sampler of the spec (§1): one uniform per candidate pair, drawn in fixed id order whatever
 * β, and a link wherever U < d^−β. With the same uniforms, every β of `betas` gets its own link list, so
 * a smaller β yields a supergraph in the same run. Cost: every candidate pair, once.
 */
export function sampleLongLinksCoupled(g: Diamond, betas: readonly number[], mode: LongMode, prng: Prng, lists: readonly LinkList[]): void {
  for (let u = 0; u < g.size; u++) {
    for (let v = u + 1; v < g.size; v++) {
      const d = Math.abs(g.x[u] - g.x[v]) + Math.abs(g.y[u] - g.y[v]);
      if (d < 2 || !isCandidate(g, u, v, mode)) continue;
      const draw = prng.float();
      for (let b = 0; b < betas.length; b++) if (draw < Math.pow(d, -betas[b])) lists[b].push(u, v, LONG);
    }
  }
}
