import type { Order } from "./orders.js";

/** Value of `Book.side` for a buy order. */
export const BUY = 0;
/** Value of `Book.side` for a sell order. */
export const SELL = 1;

/**
 * An order book in flat typed arrays (one entry per order, never per unit), so that tens of millions of
 * orders fit in memory and clear in linear time. `rank` orders the ids (the last tie-break).
 */
export interface Book {
  /** Number of orders; every array has this length. */
  readonly size: number;
  /** side[k]: BUY or SELL. */
  readonly side: Uint8Array;
  /** price[k]: unit price of order k (> 0). */
  readonly price: Float64Array;
  /** quantity[k]: number of units in order k (a positive integer). */
  readonly quantity: Float64Array;
  /** round[k]: round in which order k arrived (0 by default). */
  readonly round: Int32Array;
  /** rank[k] = position of order k's id among all ids, in code-unit string order. */
  readonly rank: Int32Array;
  /** Ids by order, when the book came from named orders (a generated book may leave them out). */
  readonly ids: readonly string[] | null;
}

/** Packs named orders into a Book, keeping their ids and ranking them in code-unit string order. */
export function bookFromOrders(orders: readonly Order[]): Book {
  const n = orders.length;
  const side = new Uint8Array(n);
  const price = new Float64Array(n);
  const quantity = new Float64Array(n);
  const round = new Int32Array(n);
  orders.forEach((o, k) => {
    side[k] = o.side === "buy" ? BUY : SELL;
    price[k] = o.price;
    quantity[k] = o.quantity;
    round[k] = o.round ?? 0;
  });
  const byId = Array.from({ length: n }, (_, k) => k).sort((a, b) => (orders[a]!.id < orders[b]!.id ? -1 : orders[a]!.id > orders[b]!.id ? 1 : 0));
  const rank = new Int32Array(n);
  byId.forEach((k, r) => (rank[k] = r));
  return { size: n, side, price, quantity, round, rank, ids: orders.map((o) => o.id) };
}

/** The id of order k; its rank as a string when the book has no ids. */
export function idOf(book: Book, k: number): string {
  return book.ids ? book.ids[k]! : String(book.rank[k]);
}

/**
 * The documented tie-break, used among orders of equal price and nowhere else, as an order on the
 * descending unit list. Buyers come before sellers (so that at a tied price as much as possible trades).
 * Within a side, priority goes to the earlier round, then the smaller id: buyers trade from the top of
 * the list, so priority buyers come first; sellers trade from the bottom, so priority sellers come last.
 * It depends on the orders only, never on the order of the input.
 */
export function tieBreak(book: Book, a: number, b: number): number {
  if (book.side[a] !== book.side[b]) return book.side[a]! - book.side[b]!;
  const priority = book.round[a]! - book.round[b]! || book.rank[a]! - book.rank[b]!;
  return book.side[a] === BUY ? priority : -priority;
}
