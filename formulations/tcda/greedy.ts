import { type Book, SELL } from "./book.js";

/** Flows from sellers to buyers: transaction t moves quantity[t] units from order seller[t] to order buyer[t]. */
export interface Flows {
  /** Number of transactions; the arrays below have this length. */
  readonly count: number;
  /** seller[t]: index in the book of the selling order. */
  readonly seller: Int32Array;
  /** buyer[t]: index in the book of the buying order. */
  readonly buyer: Int32Array;
  /** quantity[t]: units moved by transaction t (> 0). */
  readonly quantity: Float64Array;
}

/** A queue of traders by remaining quantity, largest first (ties: the last pushed first). */
interface MaxQueue {
  push(k: number, q: number): void;
  /** The trader with the largest quantity, or -1. */
  pop(): number;
}

/**
 * Buckets by quantity with a falling top pointer: remainders only shrink, so every operation is O(1)
 * amortised. Within a bucket, the last pushed comes out first; traders are pushed in descending id rank,
 * so equal quantities come out in ascending id rank, and a remainder is served before fresh traders.
 */
function bucketQueue(size: number, maxQuantity: number): MaxQueue {
  const head = new Int32Array(maxQuantity + 1).fill(-1);
  const next = new Int32Array(size);
  let top = maxQuantity;
  return {
    push(k, q) {
      next[k] = head[q]!;
      head[q] = k;
      if (q > top) top = q;
    },
    pop() {
      while (top > 0 && head[top] === -1) top--;
      if (top === 0) return -1;
      const k = head[top]!;
      head[top] = next[k]!;
      return k;
    },
  };
}

/**
 * A binary heap, for quantities too large for buckets. It breaks ties as the buckets do: among equal
 * quantities the trader pushed last comes out first (a push stamp orders them).
 */
function heapQueue(size: number, remaining: Float64Array): MaxQueue {
  const heap = new Int32Array(size);
  const stamp = new Float64Array(size);
  let n = 0;
  let clock = 0;
  const before = (a: number, b: number) => remaining[a]! > remaining[b]! || (remaining[a] === remaining[b] && stamp[a]! > stamp[b]!);
  return {
    push(k) {
      stamp[k] = clock++;
      let i = n++;
      heap[i] = k;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!before(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    },
    pop() {
      if (n === 0) return -1;
      const top = heap[0]!;
      heap[0] = heap[--n]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && before(heap[l + 1]!, heap[l]!) ? l + 1 : l;
        if (!before(heap[c]!, heap[i]!)) break;
        [heap[c], heap[i]] = [heap[i]!, heap[c]!];
        i = c;
      }
      return top;
    },
  };
}

/** Orders with something to trade, in descending id rank (the push order the queues want). */
function winnersByRank(book: Book, traded: Float64Array, side: number): Int32Array {
  const list: number[] = [];
  for (let k = 0; k < book.size; k++) if (traded[k]! > 0 && book.side[k] === side) list.push(k);
  // Counting sort by rank: ranks are a permutation of 0..size−1.
  const at = new Int32Array(book.size).fill(-1);
  for (const k of list) at[book.rank[k]!] = k;
  const out = new Int32Array(list.length);
  let j = 0;
  for (let r = book.size - 1; r >= 0; r--) if (at[r]! >= 0) out[j++] = at[r]!;
  return out;
}

/** Buckets while they cost no more than a few arrays of the book's size; a heap beyond. */
const bucketsFit = (maxQ: number, size: number) => maxQ <= 4 * size + 1024;

/**
 * Procedure 3 as the paper states it: match the seller with the largest remaining supply to the buyer
 * with the largest remaining demand, for the smaller of the two; repeat. Each step retires at least one
 * trader, so it makes at most c + d − 1 transactions. Among equal quantities the remainder of the last
 * transaction goes first, then the trader with the higher priority (Book.rank): deterministic and
 * independent of input order.
 */
export function greedyMatch(book: Book, traded: Float64Array): Flows {
  const remaining = Float64Array.from(traded);
  const sellers = winnersByRank(book, traded, SELL);
  const buyers = winnersByRank(book, traded, 1 - SELL);
  let maxQ = 0;
  for (let k = 0; k < book.size; k++) if (remaining[k]! > maxQ) maxQ = remaining[k]!;
  const queue = (list: Int32Array) => {
    const q = bucketsFit(maxQ, book.size) ? bucketQueue(book.size, maxQ) : heapQueue(book.size, remaining);
    for (const k of list) q.push(k, remaining[k]!);
    return q;
  };
  const sq = queue(sellers);
  const bq = queue(buyers);
  const cap = sellers.length + buyers.length;
  const seller = new Int32Array(cap);
  const buyer = new Int32Array(cap);
  const quantity = new Float64Array(cap);
  let count = 0;
  for (;;) {
    const s = sq.pop();
    const b = bq.pop();
    if (s < 0 || b < 0) {
      if (s >= 0 || b >= 0) throw new Error("traded supply and demand differ: the winners are not an equilibrium");
      break;
    }
    const x = Math.min(remaining[s]!, remaining[b]!);
    seller[count] = s;
    buyer[count] = b;
    quantity[count] = x;
    count++;
    remaining[s]! -= x;
    remaining[b]! -= x;
    if (remaining[s]! > 0) sq.push(s, remaining[s]!);
    if (remaining[b]! > 0) bq.push(b, remaining[b]!);
  }
  return { count, seller: seller.subarray(0, count), buyer: buyer.subarray(0, count), quantity: quantity.subarray(0, count) };
}
