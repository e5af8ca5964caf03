import { type Machine, VState } from "./machine.js";

/**
 * Packs a state into a few 32-bit words (node records, then pools, bit-tight) and canonicalises it under
 * the scope's symmetry: nodes that lead no view within the bounds and share a fault role are
 * interchangeable, so a state and its renaming are one state (the smallest packing stands for both).
 */
export class StateCodec {
  /** Words of a packed state. */
  readonly words: number;
  /** Node renamings of the symmetry group, identity first. */
  readonly perms: readonly Int8Array[];
  private readonly viewBits: number;
  private readonly accBits: number;
  private readonly poolBits: number;
  private readonly scratch: Uint32Array;
  private readonly permuted: VState;
  private readonly msgMaps: Int32Array[];
  private readonly inverses: Int8Array[];
  private readonly classes: number[][];

  constructor(
    /** The scope's machine. */
    readonly m: Machine,
    symmetry: boolean,
  ) {
    const top = m.config.protocol === "ccv" ? m.maxView + 1 : m.maxView;
    this.viewBits = bitsFor(m.maxView);
    this.accBits = m.config.protocol === "ccv" ? bitsFor(top) : 0;
    this.poolBits = m.u.capacity;
    const bits = m.n * (4 + this.viewBits + this.accBits) + m.pools * this.poolBits;
    this.words = Math.ceil(bits / 32);
    this.scratch = new Uint32Array(this.words);
    this.perms = symmetry ? symmetryGroup(m) : [Int8Array.from({ length: m.n }, (_, k) => k)];
    this.inverses = this.perms.map((p) => {
      const inv = new Int8Array(p.length);
      p.forEach((q, r) => (inv[q] = r));
      return inv;
    });
    this.classes = symmetry ? symmetryClasses(m).filter((c) => c.length > 1) : [];
    this.permuted = m.initial();
    this.msgMaps = this.perms.map(() => new Int32Array(m.u.capacity).fill(-1));
  }

  /** Packs s as it is (no renaming) into out[off..off+words). */
  pack(s: VState, out: Uint32Array, off: number): void {
    const { m } = this;
    out.fill(0, off, off + this.words);
    this.out = out;
    this.bit = off * 32;
    const nodeBits = this.viewBits + this.accBits;
    for (let r = 0; r < m.n; r++) {
      this.put(s.type[r]!, 4);
      this.put(this.accBits ? s.view[r]! | (s.acc[r]! << this.viewBits) : s.view[r]!, nodeBits);
    }
    for (let p = 0; p < m.pools; p++) {
      const base = p * m.words;
      for (let w = 0; w < m.words; w++) {
        const width = Math.min(32, this.poolBits - 32 * w);
        if (width <= 0) break;
        this.put(s.pools[base + w]!, width);
      }
    }
  }

  private out: Uint32Array = new Uint32Array(0);
  private bit = 0;

  /** Writes the low `width` (≤ 32) bits of value at the cursor, a word or two at a time. */
  private put(value: number, width: number): void {
    const x = width === 32 ? value >>> 0 : value & ((1 << width) - 1);
    const i = this.bit >>> 5;
    const sh = this.bit & 31;
    this.out[i]! |= x << sh;
    if (sh !== 0 && width > 32 - sh) this.out[i + 1]! |= x >>> (32 - sh);
    this.bit += width;
  }

  /** Unpacks words packed by pack(). */
  unpack(words: Uint32Array, off: number, into?: VState): VState {
    const { m } = this;
    const s = into ?? m.initial();
    s.pools.fill(0);
    let bit = 0;
    const get = (width: number) => {
      const i = off + (bit >>> 5);
      const sh = bit & 31;
      let x = words[i]! >>> sh;
      if (sh !== 0 && width > 32 - sh) x |= words[i + 1]! << (32 - sh);
      bit += width;
      return (width === 32 ? x : x & ((1 << width) - 1)) >>> 0;
    };
    for (let r = 0; r < m.n; r++) {
      s.type[r] = get(4);
      s.view[r] = get(this.viewBits);
      s.acc[r] = this.accBits ? get(this.accBits) : 0;
    }
    for (let p = 0; p < m.pools; p++) {
      for (let w = 0; w < m.words; w++) {
        const width = Math.min(32, this.poolBits - 32 * w);
        if (width <= 0) break;
        s.pools[p * m.words + w] = get(width);
      }
    }
    return s;
  }

  /**
   * Packs the canonical form of s into out[off..): the smallest packing over the renamings that sort each
   * class of interchangeable nodes by a signature no renaming changes (type, view, accepted source, messages
   * sent, pool size). Renamings of one state give the same candidates up to the order of ties, so the form
   * is the same for the whole orbit; usually one candidate is left, so one renaming is packed, not all.
   */
  canonical(s: VState, out: Uint32Array, off: number): void {
    if (this.perms.length === 1) return this.pack(s, out, off);
    const sig = this.signatures(s);
    let first = true;
    for (let g = 0; g < this.perms.length; g++) {
      if (!this.sortedUnder(g, sig)) continue;
      const target = first ? out : this.scratch;
      const at = first ? off : 0;
      if (g === 0) this.pack(s, target, at);
      else {
        this.rename(s, g, this.permuted);
        this.pack(this.permuted, target, at);
      }
      if (!first && less(this.scratch, 0, out, off, this.words)) out.set(this.scratch, off);
      first = false;
    }
  }

