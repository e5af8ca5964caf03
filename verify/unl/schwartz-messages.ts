/**
 * Message payloads of the `schwartz` simulator (spec unl.md §2a). Upstream keeps a `std::map<node, NodeState>`
 * per message and edits the newest message of a link in place (`addPositions` to merge, `subPositions` to
 * suppress) until it is sent. Every rule treats each key on its own, so key order never matters.
 *
 * Here an editable message is an append-only log, resolved once, when it can no longer be edited (a newer
 * message takes its link direction over, or it is delivered):
 * - `add` appends raw entries (the creation copy of `changes`, entry about the recipient included);
 * - `merge` appends the entries of `changes` except the one about the recipient (addPositions skips it);
 * - `suppress` appends a marker naming the received message (which is kept alive until then);
 * - resolving replays the log on a dense per-node scratch array: an entry inserts its key or, if present,
 *   overwrites it when its ts is newer; an entry about node 0 never overwrites an existing one (upstream's
 *   quirk, lifted by `fixNodeZero`); a marker deletes each present key k ≠ recipient whose ts in the received
 *   message is ≥ the present ts.
 * Replaying in order reproduces the in-place edits exactly, while merges cost sequential appends instead of
 * random map probes. A resolved message is a dense list of (key, value) int pairs.
 *
 * A value packs a NodeState as ts·2 + (position = +1 ? 1 : 0); positions in messages are always ±1.
 */

/** Pack (ts, position ±1) into one int. */
export const packState = (ts: number, pos: number): number => ts * 2 + (pos > 0 ? 1 : 0);
export const tsOf = (v: number): number => v >> 1;
export const posOf = (v: number): number => (v & 1 ? 1 : -1);

const MARKER = -2;
const MIN_LOG = 2;
/** Initial log capacity (pairs): logs grow by doubling, so start past most messages' first merges. */
const LOG_START = 32;

/** A pool of power-of-two blocks of (key, value) int pairs, recycled by size class. */
class BlockPool {
  data: Int32Array;
  private top = 0;
  private readonly free: number[][] = [];

  constructor(initialInts: number) {
    this.data = new Int32Array(initialInts);
  }

  /** A block of 2^log pairs (2^(log+1) ints), contents undefined. May reallocate `data`. */
  alloc(log: number): number {
    const list = this.free[log];
    if (list !== undefined && list.length > 0) return list.pop()!;
    const off = this.top;
    this.top += 2 << log;
    if (this.top > this.data.length) {
      let size = this.data.length * 2;
      while (size < this.top) size *= 2;
      const d = new Int32Array(size);
      d.set(this.data.subarray(0, off));
      this.data = d;
    }
    return off;
  }

  release(off: number, log: number): void {
    (this.free[log] ??= []).push(off);
  }
}

const logFor = (pairs: number): number => {
  let log = MIN_LOG;
  while (1 << log < pairs) log++;
  return log;
};

export class MessageStore {
  private readonly pool = new BlockPool(1 << 22);
  private readonly fixNodeZero: boolean;
  /** The editable (log-form) message of each link direction, −1 if none. */
  private readonly dirMsg: Int32Array;

  // Per-message records, indexed by message id (ids are recycled once a message is delivered and unreferenced).
  /** Log form: log length in pairs (markers included); resolved: number of entries. */
  count: Int32Array;
  from: Int32Array;
  to: Int32Array;
  /** The link direction (sender → receiver) the message travels on. */
  dir: Int32Array;
  /** Next message in the same queue bucket (−1 = none). */
  next: Int32Array;
  private off: Int32Array;
  private blockLog: Int32Array;
  /** 1 while in log form. */
  private isLog: Uint8Array;
  /** Suppression markers still naming this message. */
  private refs: Int32Array;
  private delivered: Uint8Array;
  private idCap: number;
  private idTop = 0;
  private readonly freeIds: number[] = [];

  // Resolution scratch, indexed by node id.
  private readonly stamp: Int32Array;
  private readonly val: Int32Array;
  private readonly touched: Int32Array;
  private epoch = 0;

