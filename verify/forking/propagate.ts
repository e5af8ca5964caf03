import type { LinkList } from "./links.js";

/** Links as adjacency lists (CSR), each directed entry with its base delay and kind. */
export interface Graph {
  readonly size: number;
  readonly start: Int32Array;
  readonly to: Int32Array;
  readonly kind: Uint8Array;
  /** Base delay of the entry before any random draw (fixed Δs or Δl, or the topology file's). */
  readonly delay: Float64Array;
}

/** `delayOf(i)` gives the base delay of link i of `links`. */
export function toGraph(size: number, links: LinkList, delayOf: (i: number, kind: number) => number): Graph {
  const start = new Int32Array(size + 1);
  for (let i = 0; i < links.count; i++) {
    start[links.u[i] + 1]++;
    start[links.v[i] + 1]++;
  }
  for (let i = 0; i < size; i++) start[i + 1] += start[i];
  const fill = start.slice(0, size);
  const m = 2 * links.count;
  const to = new Int32Array(m);
  const kind = new Uint8Array(m);
  const delay = new Float64Array(m);
  for (let i = 0; i < links.count; i++) {
    const a = links.u[i];
    const b = links.v[i];
    const k = links.kind[i];
    const w = delayOf(i, k);
    to[fill[a]] = b;
    kind[fill[a]] = k;
    delay[fill[a]++] = w;
    to[fill[b]] = a;
    kind[fill[b]] = k;
    delay[fill[b]++] = w;
  }
  return { size, start, to, kind, delay };
}

/** How long one transmission takes: fixed (the base delay) or an exponential draw with that mean. */
export type DelayModel = "fixed" | "exp";

/**
 * The exponential draw for the transmission sender → receiver of run `runKey`: a counter-based hash,
 * so the draw belongs to the transmission, not to the order of events — coupled runs at another β or Δ
 * reuse it exactly (scaled), as §1 asks.
 */
export function transmissionUniform(runKey: number, sender: number, receiver: number): number {
  let h = (runKey ^ Math.imul(sender + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = (h ^ Math.imul(receiver + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x165667b1) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  return (h + 0.5) / 4294967296;
}

/** One propagation: the first-reception time, sender and link kind of every node (−1 / ∞ if never reached). */
export interface Propagation {
  /** T_v: first-reception time per node id (0 for the creator, Infinity if never reached). */
  readonly time: Float64Array;
  /** The node that delivered the block first, per node id (−1 for the creator or unreached). */
  readonly from: Int32Array;
  /** Kind of the link that delivered the block first (SHORT, LONG; 255 for the creator or unreached). */
  readonly via: Uint8Array;
  /** Nodes in the order they were informed. */
  readonly order: Int32Array;
  /** Nodes reached, creator included. */
  readonly informed: number;
}

/**
 * Event-driven flooding (§1): the creator holds the block at t = 0; a node forwards it to all neighbours
 * at its first reception and ignores later copies. Events pop in (time, receiver id, sender id) order,
 * which is how ties break. `scale` multiplies every delay (the paper's Δ).
 */
export function propagate(g: Graph, creator: number, delays: DelayModel, scale: number, runKey: number): Propagation {
  const n = g.size;
  const time = new Float64Array(n).fill(Infinity);
  const from = new Int32Array(n).fill(-1);
  const via = new Uint8Array(n).fill(255);
  const order = new Int32Array(n);
  // Best pending arrival per node: a transmission that cannot beat it, in (time, sender) order, would be
  // ignored on arrival anyway, so it is never queued. The outcome is the full event simulation's.
  const bestTime = new Float64Array(n).fill(Infinity);
  const bestSender = new Int32Array(n).fill(-1);
  const heap = new EventHeap(Math.max(16, 2 * n));
  let informed = 0;
  const inform = (v: number, t: number, sender: number, kind: number): void => {
    time[v] = t;
    from[v] = sender;
    via[v] = kind;
    order[informed++] = v;
    for (let e = g.start[v]; e < g.start[v + 1]; e++) {
      const w = g.to[e];
      if (time[w] !== Infinity) continue;
      const base = g.delay[e] * scale;
      const arrival = t + (delays === "fixed" ? base : -base * Math.log(transmissionUniform(runKey, v, w)));
      if (arrival > bestTime[w] || (arrival === bestTime[w] && v > bestSender[w])) continue;
      bestTime[w] = arrival;
      bestSender[w] = v;
      heap.push(arrival, w, v, g.kind[e]);
    }
  };
  inform(creator, 0, -1, 255);
  while (heap.size > 0) {
    const t = heap.topTime();
    const w = heap.topReceiver();
    const s = heap.topSender();
    const k = heap.topKind();
    heap.pop();
    if (time[w] === Infinity) inform(w, t, s, k);
  }
  return { time, from, via, order, informed };
}

/** Binary min-heap of transmissions keyed by (time, receiver, sender), in flat typed arrays. */
class EventHeap {
  private t: Float64Array;
  private r: Int32Array;
  private s: Int32Array;
  private k: Uint8Array;
  size = 0;

  constructor(capacity: number) {
    this.t = new Float64Array(capacity);
    this.r = new Int32Array(capacity);
    this.s = new Int32Array(capacity);
    this.k = new Uint8Array(capacity);
  }

  topTime(): number {
    return this.t[0];
  }
  topReceiver(): number {
    return this.r[0];
  }
  topSender(): number {
    return this.s[0];
  }
  topKind(): number {
    return this.k[0];
  }

  private less(i: number, j: number): boolean {
    if (this.t[i] !== this.t[j]) return this.t[i] < this.t[j];
    if (this.r[i] !== this.r[j]) return this.r[i] < this.r[j];
    return this.s[i] < this.s[j];
  }

  private swap(i: number, j: number): void {
    let a: number = this.t[i];
    this.t[i] = this.t[j];
    this.t[j] = a;
    a = this.r[i];
    this.r[i] = this.r[j];
    this.r[j] = a;
    a = this.s[i];
    this.s[i] = this.s[j];
    this.s[j] = a;
    a = this.k[i];
    this.k[i] = this.k[j];
    this.k[j] = a;
  }

  push(time: number, receiver: number, sender: number, kind: number): void {
    if (this.size === this.t.length) this.grow();
    let i = this.size++;
    this.t[i] = time;
    this.r[i] = receiver;
    this.s[i] = sender;
    this.k[i] = kind;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): void {
    this.size--;
    if (this.size === 0) return;
    this.swap(0, this.size);
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const c = l + 1 < this.size && this.less(l + 1, l) ? l + 1 : l;
      if (!this.less(c, i)) break;
      this.swap(c, i);
      i = c;
    }
  }

  private grow(): void {
    const cap = this.t.length * 2;
    const t = new Float64Array(cap);
    t.set(this.t);
    const r = new Int32Array(cap);
    r.set(this.r);
    const s = new Int32Array(cap);
    s.set(this.s);
    const k = new Uint8Array(cap);
    k.set(this.k);
    this.t = t;
    this.r = r;
    this.s = s;
    this.k = k;
  }
}

