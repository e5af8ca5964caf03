import { BUY, type Book, SELL, tieBreak } from "./book.js";

/**
 * Procedures 1 and 2 of the TCDA (../shared/spec/tcda.md) without expanding orders into units.
 *
 * All unit prices, buyers' and sellers' together, sorted highest first (ties: `tieBreak`), occupy
 * positions 1..L. With M the units offered, the clearing price P is the price at position M + 1.
 * Buyer units before position M + 1 trade; seller units after it trade, and so does the unit at M + 1
 * when it is a seller's. Only the orders priced exactly P need the tie order: all others fall wholly on
 * one side of position M + 1, so P is found by a weighted selection (linear expected time) and only the
 * tied block is sorted.
 */
export interface Clearing {
  /** Null when nothing can trade (no demand). */
  readonly price: number | null;
  /** M: units offered by sellers. */
  readonly supply: number;
  /** N: units wanted by buyers. */
  readonly demand: number;
  /** Units traded, per order (0 for a loser; less than its quantity for an order that is cut). */
  readonly traded: Float64Array;
  /** Units traded in all (traded supply = traded demand). */
  readonly volume: number;
  /** The order holding position M + 1, the price setter; null without demand. */
  readonly priceSetter: number | null;
}

/** Deterministic pivots (a fixed linear congruential sequence): the same book always clears the same way. */
function pivotPicker(): (lo: number, hi: number) => number {
  let state = 0x9e3779b9;
  return (lo, hi) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return lo + (state % (hi - lo));
  };
}

/**
 * The price of the unit at `target` (1-based) in descending price order, by weighted quickselect over
 * order indices; returns it with the units priced strictly above it.
 */
function selectPrice(book: Book, target: number): { price: number; above: number } {
  const idx = new Int32Array(book.size);
  for (let k = 0; k < book.size; k++) idx[k] = k;
  const { price, quantity } = book;
  const pick = pivotPicker();
  let lo = 0;
  let hi = book.size;
  let above = 0;
  let want = target;
  for (;;) {
    const p = price[idx[pick(lo, hi)]!]!;
    // Three-way partition of idx[lo..hi): > p first, then = p, then < p.
    let lt = lo;
    let i = lo;
    let gt = hi;
    let unitsGreater = 0;
    let unitsEqual = 0;
    while (i < gt) {
      const k = idx[i]!;
      const v = price[k]!;
      if (v > p) {
        idx[i] = idx[lt]!;
        idx[lt] = k;
        lt++;
        i++;
        unitsGreater += quantity[k]!;
      } else if (v < p) {
        gt--;
        idx[i] = idx[gt]!;
        idx[gt] = k;
      } else {
        i++;
        unitsEqual += quantity[k]!;
      }
    }
    if (want <= unitsGreater) {
      hi = lt;
    } else if (want <= unitsGreater + unitsEqual) {
      return { price: p, above: above + unitsGreater };
    } else {
      want -= unitsGreater + unitsEqual;
      above += unitsGreater + unitsEqual;
      lo = gt;
    }
  }
}

/** Clears a book (Procedures 1 and 2): the clearing price, and how many units each order trades. */
export function clearBook(book: Book): Clearing {
  const { side, price, quantity } = book;
  let supply = 0;
  let demand = 0;
  for (let k = 0; k < book.size; k++) {
    if (side[k] === SELL) supply += quantity[k]!;
    else demand += quantity[k]!;
  }
  const traded = new Float64Array(book.size);
  if (demand === 0) return { price: null, supply, demand, traded, volume: 0, priceSetter: null };
  const target = supply + 1;
  const { price: P, above } = selectPrice(book, target);

  // Orders priced above P hold positions 1..above (all before M + 1); below P, after the tied block.
  const tied: number[] = [];
  let volume = 0;
  for (let k = 0; k < book.size; k++) {
    const v = price[k]!;
    if (v === P) tied.push(k);
    else if (v > P ? side[k] === BUY : side[k] === SELL) {
      traded[k] = quantity[k]!;
      if (side[k] === BUY) volume += quantity[k]!;
    }
  }
  tied.sort((a, b) => tieBreak(book, a, b));
  let pos = above;
  let priceSetter: number | null = null;
  const m = supply;
  for (const k of tied) {
    const q = quantity[k]!;
    if (pos < target && target <= pos + q) priceSetter = k;
    if (side[k] === BUY) {
      // Buyer units at positions pos+1..pos+q that come before M + 1.
      const t = Math.max(0, Math.min(pos + q, m) - pos);
      traded[k] = t;
      volume += t;
    } else {
      // Seller units at positions M + 1 and after.
      traded[k] = Math.max(0, pos + q - Math.max(pos, m));
    }
    pos += q;
  }
  return { price: P, supply, demand, traded, volume, priceSetter };
}

/** Traded supply and traded demand (equal, by Theorem 3). */
export function tradedBySide(
  book: Book,
  traded: Float64Array,
): {
  /** Units sold. */
  supply: number;
  /** Units bought. */
  demand: number;
} {
  let supply = 0;
  let demand = 0;
  for (let k = 0; k < book.size; k++) {
    if (book.side[k] === SELL) supply += traded[k]!;
    else demand += traded[k]!;
  }
  return { supply, demand };
}