  constructor(nodes: number, directions: number, fixNodeZero: boolean, initialMessages = 1024) {
    this.fixNodeZero = fixNodeZero;
    this.dirMsg = new Int32Array(directions).fill(-1);
    this.stamp = new Int32Array(nodes);
    this.val = new Int32Array(nodes);
    this.touched = new Int32Array(nodes);
    this.idCap = initialMessages;
    this.count = new Int32Array(initialMessages);
    this.from = new Int32Array(initialMessages);
    this.to = new Int32Array(initialMessages);
    this.dir = new Int32Array(initialMessages);
    this.next = new Int32Array(initialMessages);
    this.off = new Int32Array(initialMessages);
    this.blockLog = new Int32Array(initialMessages);
    this.isLog = new Uint8Array(initialMessages);
    this.refs = new Int32Array(initialMessages);
    this.delivered = new Uint8Array(initialMessages);
  }

  private growIds(): void {
    const cap = this.idCap * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.count = grow(this.count);
    this.from = grow(this.from);
    this.to = grow(this.to);
    this.dir = grow(this.dir);
    this.next = grow(this.next);
    this.off = grow(this.off);
    this.blockLog = grow(this.blockLog);
    this.isLog = grow(this.isLog);
    this.refs = grow(this.refs);
    this.delivered = grow(this.delivered);
    this.idCap = cap;
  }

  /**
   * A new, empty message from → to that becomes the editable message of link direction `dir`; the direction's
   * previous editable message, if any, is resolved (it can no longer be edited). `sizeHint`: expected entries.
   */
  open(from: number, to: number, dir: number, sizeHint = 0): number {
    const prev = this.dirMsg[dir];
    if (prev >= 0) this.resolve(prev);
    let id: number;
    if (this.freeIds.length > 0) id = this.freeIds.pop()!;
    else {
      if (this.idTop === this.idCap) this.growIds();
      id = this.idTop++;
    }
    const log = logFor(Math.max(sizeHint, LOG_START));
    this.off[id] = this.pool.alloc(log);
    this.blockLog[id] = log;
    this.count[id] = 0;
    this.from[id] = from;
    this.to[id] = to;
    this.dir[id] = dir;
    this.next[id] = -1;
    this.isLog[id] = 1;
    this.refs[id] = 0;
    this.delivered[id] = 0;
    this.dirMsg[dir] = id;
    return id;
  }

  /** Room for `extra` more pairs in log-form message id; returns the (possibly new) pool array. */
  private reserve(id: number, extra: number): Int32Array {
    const need = this.count[id] + extra;
    const log = this.blockLog[id];
    if (need > 1 << log) {
      const newLog = logFor(Math.max(need, 2 << log));
      const newOff = this.pool.alloc(newLog);
      const oldOff = this.off[id];
      const data = this.pool.data;
      data.copyWithin(newOff, oldOff, oldOff + 2 * this.count[id]);
      this.pool.release(oldOff, log);
      this.off[id] = newOff;
      this.blockLog[id] = newLog;
    }
    return this.pool.data;
  }

  private checkLog(id: number): void {
    if (!this.isLog[id]) throw new Error(`schwartz: message ${id} is no longer editable`);
  }

  /** Append a raw entry (the creation copy; no filtering). */
  add(id: number, k: number, v: number): void {
    this.checkLog(id);
    const data = this.reserve(id, 1);
    const s = this.off[id] + 2 * this.count[id]++;
    data[s] = k;
    data[s + 1] = v;
  }

  /** Append the first n change entries (keys chK, packed values chV) as a new message's payload. */
  addAll(id: number, chK: Int32Array, chV: Int32Array, n: number): void {
    this.checkLog(id);
    const data = this.reserve(id, n);
    let s = this.off[id] + 2 * this.count[id];
    for (let c = 0; c < n; c++, s += 2) {
      data[s] = chK[c];
      data[s + 1] = chV[c];
    }
    this.count[id] += n;
  }

  /** Upstream `Message::addPositions` (see the file comment): append the changes not about the recipient. */
  merge(id: number, chK: Int32Array, chV: Int32Array, n: number): void {
    this.checkLog(id);
    const data = this.reserve(id, n);
    const to = this.to[id];
    let s = this.off[id] + 2 * this.count[id];
    const start = s;
    for (let c = 0; c < n; c++) {
      const k = chK[c];
      if (k === to) continue;
      data[s] = k;
      data[s + 1] = chV[c];
      s += 2;
    }
    this.count[id] += (s - start) >> 1;
  }

  /** Upstream `Message::subPositions` with the received (resolved) message rid (see the file comment). */
  suppress(id: number, rid: number): void {
    this.checkLog(id);
    if (this.isLog[rid]) throw new Error(`schwartz: suppression by unresolved message ${rid}`);
    const data = this.reserve(id, 1);
    const s = this.off[id] + 2 * this.count[id]++;
    data[s] = MARKER;
    data[s + 1] = rid;
    this.refs[rid]++;
  }