  private readonly sig = new Float64Array(16);
  private readonly sent = new Int32Array(16);

  /** Per node, a number that renaming the nodes carries along with the node. */
  private signatures(s: VState): Float64Array {
    const { m, sig, sent } = this;
    sent.fill(0);
    const u = m.u;
    for (let w = 0; w < m.words; w++) {
      let all = 0;
      for (let p = 0; p < m.pools; p++) all |= s.pools[p * m.words + w]!;
      while (all !== 0) {
        const k = (w << 5) | (31 - Math.clz32(all & -all));
        all &= all - 1;
        sent[u.sender[k]!]!++;
      }
    }
    for (let r = 0; r < m.n; r++) {
      let pool = 0;
      if (m.local) for (let w = 0; w < m.words; w++) pool += popcount32(s.pools[r * m.words + w]!);
      sig[r] = (((s.type[r]! * 16 + s.view[r]!) * 16 + s.acc[r]!) * 1024 + sent[r]!) * 4096 + pool;
    }
    return sig;
  }

  /** Whether renaming g puts each class of interchangeable nodes in non-decreasing signature order. */
  private sortedUnder(g: number, sig: Float64Array): boolean {
    const inv = this.inverses[g]!;
    for (const cls of this.classes) for (let k = 1; k < cls.length; k++) if (sig[inv[cls[k - 1]!]!]! > sig[inv[cls[k]!]!]!) return false;
    return true;
  }

  /** s with its nodes renamed by perms[g]: node r becomes perm[r], in records, senders and pools. */
  rename(s: VState, g: number, into: VState): void {
    const { m } = this;
    const perm = this.perms[g]!;
    const map = this.msgMaps[g]!;
    for (let r = 0; r < m.n; r++) {
      const q = perm[r]!;
      into.type[q] = s.type[r]!;
      into.view[q] = s.view[r]!;
      into.acc[q] = s.acc[r]!;
    }
    into.pools.fill(0);
    for (let p = 0; p < m.pools; p++) {
      // Node pools move with their node; the shared pool (and multipool's global one) stays.
      const q = m.local && p < m.n ? perm[p]! : p;
      for (let w = 0; w < m.words; w++) {
        let x = s.pools[p * m.words + w]!;
        while (x !== 0) {
          const k = (w << 5) | (31 - Math.clz32(x & -x));
          x &= x - 1;
          let k2 = map[k]!;
          if (k2 < 0) k2 = map[k] = m.u.renamed(k, perm);
          into.pools[q * m.words + (k2 >>> 5)]! |= 1 << (k2 & 31);
        }
      }
    }
  }
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function bitsFor(max: number): number {
  let b = 1;
  while (1 << b <= max) b++;
  return b;
}

function less(a: Uint32Array, ao: number, b: Uint32Array, bo: number, n: number): boolean {
  for (let k = n - 1; k >= 0; k--) {
    const x = a[ao + k]!;
    const y = b[bo + k]!;
    if (x !== y) return x < y;
  }
  return false;
}

/** Views whose primary is fixed by the bounds: 0..MaxView (ccv: targets up to MaxView + 1; multipool from 1). */
export function ledViews(m: Machine): number[] {
  const top = m.config.protocol === "ccv" ? m.maxView + 1 : m.maxView;
  const from = m.config.protocol === "multipool" ? 1 : 0;
  return Array.from({ length: top - from + 1 }, (_, k) => from + k);
}

/**
 * The symmetry group: every renaming within classes of nodes that lead no view of ledViews and have the
 * same fault role (in RMDead or not, in RMFault or not).
 */
export function symmetryGroup(m: Machine): Int8Array[] {
  let perms: Int8Array[] = [Int8Array.from({ length: m.n }, (_, k) => k)];
  for (const members of symmetryClasses(m)) {
    if (members.length < 2) continue;
    const next: Int8Array[] = [];
    for (const base of perms) {
      for (const order of permutations(members)) {
        const p = base.slice();
        members.forEach((r, i) => (p[r] = order[i]!));
        next.push(p);
      }
    }
    perms = next;
  }
  return perms;
}

/** Classes of interchangeable nodes: those that lead no view of ledViews, by fault role. */
export function symmetryClasses(m: Machine): number[][] {
  const leaders = new Set(ledViews(m).map((v) => v % m.n));
  const classes = new Map<string, number[]>();
  for (let r = 0; r < m.n; r++) {
    if (leaders.has(r)) continue;
    const key = `${m.deadSet[r]}${m.faultySet[r]}`;
    classes.set(key, [...(classes.get(key) ?? []), r]);
  }
  return [...classes.values()];
}

function permutations(xs: readonly number[]): number[][] {
  if (xs.length <= 1) return [xs.slice()];
  const out: number[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}
