/**
 * The explorer's set of seen states: fixed-width keys (a packed state, or its 128-bit hash) stored
 * densely by id in discovery order, each with its parent's id, and an open-addressing table of ids.
 * Storage grows in chunks, so no single array has to hold every state.
 */
const CHUNK_BITS = 18;
const CHUNK = 1 << CHUNK_BITS;

export class VisitedSet {
  size = 0;
  private readonly keys: Uint32Array[] = [];
  private readonly parents: Uint32Array[] = [];
  private table: Int32Array;
  private mask: number;

  constructor(readonly keyWords: number) {
    // Pairs (id, 32-bit hash of the key), open addressing with linear probing.
    this.table = new Int32Array(2 << 16).fill(-1);
    this.mask = this.slots - 1;
  }

  /** Bytes held: keys, parents and the table. */
  bytes(): number {
    return this.keys.length * CHUNK * 4 * (this.keyWords + 1) + this.table.length * 4;
  }

  /** Bytes held once `extra` more keys are added (new chunks, a doubled table), so a caller can stop before. */
  bytesAfter(extra: number): number {
    const size = this.size + extra;
    const chunks = Math.ceil(size / CHUNK);
    let table = this.table.length;
    let old = 0;
    while (size > (table >>> 1) * 0.7) {
      old = table; // while growing, the old table is still held
      table *= 2;
    }
    return chunks * CHUNK * 4 * (this.keyWords + 1) + (table + old) * 4;
  }

  /** The chunk and offset of key `id`. */
  keyAt(id: number): [Uint32Array, number] {
    return [this.keys[id >>> CHUNK_BITS]!, (id & (CHUNK - 1)) * this.keyWords];
  }

  parent(id: number): number {
    const p = this.parents[id >>> CHUNK_BITS]![id & (CHUNK - 1)]!;
    return p === 0xffffffff ? -1 : p;
  }

  /** Adds the key unless present; returns its new id, or −1 when it was already there. */
  add(key: Uint32Array, off: number, parent: number): number {
    const h = hashKey(key, off, this.keyWords) | 0;
    let slot = (h >>> 0) & this.mask;
    for (;;) {
      const id = this.table[2 * slot]!;
      if (id < 0) break;
      // The stored hash settles most mismatches without touching the key store.
      if (this.table[2 * slot + 1] === h && this.equals(id, key, off)) return -1;
      slot = (slot + 1) & this.mask;
    }
    const id = this.size++;
    if ((id & (CHUNK - 1)) === 0) {
      this.keys.push(new Uint32Array(CHUNK * this.keyWords));
      this.parents.push(new Uint32Array(CHUNK));
    }
    const chunk = this.keys[id >>> CHUNK_BITS]!;
    const at = (id & (CHUNK - 1)) * this.keyWords;
    for (let w = 0; w < this.keyWords; w++) chunk[at + w] = key[off + w]!;
    this.parents[id >>> CHUNK_BITS]![id & (CHUNK - 1)] = parent < 0 ? 0xffffffff : parent;
    this.table[2 * slot] = id;
    this.table[2 * slot + 1] = h;
    if (this.size > this.slots * 0.7) this.grow();
    return id;
  }

  private equals(id: number, key: Uint32Array, off: number): boolean {
    const chunk = this.keys[id >>> CHUNK_BITS]!;
    const at = (id & (CHUNK - 1)) * this.keyWords;
    for (let w = 0; w < this.keyWords; w++) if (chunk[at + w] !== key[off + w]) return false;
    return true;
  }

  private get slots(): number {
    return this.table.length >>> 1;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2).fill(-1);
    this.mask = this.slots - 1;
    for (let k = 0; k < old.length; k += 2) {
      const id = old[k]!;
      if (id < 0) continue;
      const h = old[k + 1]!;
      let slot = (h >>> 0) & this.mask;
      while (this.table[2 * slot]! >= 0) slot = (slot + 1) & this.mask;
      this.table[2 * slot] = id;
      this.table[2 * slot + 1] = h;
    }
  }
}

/** A 32-bit hash of key words (murmur3's finaliser over a running mix). */
export function hashKey(key: Uint32Array, off: number, words: number, seed = 0x9e3779b9): number {
  let h = seed ^ words;
  for (let w = 0; w < words; w++) {
    let k = Math.imul(key[off + w]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 128-bit hash of key words into out[0..4): four 32-bit lanes with independent seeds, in one pass. */
export function hash128(key: Uint32Array, off: number, words: number, out: Uint32Array): void {
  let a = 0x9e3779b9 ^ words;
  let b = 0x85ebca77 ^ words;
  let c = 0xc2b2ae3d ^ words;
  let d = 0x27d4eb2f ^ words;
  for (let w = 0; w < words; w++) {
    const x = key[off + w]!;
    a = Math.imul(a ^ Math.imul(x, 0xcc9e2d51), 0x1b873593);
    a = (a << 13) | (a >>> 19);
    b = Math.imul(b ^ Math.imul(x, 0x85ebca6b), 0xc2b2ae35);
    b = (b << 15) | (b >>> 17);
    c = Math.imul(c ^ Math.imul(x, 0x27d4eb2f), 0x165667b1);
    c = (c << 11) | (c >>> 21);
    d = Math.imul(d ^ Math.imul(x, 0x9e3779b1), 0x85ebca77);
    d = (d << 17) | (d >>> 15);
  }
  out[0] = fmix(a ^ c);
  out[1] = fmix(b ^ d ^ a);
  out[2] = fmix(c + Math.imul(b, 5));
  out[3] = fmix(d + Math.imul(a, 9));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A first-in first-out queue of fixed-width records in chunks; consumed chunks are released. */
export class RecordQueue {
  private readonly chunks: (Uint32Array | null)[] = [];
  private head = 0;
  private tail = 0;

  constructor(readonly width: number) {}

  get length(): number {
    return this.tail - this.head;
  }

  /** Chunks still held (checked on every expansion: a counter, not a scan). */
  private live = 0;

  bytes(): number {
    return this.live * CHUNK * 4 * this.width;
  }

  /** Bytes held once `extra` more records are pushed. */
  bytesAfter(extra: number): number {
    const added = Math.max(0, Math.ceil((this.tail + extra) / CHUNK) - this.chunks.length);
    return (this.live + added) * CHUNK * 4 * this.width;
  }

  push(src: Uint32Array, off: number): void {
    const c = this.tail >>> CHUNK_BITS;
    if (c === this.chunks.length) {
      this.chunks.push(new Uint32Array(CHUNK * this.width));
      this.live++;
    }
    this.chunks[c]!.set(src.subarray(off, off + this.width), (this.tail & (CHUNK - 1)) * this.width);
    this.tail++;
  }

  /** The oldest record's chunk and offset; valid until the next shift. */
  shift(): [Uint32Array, number] {
    const c = this.head >>> CHUNK_BITS;
    const at: [Uint32Array, number] = [this.chunks[c]!, (this.head & (CHUNK - 1)) * this.width];
    this.head++;
    // The caller still holds the returned view; the queue lets go of the chunk.
    if ((this.head & (CHUNK - 1)) === 0) {
      this.chunks[c] = null;
      this.live--;
    }
    return at;
  }
}