  /** Replay the log of id into the scratch; returns the number of touched keys (present or deleted). */
  private replay(id: number): number {
    if (this.epoch === 0x7fffffff) {
      this.stamp.fill(0);
      this.epoch = 0;
    }
    const st = ++this.epoch;
    const stamp = this.stamp, val = this.val, touched = this.touched;
    const data = this.pool.data;
    const to = this.to[id];
    const fix0 = this.fixNodeZero;
    let nt = 0;
    for (let s = this.off[id], end = s + 2 * this.count[id]; s < end; s += 2) {
      const k = data[s];
      if (k >= 0) {
        const v = data[s + 1];
        if (stamp[k] !== st) {
          stamp[k] = st;
          touched[nt++] = k;
          val[k] = v;
        } else if (val[k] < 0) val[k] = v;
        else if ((k !== 0 || fix0) && v >> 1 > val[k] >> 1) val[k] = v;
      } else {
        const rid = data[s + 1];
        for (let r = this.off[rid], re = r + 2 * this.count[rid]; r < re; r += 2) {
          const kr = data[r];
          if (kr === to || stamp[kr] !== st) continue;
          const cur = val[kr];
          if (cur >= 0 && data[r + 1] >> 1 >= cur >> 1) val[kr] = -1;
        }
      }
    }
    return nt;
  }

  /** Turn log-form message id into its final dense list (no-op if already resolved). */
  resolve(id: number): void {
    if (!this.isLog[id]) return;
    const nt = this.replay(id);
    const val = this.val, touched = this.touched;
    let n = 0;
    for (let t = 0; t < nt; t++) if (val[touched[t]] >= 0) n++;
    const log = logFor(n);
    const off = this.pool.alloc(log); // may reallocate the pool
    const data = this.pool.data;
    let w = off;
    for (let t = 0; t < nt; t++) {
      const k = touched[t];
      if (val[k] < 0) continue;
      data[w] = k;
      data[w + 1] = val[k];
      w += 2;
    }
    // Release the markers' references, then the log.
    const logOff = this.off[id];
    for (let s = logOff, end = s + 2 * this.count[id]; s < end; s += 2) {
      if (data[s] === MARKER) {
        const rid = data[s + 1];
        if (--this.refs[rid] === 0 && this.delivered[rid]) this.free(rid);
      }
    }
    this.pool.release(logOff, this.blockLog[id]);
    this.off[id] = off;
    this.blockLog[id] = log;
    this.count[id] = n;
    this.isLog[id] = 0;
    if (this.dirMsg[this.dir[id]] === id) this.dirMsg[this.dir[id]] = -1;
  }

  /** A delivered message: freed now, or once no suppression marker names it any more. */
  release(id: number): void {
    this.delivered[id] = 1;
    if (this.isLog[id]) this.resolve(id);
    if (this.refs[id] === 0) this.free(id);
  }

  private free(id: number): void {
    this.pool.release(this.off[id], this.blockLog[id]);
    this.freeIds.push(id);
  }

  /** Number of message ids in use (queued, or delivered but still named by a marker). */
  get live(): number {
    return this.idTop - this.freeIds.length;
  }

  /** Resolved message id's pairs are data[start … end) of this array (valid until the next allocation). */
  slots(): Int32Array {
    return this.pool.data;
  }
  slotsStart(id: number): number {
    return this.off[id];
  }
  slotsEnd(id: number): number {
    return this.off[id] + 2 * this.count[id];
  }

  /** Number of entries (resolving the message if needed). */
  size(id: number): number {
    this.resolve(id);
    return this.count[id];
  }

  /** Current entries as [node, ts, position], sorted by node, without resolving (for tests and debugging). */
  entries(id: number): [number, number, number][] {
    const out: [number, number, number][] = [];
    if (this.isLog[id]) {
      const nt = this.replay(id);
      for (let t = 0; t < nt; t++) {
        const k = this.touched[t];
        if (this.val[k] >= 0) out.push([k, tsOf(this.val[k]), posOf(this.val[k])]);
      }
    } else {
      const data = this.pool.data;
      for (let s = this.off[id], end = s + 2 * this.count[id]; s < end; s += 2) out.push([data[s], tsOf(data[s + 1]), posOf(data[s + 1])]);
    }
    return out.sort((x, y) => x[0] - y[0]);
  }
}
