import fc from "fast-check";
import { KIND_OF_CODE, LinearExpr, type Model, ModelBuilder } from "../../formulations/model/index.js";
import { BUY, type Book, bookFromOrders, SELL } from "../../formulations/tcda/book.js";
import { type Clearing, clearBook } from "../../formulations/tcda/clearing.js";
import { type Flows, greedyMatch } from "../../formulations/tcda/greedy.js";
import { flowsFromSolution, type MatchingModel, matchingModel } from "../../formulations/tcda/matching-milp.js";
import type { Order, Side } from "../../formulations/tcda/orders.js";
import { allocationWelfare, bestWelfareModel } from "../../formulations/tcda/welfare.js";
import { solverNamed, solveModel } from "../../solvers/registry.js";
import type { SolveResult, SolverName } from "../../solvers/types.js";

/**
 * The claims of the Blockcloud paper's TCDA (section VII; ../shared/spec/tcda.md), each checked as one
 * fast-check property on small random books: 1–8 orders a side, integer prices 1..PRICE_MAX (so that
 * ties are frequent), quantities 1..MAX_QUANTITY (all 1 for the single-unit claims), rounds 0..1 (so
 * that the round tie-break is used). A claim that fails is reported with the book fast-check shrank it
 * to (reduced further by dropping orders and lowering numbers while it still fails) and a sentence that
 * can be checked by hand; nothing is filtered out.
 *
 * The solver-backed claims (MILP, best-welfare LP) run on the first `solverRuns` books of the same
 * sequence (default min(runs, 1000), solved 250 to a block-diagonal model); every other claim runs on
 * `runs` books.
 */

export const PRICE_MAX = 10;
export const MAX_QUANTITY = 5;
export const MAX_ORDERS_PER_SIDE = 8;
/** Default number of books solved with the backend per solver-backed claim. */
export const DEFAULT_SOLVER_RUNS = 1000;

/** The claims checked, in report order. */
export const CLAIM_IDS = [
  "clearing-rule",
  "equilibrium",
  "uniform-price",
  "budget-balance",
  "individual-rationality",
  "flow-conservation",
  "greedy-bound",
  "greedy-optimal",
  "milp-bounds",
  "efficiency",
  "truthful-buyers-single",
  "truthful-buyers-multi",
  "truthful-sellers-single",
  "truthful-sellers-multi",
] as const;
/** Identifier of one TCDA claim. */
export type ClaimId = (typeof CLAIM_IDS)[number];

/** A misreport that pays: the trader, its truth, its report, and what each gets with everyone else fixed. */
export interface Deviation {
  /** Id of the trader's order. */
  readonly trader: string;
  /** Buyer or seller. */
  readonly side: Side;
  /** True value (buyer) or cost (seller) per unit, and true quantity: the order as the book has it. */
  readonly truth: {
    /** True value or cost per unit. */
    readonly price: number;
    /** True quantity. */
    readonly quantity: number;
  };
  /** The misreport: another price and/or fewer units (never more than the true quantity). */
  readonly report: {
    /** Price reported. */
    readonly price: number;
    /** Quantity reported. */
    readonly quantity: number;
  };
  /** Units won and clearing price when reporting the truth, and when misreporting (price null: nothing clears). */
  readonly truthful: {
    /** Units won. */
    readonly traded: number;
    /** Clearing price, or null. */
    readonly price: number | null;
  };
  /** The same when misreporting. */
  readonly deviating: {
    /** Units won. */
    readonly traded: number;
    /** Clearing price, or null. */
    readonly price: number | null;
  };
  /** Buyer: Σ over units won of (value − P); seller: Σ (P − cost). */
  readonly utilityTruthful: number;
  /** The same when misreporting, with the true value or cost. */
  readonly utilityDeviating: number;
}

/** A book on which a claim fails, with an explanation and what replays it in fast-check. */
export interface TcdaCounterexample {
  /**
   * The book: fast-check's shrunk counterexample, reduced further where an order can be dropped or a
   * number lowered and the claim still fails (for the claims without a solver). `seed` and `path`
   * replay fast-check's own counterexample, of which this is a reduction.
   */
  readonly orders: Order[];
  /** Why the claim fails on this book, in a sentence that can be checked by hand. */
  readonly explanation: string;
  /** fast-check's seed and path: `fc.check(..., { seed, path })` replays the failing run. */
  readonly seed: number;
  /** fast-check's replay path, or null. */
  readonly path: string | null;
  /** Shrinking steps fast-check took. */
  readonly shrinks: number;
  /** For the truthfulness claims: the deviation that pays. */
  readonly deviation?: Deviation;
}

/** The result of checking one claim. */
export interface ClaimReport {
  /** Which claim. */
  readonly id: ClaimId;
  /** The claim, in the paper's words or a faithful restatement, with where it comes from. */
  readonly statement: string;
  /** "held" when no book broke the claim, else "counterexample". */
  readonly verdict: "held" | "counterexample";
  /** Books tried (up to and including the first failing one when there is a counterexample). */
  readonly runs: number;
  /** Of these, books whose models were solved by the backend (the solver-backed part of a claim). */
  readonly solverRuns?: number;
  /** Wall time, batched solves included. */
  readonly seconds: number;
  /** The failing book, when the verdict is "counterexample". */
  readonly counterexample?: TcdaCounterexample;
}

/** Options of {@link runTcdaChecks}. */
export interface TcdaCheckOptions {
  /** Random books per claim, a positive integer (solver-backed parts use `solverRuns`). */
  readonly runs: number;
  /** fast-check seed: the same seed checks the same books. */
  readonly seed: number;
  /** Backend for the solver-backed claims (default highs). */
  readonly solver?: SolverName;
  /** Books per solver-backed claim; default min(runs, 1000). */
  readonly solverRuns?: number;
  /** Only these claims (default: all), reported in CLAIM_IDS order. */
  readonly claims?: readonly ClaimId[];
  /** Called now and then (every ~0.2 s) and when a claim ends, with the books checked so far (shrinks included). */
  readonly onProgress?: (claim: string, done: number) => void;
}

// ---------------------------------------------------------------------------------------------------
// Books

interface RawOrder {
  readonly price: number;
  readonly quantity: number;
  readonly round: number;
}

function named(raw: readonly RawOrder[], side: Side): Order[] {
  return raw.map((o, i) => ({ id: `${side === "buy" ? "b" : "s"}${i + 1}`, side, price: o.price, quantity: o.quantity, ...(o.round ? { round: o.round } : {}) }));
}

/** Books of 1–8 buyers (b1, b2, …) and 1–8 sellers (s1, s2, …); single-unit: every quantity 1. */
export function bookArbitrary(options: { singleUnit: boolean }): fc.Arbitrary<Order[]> {
  const order = fc.record({
    price: fc.integer({ min: 1, max: PRICE_MAX }),
    quantity: options.singleUnit ? fc.constant(1) : fc.integer({ min: 1, max: MAX_QUANTITY }),
    round: fc.integer({ min: 0, max: 1 }),
  });
  const side = fc.array(order, { minLength: 1, maxLength: MAX_ORDERS_PER_SIDE, size: "max" });
  return fc.tuple(side, side).map(([buys, sells]) => [...named(buys, "buy"), ...named(sells, "sell")]);
}

function fmt(x: number | null): string {
  if (x === null) return "none";
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 1e6) / 1e6);
}

/** "b1 buys 2@10, s1 sells 1@1 (round 1)". */
export function describeBook(orders: readonly Order[]): string {
  return orders.map((o) => `${o.id} ${o.side === "buy" ? "buys" : "sells"} ${o.quantity}@${fmt(o.price)}${o.round ? ` (round ${o.round})` : ""}`).join(", ");
}

function units(n: number): string {
  return `${fmt(n)} unit${n === 1 ? "" : "s"}`;
}

// ---------------------------------------------------------------------------------------------------
// Independent references

/**
 * Procedures 1–2 (Algorithms 4–5) literally: one entry per unit, sorted highest price first; P is the
 * price at position M + 1; buyer units before M + 1 trade, seller units from M + 1 on. Ties at one price
 * follow the documented rule (book.ts): buyers before sellers; on each side priority (earlier round, then
 * smaller id in code-unit order) goes to the units that trade first, i.e. the top of the list for buyers
 * and the bottom for sellers. Independent of book.ts/clearing.ts.
 */
export function referenceClearing(orders: readonly Order[]): { price: number | null; priceSetter: number | null; traded: number[] } {
  const list: { k: number; price: number; buyer: boolean; round: number; id: string }[] = [];
  let supply = 0;
  orders.forEach((o, k) => {
    if (o.side === "sell") supply += o.quantity;
    for (let u = 0; u < o.quantity; u++) list.push({ k, price: o.price, buyer: o.side === "buy", round: o.round ?? 0, id: o.id });
  });
  list.sort((a, b) => {
    if (a.price !== b.price) return b.price - a.price;
    if (a.buyer !== b.buyer) return a.buyer ? -1 : 1;
    const priority = a.round - b.round || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return a.buyer ? priority : -priority;
  });
  const traded = orders.map(() => 0);
  if (list.length <= supply) return { price: null, priceSetter: null, traded };
  list.forEach((u, i) => {
    if (u.buyer ? i < supply : i >= supply) traded[u.k]!++;
  });
  return { price: list[supply]!.price, priceSetter: list[supply]!.k, traded };
}

/**
 * The fewest transactions that carry supplies S to demands K (ΣS = ΣK): c + d − k, with k the largest
 * number of groups the sellers and buyers split into so that each group's supply equals its demand (a
 * minimal support is a forest; each tree is such a group). Exact, by dynamic programming over subsets:
 * best[mask] = the most zero-sum groups a sequence of the items in mask can close.
 */
export function minTransactions(supplies: readonly number[], demands: readonly number[]): number {
  return balancedGroups(supplies, demands).count;
}

/**
 * minTransactions with its witness: the groups (seller and buyer indices into the two lists), each with
 * supply = demand; a spanning tree per group gives count = c + d − groups transactions.
 */
export function balancedGroups(supplies: readonly number[], demands: readonly number[]): { count: number; groups: { sellers: number[]; buyers: number[] }[] } {
  const items = [...supplies, ...demands.map((d) => -d)];
  const n = items.length;
  if (n === 0) return { count: 0, groups: [] };
  if (n > 20) throw new Error(`minTransactions: ${n} traders is too many for the exact subset search`);
  const size = 1 << n;
  const sum = new Float64Array(size);
  const best = new Int8Array(size);
  for (let mask = 1; mask < size; mask++) {
    const low = mask & -mask;
    sum[mask] = sum[mask ^ low]! + items[31 - Math.clz32(low)]!;
    let b = 0;
    for (let rest = mask; rest; rest &= rest - 1) {
      const v = best[mask ^ (rest & -rest)]!;
      if (v > b) b = v;
    }
    best[mask] = b + (sum[mask] === 0 ? 1 : 0);
  }
  // Walk back from the full set: drop an item that keeps the count, which is the last of the sequence.
  const sequence: number[] = [];
  for (let mask = size - 1; mask; ) {
    const own = sum[mask] === 0 ? 1 : 0;
    let i = 0;
    while (!((mask >> i) & 1) || best[mask ^ (1 << i)]! + own !== best[mask]) i++;
    sequence.unshift(i);
    mask ^= 1 << i;
  }
  const groups: { sellers: number[]; buyers: number[] }[] = [];
  let open = { sellers: [] as number[], buyers: [] as number[] };
  let total = 0;
  for (const i of sequence) {
    if (i < supplies.length) open.sellers.push(i);
    else open.buyers.push(i - supplies.length);
    total += items[i]!;
    if (total === 0) {
      groups.push(open);
      open = { sellers: [], buyers: [] };
    }
  }
  return { count: n - best[size - 1]!, groups };
}

// ---------------------------------------------------------------------------------------------------
// Truthfulness: the deviation search

/** A trader's utility for `traded` units at price P given its true unit value (buyer) or cost (seller). */
export function utility(side: Side, truePrice: number, traded: number, price: number | null): number {
  if (traded === 0 || price === null) return 0;
  return side === "buy" ? traded * (truePrice - price) : traded * (price - truePrice);
}

/** 1/64: below half the gap between integer prices, exact in binary floating point. */
const NUDGE = 1 / 64;

/**
 * The reports tried for a trader: every price in the book, just below and just above it, and the
 * lowest price NUDGE. Between two consecutive book prices the sorted unit list, hence who trades, does
 * not change; only P can, when the trader's own unit is the (M+1)-th (P = its report), and then its
 * utility is monotone in the report. So in an integer book (integer utilities, fewer than 64 units) a
 * price that pays anywhere in an interval also pays at the interval's nudged end: the search over prices
 * is exhaustive. Integers come first so that, among equally good reports, the plainest is reported.
 */
function candidatePrices(book: Book): number[] {
  const distinct = [...new Set(Array.from(book.price))].sort((a, b) => a - b);
  const nudged = distinct.flatMap((p) => [p - NUDGE, p + NUDGE]).filter((p) => p > 0);
  return [...distinct, NUDGE, ...nudged.filter((p) => !distinct.includes(p))];
}

function withReport(book: Book, k: number, price: number, quantity: number): Book {
  const p = Float64Array.from(book.price);
  const q = Float64Array.from(book.quantity);
  p[k] = price;
  q[k] = quantity;
  return { ...book, price: p, quantity: q };
}

/**
 * The best misreport of order k (a buyer or a seller), everyone else fixed: every candidate price, and
 * for multi-unit also every quantity from the true one down to 1; null when none strictly raises its
 * utility. Among equally good misreports, the first tried: the true quantity before fewer units,
 * integer prices before nudged ones.
 */
export function traderDeviation(orders: readonly Order[], k: number, options: { multiUnit: boolean }, cache?: { book: Book; truth: Clearing; prices: number[] }): Deviation | null {
  const book = cache?.book ?? bookFromOrders(orders);
  const truth = cache?.truth ?? clearBook(book);
  const prices = cache?.prices ?? candidatePrices(book);
  const side = orders[k]!.side;
  const value = book.price[k]!;
  const quantity = book.quantity[k]!;
  const u0 = utility(side, value, truth.traded[k]!, truth.price);
  let best: Deviation | null = null;
  for (let q = quantity; q >= (options.multiUnit ? 1 : quantity); q--) {
    for (const b of prices) {
      if (b === value && q === quantity) continue;
      const c = clearBook(withReport(book, k, b, q));
      const u = utility(side, value, c.traded[k]!, c.price);
      if (u > u0 && (best === null || u > best.utilityDeviating)) {
        best = {
          trader: orders[k]!.id,
          side,
          truth: { price: value, quantity },
          report: { price: b, quantity: q },
          truthful: { traded: truth.traded[k]!, price: truth.price },
          deviating: { traded: c.traded[k]!, price: c.price },
          utilityTruthful: u0,
          utilityDeviating: u,
        };
      }
    }
  }
  return best;
}

/**
 * Searches every trader of `side` for a misreport that strictly raises its utility, everyone else fixed
 * (traderDeviation). Returns the first trader's (in book order) best deviation; null when truthful
 * reporting is best for all of them.
 */
export function findDeviation(orders: readonly Order[], side: Side, options: { multiUnit: boolean }): Deviation | null {
  const book = bookFromOrders(orders);
  const cache = { book, truth: clearBook(book), prices: candidatePrices(book) };
  for (let k = 0; k < orders.length; k++) {
    if (orders[k]!.side !== side) continue;
    const d = traderDeviation(orders, k, options, cache);
    if (d) return d;
  }
  return null;
}

function outcome(traded: number, price: number | null): string {
  return traded > 0 ? `wins ${units(traded)} at P=${fmt(price)}` : `wins nothing${price === null ? "" : ` (P=${fmt(price)})`}`;
}

export const TIE_RULE =
  "At one price, buyer units come before seller units in the sorted list, and on each side the earlier round, then the smaller id, has priority to trade (first among buyers, last in the list among sellers).";

/** The sentence a mechanism designer checks by hand. */
export function explainDeviation(orders: readonly Order[], d: Deviation): string {
  const who = d.side === "buy" ? `buyer ${d.trader} values each unit at ${fmt(d.truth.price)}` : `seller ${d.trader} costs ${fmt(d.truth.price)} per unit`;
  const changes: string[] = [];
  if (d.report.price !== d.truth.price) changes.push(`${d.side === "buy" ? "bidding" : "asking"} ${fmt(d.report.price)}`);
  if (d.report.quantity !== d.truth.quantity) changes.push(`${changes.length ? "for" : "reporting"} ${units(d.report.quantity)}`);
  const book = bookFromOrders(orders);
  const truthful = clearBook(book);
  const k = orders.findIndex((o) => o.id === d.trader);
  const sets = truthful.priceSetter === k ? " (its own unit is the (M+1)-th and sets P)" : "";
  const others = orders.filter((o) => o.id !== d.trader);
  const tie = others.some((o) => o.price === d.report.price || o.price === d.truth.price);
  const tieNote = tie ? ` ${TIE_RULE}` : "";
  // When the best misreport is a price, say whether plain demand (supply) reduction pays as well.
  let reduction = "";
  if (d.report.quantity === d.truth.quantity) {
    for (let q = d.truth.quantity - 1; q >= 1 && !reduction; q--) {
      const c = clearBook(withReport(book, k, d.truth.price, q));
      const u = utility(d.side, d.truth.price, c.traded[k]!, c.price);
      if (u > d.utilityTruthful) reduction = ` Reporting only ${units(q)} at the true price pays too: ${outcome(c.traded[k]!, c.price)}, utility ${fmt(u)}.`;
    }
  }
  return (
    `${who} for ${units(d.truth.quantity)}; truthful: ${outcome(d.truthful.traded, d.truthful.price)}${sets}, utility ${fmt(d.utilityTruthful)}; ` +
    `${changes.join(" ")} instead: ${outcome(d.deviating.traded, d.deviating.price)}, utility ${fmt(d.utilityDeviating)} ` +
    `(everyone else fixed; book: ${describeBook(orders)}).${reduction}${tieNote}`
  );
}

// ---------------------------------------------------------------------------------------------------
// The structural claims: each a function from a book to the violation it shows, or null

interface Cleared {
  readonly book: Book;
  readonly clearing: Clearing;
}

function cleared(orders: readonly Order[]): Cleared {
  const book = bookFromOrders(orders);
  return { book, clearing: clearBook(book) };
}

function tradedBySide({ book, clearing }: Cleared): { supply: number; demand: number } {
  let supply = 0;
  let demand = 0;
  for (let k = 0; k < book.size; k++) {
    if (book.side[k] === SELL) supply += clearing.traded[k]!;
    else demand += clearing.traded[k]!;
  }
  return { supply, demand };
}

function winners(book: Book, traded: Float64Array, side: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < book.size; k++) if (book.side[k] === side && traded[k]! > 0) out.push(k);
  return out;
}

function clearingRuleViolation(orders: readonly Order[]): string | null {
  const { clearing } = cleared(orders);
  const ref = referenceClearing(orders);
  const id = (k: number | null) => (k === null ? "none" : orders[k]!.id);
  if (clearing.price !== ref.price) return `clearBook gives P=${fmt(clearing.price)}, the unit list's (M+1)-th price is ${fmt(ref.price)}`;
  if (clearing.priceSetter !== ref.priceSetter) return `clearBook names ${id(clearing.priceSetter)} as the price setter, the unit list has ${id(ref.priceSetter)} at position M+1`;
  for (let k = 0; k < orders.length; k++) {
    if (clearing.traded[k] !== ref.traded[k]) return `${orders[k]!.id} trades ${units(clearing.traded[k]!)} by clearBook but ${units(ref.traded[k]!)} by Algorithm 5 on the unit list`;
  }
  const volume = ref.traded.reduce((s, t, k) => s + (orders[k]!.side === "buy" ? t : 0), 0);
  if (clearing.volume !== volume) return `clearBook reports volume ${fmt(clearing.volume)}, the buyers win ${volume} units`;
  return null;
}

function equilibriumViolation(orders: readonly Order[]): string | null {
  const c = cleared(orders);
  const { supply, demand } = tradedBySide(c);
  if (supply !== demand) return `traded supply ${fmt(supply)} ≠ traded demand ${fmt(demand)} at P=${fmt(c.clearing.price)}`;
  if (c.clearing.volume !== demand) return `volume ${fmt(c.clearing.volume)} ≠ units traded ${fmt(demand)}`;
  return null;
}

function uniformPriceViolation(orders: readonly Order[]): string | null {
  const { book, clearing } = cleared(orders);
  const P = clearing.price;
  if (clearing.volume > 0 && P === null) return `${fmt(clearing.volume)} units trade without a clearing price`;
  if (P === null) return null;
  if (clearing.priceSetter === null || book.price[clearing.priceSetter] !== P) return `P=${fmt(P)} is not the price setter's reported price`;
  const flows = greedyMatch(book, clearing.traded);
  for (let t = 0; t < flows.count; t++) {
    const s = flows.seller[t]!;
    const b = flows.buyer[t]!;
    if (!(book.price[s]! <= P && P <= book.price[b]!)) {
      return `transaction ${orders[s]!.id} → ${orders[b]!.id} cannot settle at the one price P=${fmt(P)}: ask ${fmt(book.price[s]!)}, bid ${fmt(book.price[b]!)}`;
    }
  }
  return null;
}

function budgetViolation(orders: readonly Order[]): string | null {
  const { book, clearing } = cleared(orders);
  const P = clearing.price ?? 0;
  let paid = 0;
  let received = 0;
  for (let k = 0; k < book.size; k++) {
    if (book.side[k] === BUY) paid += P * clearing.traded[k]!;
    else received += P * clearing.traded[k]!;
  }
  if (paid !== received) return `buyers pay ${fmt(paid)}, sellers receive ${fmt(received)} at P=${fmt(P)}`;
  // Transaction by transaction: what each order pays or receives over its transactions is P × its units.
  const flows = greedyMatch(book, clearing.traded);
  const money = new Float64Array(book.size);
  for (let t = 0; t < flows.count; t++) {
    money[flows.seller[t]!] += P * flows.quantity[t]!;
    money[flows.buyer[t]!] += P * flows.quantity[t]!;
  }
  for (let k = 0; k < book.size; k++) {
    if (money[k] !== P * clearing.traded[k]!) return `${orders[k]!.id} settles ${fmt(money[k]!)} over its transactions, not P × its units = ${fmt(P * clearing.traded[k]!)}`;
  }
  return null;
}

function rationalityViolation(orders: readonly Order[]): string | null {
  const { book, clearing } = cleared(orders);
  for (let k = 0; k < book.size; k++) {
    const t = clearing.traded[k]!;
    if (t === 0) continue;
    const o = orders[k]!;
    if (t < 0 || t > o.quantity || !Number.isInteger(t)) return `${o.id} is given ${fmt(t)} units of its ${o.quantity}`;
    if (clearing.price === null) return `${o.id} trades without a clearing price`;
    if (o.side === "buy" ? o.price < clearing.price : o.price > clearing.price) {
      return `${o.side === "buy" ? "buyer" : "seller"} ${o.id} ${o.side === "buy" ? "bids" : "asks"} ${fmt(o.price)} but trades ${units(t)} at P=${fmt(clearing.price)}`;
    }
  }
  return null;
}

/** Flows carry every winner's traded units exactly, in positive integers, from a winning seller to a winning buyer. */
export function flowViolation(orders: readonly Order[], book: Book, traded: Float64Array, flows: Flows, what: string): string | null {
  const carried = new Float64Array(book.size);
  for (let t = 0; t < flows.count; t++) {
    const s = flows.seller[t]!;
    const b = flows.buyer[t]!;
    const x = flows.quantity[t]!;
    if (!(x > 0) || !Number.isInteger(x)) return `${what}: transaction ${t + 1} carries ${fmt(x)} units`;
    if (book.side[s] !== SELL || traded[s]! <= 0) return `${what}: transaction ${t + 1} is from ${orders[s]!.id}, not a winning seller`;
    if (book.side[b] !== BUY || traded[b]! <= 0) return `${what}: transaction ${t + 1} is to ${orders[b]!.id}, not a winning buyer`;
    carried[s] += x;
    carried[b] += x;
  }
  for (let k = 0; k < book.size; k++) {
    if (carried[k] !== traded[k]) return `${what}: ${orders[k]!.id} wins ${fmt(traded[k]!)} units but its transactions carry ${fmt(carried[k]!)}`;
  }
  return null;
}

function greedyFlowViolation(orders: readonly Order[]): string | null {
  const { book, clearing } = cleared(orders);
  return flowViolation(orders, book, clearing.traded, greedyMatch(book, clearing.traded), "greedy");
}

function greedyBoundViolation(orders: readonly Order[]): string | null {
  const { book, clearing } = cleared(orders);
  const c = winners(book, clearing.traded, SELL).length;
  const d = winners(book, clearing.traded, BUY).length;
  const flows = greedyMatch(book, clearing.traded);
  if (c + d > 0 && flows.count > c + d - 1) return `the greedy makes ${flows.count} transactions for ${c} winning sellers and ${d} winning buyers (bound c + d − 1 = ${c + d - 1})`;
  return null;
}

function quantities(book: Book, traded: Float64Array, side: number): number[] {
  return winners(book, traded, side).map((k) => traded[k]!);
}

function greedyOptimalViolation(orders: readonly Order[]): string | null {
  const { book, clearing } = cleared(orders);
  const s = quantities(book, clearing.traded, SELL);
  const d = quantities(book, clearing.traded, BUY);
  const flows = greedyMatch(book, clearing.traded);
  if (flows.count <= Math.max(s.length, d.length)) return null; // the lower bound: every winner trades at least once
  const { count: min, groups } = balancedGroups(s, d);
  if (flows.count > min) {
    const sellers = winners(book, clearing.traded, SELL);
    const buyers = winners(book, clearing.traded, BUY);
    const list = (ks: number[]) => ks.map((k) => `${orders[k]!.id} ${fmt(clearing.traded[k]!)}`).join(", ");
    const greedy = Array.from({ length: flows.count }, (_, t) => `${orders[flows.seller[t]!]!.id}→${orders[flows.buyer[t]!]!.id} ${fmt(flows.quantity[t]!)}`).join(", ");
    const ids = (ks: number[], from: number[]) => ks.map((i) => orders[from[i]!]!.id).join(" + ");
    const split = groups.map((g) => `{${ids(g.sellers, sellers)} | ${ids(g.buyers, buyers)}}`).join(", ");
    return (
      `winning sellers (units) ${list(sellers)}; winning buyers ${list(buyers)}: the greedy makes ${flows.count} transactions (${greedy}), ` +
      `but ${min} suffice: the winners split into ${groups.length} groups whose supply equals their demand, ${split}, and a group of g traders needs g − 1 transactions`
    );
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// The solver-backed claims

class SolverFailure extends Error {}

/** One book's optimal solution (its objective and its columns' values), or the solver's proof that it has none. */
type Solved = { readonly objective: number; readonly values: Float64Array } | { readonly infeasible: true };

type ModelKind = "milp" | "welfare-lp";

interface Solving {
  readonly solver: SolverName;
  /** Solutions by model kind and book: milp-bounds and flow-conservation share the MILP solves. */
  readonly cache: Map<string, Promise<Solved>>;
  /** Set by the first solve that did not end optimal; the remaining runs are skipped and the check throws. */
  failure: SolverFailure | null;
}

/**
 * Books per batched solve, by backend. HiGHS solves a block-diagonal MILP of 250 books in a second or
 * two; GLPK's branch and bound slows down sharply past ~10 blocks (25: seconds, 50: over a minute);
 * javascript-lp-solver refuses all but small models, so it gets one book at a time.
 */
const BATCH: Readonly<Record<SolverName, number>> = { highs: 250, cbc: 50, glpk: 10, glpsol: 10, jslp: 1 };
/** Seconds a batch may take before it is split in two (a single book is never cut short). */
const BATCH_TIME_LIMIT = 30;

/** The model a solver-backed claim needs for a book; null when there is nothing to solve (nothing trades). */
function modelOf(kind: ModelKind, orders: readonly Order[]): { model: Model; matching?: MatchingModel } | null {
  const { book, clearing } = cleared(orders);
  if (kind === "welfare-lp") return { model: bestWelfareModel(book) };
  if (clearing.volume === 0) return null;
  const matching = matchingModel(book, clearing.traded);
  return { model: matching.model, matching };
}

function keyOf(kind: ModelKind, orders: readonly Order[]): string {
  return `${kind}:${JSON.stringify(orders)}`;
}

function objectiveAt(model: Model, values: ArrayLike<number>): number {
  let z = model.objective.offset;
  for (let k = 0; k < model.objective.cols.length; k++) z += model.objective.coefs[k]! * values[model.objective.cols[k]!]!;
  return z;
}

/** An optimum, or infeasibility (a finding about the model: e.g. traded supply ≠ traded demand); anything else is the solver's failure. */
function checkSolved(solving: Solving, r: SolveResult, what: string): Float64Array | null {
  if (r.status === "infeasible") return null;
  if (r.status !== "optimal" || !r.values || r.objective === null) throw new SolverFailure(`${solving.solver} ended ${r.status} on ${what}${r.message ? `: ${r.message}` : ""}`);
  return r.values;
}

/**
 * A model without columns is decided here: feasible when every row holds at 0. (Backends disagree on
 * it: HiGHS calls an empty model optimal even when a row reads 0 = 2, GLPK aborts.)
 */
function emptyModelSolution(model: Model): Solved {
  for (let r = 0; r < model.numRows; r++) {
    const rhs = model.rowRhs[r]!;
    const sense = model.rowSenseOf(r);
    if (sense === "=" ? rhs !== 0 : sense === "<=" ? rhs < 0 : rhs > 0) return { infeasible: true };
  }
  return { objective: model.objective.offset, values: new Float64Array(0) };
}

/** Options of every solve: a MILP is solved to a zero relative gap (its transaction count is exact). */
const EXACT = { relGap: 0 } as const;

/**
 * The models side by side, sharing nothing: block i's columns start at bases[i], its rows follow block
 * i − 1's, and the objective is the sum of theirs (all in one direction). An optimum of the whole is an
 * optimum of every block, since the blocks are independent and the objective separates.
 */
export function blockDiagonal(models: readonly Model[]): { model: Model; bases: number[] } {
  const b = new ModelBuilder("tcda-batch", models.reduce((n, m) => n + m.numNonzeros, 0) + 16);
  const bases: number[] = [];
  let n = 0;
  models.forEach((m, i) => {
    if (m.objective.direction !== models[0]!.objective.direction) throw new Error("blockDiagonal: the models optimise in different directions");
    bases.push(n);
    for (let c = 0; c < m.numCols; c++) b.addNamedColumn(`m${i + 1}.${m.colName(c)}`, KIND_OF_CODE[m.colKind[c]!]!, { lower: m.colLower[c]!, upper: m.colUpper[c]! });
    n += m.numCols;
  });
  models.forEach((m, i) => {
    for (let r = 0; r < m.numRows; r++) {
      const w = b.namedRow(`m${i + 1}.${m.rowName(r)}`, m.rowSenseOf(r));
      for (let k = m.rowStart[r]!; k < m.rowStart[r + 1]!; k++) w.add(bases[i]! + m.rowCol[k]!, m.rowCoef[k]!);
      w.end(m.rowRhs[r]!);
    }
  });
  const objective = new LinearExpr();
  models.forEach((m, i) => {
    for (let k = 0; k < m.objective.cols.length; k++) objective.add(bases[i]! + m.objective.cols[k]!, m.objective.coefs[k]!);
    objective.addConstant(m.objective.offset);
  });
  b.setObjective(models[0]?.objective.direction ?? "min", objective);
  return { model: b.build(), bases };
}

/**
 * Solves the models of many books at once, BATCH books to a block-diagonal model, and caches each book's
 * own optimum (the runs then find them; a book fast-check shrinks to is solved alone). One solve costs a
 * worker's start-up, ~0.1 s, so this is what makes hundreds of books per claim affordable.
 */
async function solveInBatches(solving: Solving, kind: ModelKind, books: readonly (readonly Order[])[], onBatch?: (done: number) => void): Promise<void> {
  const todo: { key: string; model: Model }[] = [];
  const seen = new Set<string>();
  for (const orders of books) {
    const key = keyOf(kind, orders);
    if (seen.has(key) || solving.cache.has(key)) continue;
    seen.add(key);
    const m = modelOf(kind, orders);
    if (m && m.model.numCols === 0) solving.cache.set(key, Promise.resolve(emptyModelSolution(m.model)));
    else if (m) todo.push({ key, model: m.model });
  }
  // An infeasible batch holds an infeasible book: halve it until the book is alone (and cached as
  // infeasible). A batch that runs out of time is halved too.
  const solveBatch = async (chunk: readonly { key: string; model: Model }[]): Promise<void> => {
    if (chunk.length === 1) {
      await solveCached(solving, kind, null, chunk[0]!.model, chunk[0]!.key);
      return;
    }
    const { model, bases } = blockDiagonal(chunk.map((t) => t.model));
    const r = await solveModel(solverNamed(solving.solver), model, { ...EXACT, timeLimit: BATCH_TIME_LIMIT });
    const values = r.status === "time_limit" ? null : checkSolved(solving, r, `a batch of ${chunk.length} ${kind} models`);
    if (values) {
      chunk.forEach((t, i) => {
        const own = values.slice(bases[i]!, bases[i]! + t.model.numCols);
        solving.cache.set(t.key, Promise.resolve({ objective: objectiveAt(t.model, own), values: own }));
      });
    } else {
      const half = chunk.length >> 1;
      await solveBatch(chunk.slice(0, half));
      await solveBatch(chunk.slice(half));
    }
  };
  const size = BATCH[solving.solver];
  for (let at = 0; at < todo.length; at += size) {
    await solveBatch(todo.slice(at, at + size));
    onBatch?.(Math.min(todo.length, at + size));
  }
}

/** One book's model solved alone (or found in the cache). */
async function solveCached(solving: Solving, kind: ModelKind, orders: readonly Order[] | null, model: Model, key = keyOf(kind, orders!)): Promise<Solved> {
  let r = solving.cache.get(key);
  if (!r && model.numCols === 0) {
    r = Promise.resolve(emptyModelSolution(model));
    solving.cache.set(key, r);
  }
  if (!r) {
    r = solveModel(solverNamed(solving.solver), model, EXACT).then((res): Solved => {
      const values = checkSolved(solving, res, `the ${kind} model of ${orders ? describeBook(orders) : key.slice(kind.length + 1)}`);
      return values ? { objective: res.objective!, values } : { infeasible: true };
    });
    solving.cache.set(key, r);
  }
  return r;
}

class Infeasible extends Error {}

async function milpFlows(solving: Solving, orders: readonly Order[]): Promise<{ c: Cleared; flows: Flows; objective: number }> {
  const c = cleared(orders);
  const m = modelOf("milp", orders);
  if (!m) return { c, flows: greedyMatch(c.book, c.clearing.traded), objective: 0 };
  const r = await solveCached(solving, "milp", orders, m.model);
  if ("infeasible" in r) {
    const { supply, demand } = tradedBySide(c);
    throw new Infeasible(`the matching MILP has no solution (winners' supply ${fmt(supply)}, demand ${fmt(demand)})`);
  }
  return { c, flows: flowsFromSolution(m.matching!, r.values), objective: r.objective };
}

async function milpFlowViolation(solving: Solving, orders: readonly Order[]): Promise<string | null> {
  const { c, flows } = await milpFlows(solving, orders);
  return flowViolation(orders, c.book, c.clearing.traded, flows, "MILP");
}

async function milpBoundsViolation(solving: Solving, orders: readonly Order[]): Promise<string | null> {
  const { c, flows, objective } = await milpFlows(solving, orders);
  const { book, clearing } = c;
  const s = quantities(book, clearing.traded, SELL);
  const d = quantities(book, clearing.traded, BUY);
  const greedy = greedyMatch(book, clearing.traded).count;
  const lower = Math.max(s.length, d.length);
  const exact = minTransactions(s, d);
  const flowBad = flowViolation(orders, book, clearing.traded, flows, "MILP");
  if (flowBad) return flowBad;
  if (Math.abs(objective - flows.count) > 1e-6) return `the MILP's objective ${fmt(objective)} is not its number of transactions ${flows.count}`;
  if (flows.count > greedy) return `the MILP makes ${flows.count} transactions, more than the greedy's ${greedy}`;
  if (flows.count < lower) return `the MILP makes ${flows.count} transactions, fewer than max(c, d) = ${lower}`;
  if (flows.count !== exact) return `the MILP makes ${flows.count} transactions, the exact minimum (c + d − most balanced groups) is ${exact}`;
  return null;
}

async function efficiencyViolation(solving: Solving, orders: readonly Order[]): Promise<string | null> {
  const { book, clearing } = cleared(orders);
  const welfare = allocationWelfare(book, clearing.traded);
  const r = await solveCached(solving, "welfare-lp", orders, bestWelfareModel(book));
  if ("infeasible" in r) return "the welfare LP has no solution";
  const best = r.objective;
  if (Math.abs(welfare - best) > 1e-6 * Math.max(1, Math.abs(best))) {
    return `the allocation's welfare (reported gains from trade) is ${fmt(welfare)} at P=${fmt(clearing.price)}, the welfare LP reaches ${fmt(best)}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// The claims

const THEOREM_4 = "Theorem 4 (Appendix A): 'TCDA is strategy-proof for buyers'";
const THEOREM_5 =
  "Theorem 5 (Appendix B): 'TCDA is strategy-proof for risk averse sellers', checked as a dominant strategy (the paper's own case (iii) concedes a seller at P may gain by asking more; the spec: not a dominant strategy)";
const DEVIATIONS = "every price in the book, just above and below each, and the lowest price";

export const STATEMENTS: Readonly<Record<ClaimId, string>> = {
  "clearing-rule":
    "Procedures 1–2 (Algorithms 4–5, with the spec's errata): P is the (M+1)-th highest of the L unit prices; buyer units before position M+1 trade, seller units from M+1 on; clearBook agrees with a literal unit-by-unit expansion",
  equilibrium: "Theorem 3: 'The trading set under Algorithm 5 achieves a competitive equilibrium': traded supply equals traded demand",
  "uniform-price":
    "Section VII-B: 'The prices set by the Marketplace in each auction round is uniform (set equal across all matched buyer-seller pairs)': one price P, a reported unit price (the price setter's), at which both sides of every transaction accept to trade",
  "budget-balance": "Money is balanced (the spec's list of the paper's claims: 'every trade is at the single price P; money is balanced'): buyers pay exactly what sellers receive, in all and transaction by transaction",
  "individual-rationality": "No winner trades at a loss against its report (section VII-A's competitive profits, eqs. (4) and (6), read as (P − ask)·q for a seller and (bid − P)·q for a buyer, are ≥ 0 at the reports): every winning buyer bids ≥ P, every winning seller asks ≤ P, and no order trades more than its quantity",
  "flow-conservation":
    "Procedure 3's constraints Σ_j x_ij = S_i, Σ_i x_ij = K_j, x_ij ∈ ℕ: the flows carry every winner's traded units exactly and join only winning sellers to winning buyers (the greedy on every book; the MILP's solution on the solver subset)",
  "greedy-bound": "Procedure 3's greedy ('match the seller who has the highest supply and the buyer who has the highest demand') makes at most c + d − 1 transactions",
  "greedy-optimal":
    "Procedure 3: 'The following procedure gives the solution to the above linear programming problem': the greedy makes the fewest transactions (checked against the exact minimum c + d − k, k the most groups with equal supply and demand)",
  "milp-bounds":
    "The matching MILP (the fixed-charge transportation problem) solved by the backend: max(c, d) ≤ its transactions ≤ the greedy's, its objective counts its transactions, and it reaches the exact minimum c + d − k",
  efficiency:
    "The competitive equilibrium allocates efficiently (Definitions 5–6, Theorem 3): the allocation's reported gains from trade equal the best possible welfare, computed independently by the welfare LP, to 1e-6 relative",
  "truthful-buyers-single": `${THEOREM_4}, single-unit books (every quantity 1): no buyer raises its utility Σ(value − P) by bidding another price, everyone else fixed (tried: ${DEVIATIONS})`,
  "truthful-buyers-multi": `${THEOREM_4}, multi-unit books (quantities 1..${MAX_QUANTITY}): no buyer raises its utility Σ(value − P) by bidding another price and/or fewer units, everyone else fixed (tried: ${DEVIATIONS}, × every quantity up to the true one)`,
  "truthful-sellers-single": `${THEOREM_5}, single-unit books: no seller raises its utility Σ(P − cost) by asking another price, everyone else fixed (tried: ${DEVIATIONS})`,
  "truthful-sellers-multi": `${THEOREM_5}, multi-unit books: no seller raises its utility Σ(P − cost) by asking another price and/or offering fewer units, everyone else fixed (tried: ${DEVIATIONS}, × every quantity up to the true one)`,
};

interface Progress {
  tick(): void;
  end(): void;
}

function progress(claim: string, onProgress: TcdaCheckOptions["onProgress"]): Progress {
  let done = 0;
  let last = performance.now();
  return {
    tick() {
      done++;
      if (onProgress && (done & 63) === 0 && performance.now() - last > 200) {
        last = performance.now();
        onProgress(claim, done);
      }
    },
    end() {
      onProgress?.(claim, done);
    },
  };
}

type Details = fc.RunDetails<[Order[]]>;

function renamed(orders: readonly Order[]): Order[] {
  let b = 0;
  let s = 0;
  return orders.map((o) => ({ ...o, id: o.side === "buy" ? `b${++b}` : `s${++s}` }));
}

/**
 * Smaller books one step from `orders`, staying in the arbitrary's domain (1+ orders a side, prices and
 * quantities ≥ 1, single-unit books keep quantity 1): one order dropped (ids renumbered in order, which
 * keeps their relative order), one quantity or price lowered by 1, one round set to 0.
 */
function smallerBooks(orders: readonly Order[], singleUnit: boolean): Order[][] {
  const out: Order[][] = [];
  const count = (side: Side) => orders.filter((o) => o.side === side).length;
  orders.forEach((o, i) => {
    if (count(o.side) > 1) out.push(renamed(orders.filter((_, j) => j !== i)));
  });
  const change = (i: number, patch: Partial<Order>) => out.push(orders.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  orders.forEach((o, i) => {
    if (!singleUnit && o.quantity > 1) change(i, { quantity: o.quantity - 1 });
  });
  orders.forEach((o, i) => {
    if (o.price > 1) change(i, { price: o.price - 1 });
  });
  orders.forEach((o, i) => {
    if (o.round) {
      const { round: _drop, ...rest } = o;
      out.push(orders.map((p, j) => (j === i ? rest : p)));
    }
  });
  return out;
}

/**
 * fast-check's shrinking does not always drop every order it could (it shrinks arrays mostly from one
 * end); this finishes the job: take any one-step smaller book that still fails, until none does.
 */
export function reduceBook(orders: readonly Order[], fails: (orders: readonly Order[]) => boolean, singleUnit: boolean): Order[] {
  let current = [...orders];
  for (let step = 0; step < 10_000; step++) {
    const next = smallerBooks(current, singleUnit).find(fails);
    if (!next) break;
    current = next;
  }
  return current;
}

function report(
  id: ClaimId,
  details: Details,
  seconds: number,
  explain: (orders: Order[]) => { explanation: string; deviation?: Deviation },
  extra: { solverRuns?: number; reduce?: (orders: Order[]) => Order[] } = {},
): ClaimReport {
  const base = { id, statement: STATEMENTS[id], runs: details.numRuns, seconds, ...(extra.solverRuns !== undefined ? { solverRuns: extra.solverRuns } : {}) };
  if (!details.failed) return { ...base, verdict: "held" };
  if (!details.counterexample) throw details.errorInstance ?? new Error(`${id}: fast-check failed without a counterexample`);
  const orders = extra.reduce ? extra.reduce(details.counterexample[0]) : details.counterexample[0];
  return { ...base, verdict: "counterexample", counterexample: { orders, ...explain(orders), seed: details.seed, path: details.counterexamplePath, shrinks: details.numShrinks } };
}

/** An exception from the code under test is a finding too: it becomes the violation. */
function safely<A extends unknown[]>(f: (...args: A) => string | null): (...args: A) => string | null {
  return (...args) => {
    try {
      return f(...args);
    } catch (err) {
      return `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
    }
  };
}

function safelyAsync<A extends unknown[]>(f: (...args: A) => Promise<string | null>): (...args: A) => Promise<string | null> {
  return async (...args) => {
    try {
      return await f(...args);
    } catch (err) {
      if (err instanceof SolverFailure) throw err;
      if (err instanceof Infeasible) return err.message;
      return `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
    }
  };
}

function syncClaim(id: ClaimId, arb: fc.Arbitrary<Order[]>, unsafe: (orders: readonly Order[]) => string | null, o: TcdaCheckOptions, numRuns = o.runs): ClaimReport {
  const violation = safely(unsafe);
  const started = performance.now();
  const p = progress(id, o.onProgress);
  const details = fc.check(
    fc.property(arb, (orders) => {
      p.tick();
      return violation(orders) === null;
    }),
    { seed: o.seed, numRuns },
  );
  p.end();
  const reduce = (orders: Order[]) => reduceBook(orders, (o) => violation(o) !== null, false);
  return report(id, details, (performance.now() - started) / 1000, (orders) => ({ explanation: violation(orders)! }), { reduce });
}

async function asyncClaim(
  id: ClaimId,
  arb: fc.Arbitrary<Order[]>,
  kind: ModelKind,
  unsafe: (solving: Solving, orders: readonly Order[]) => Promise<string | null>,
  solving: Solving,
  o: TcdaCheckOptions,
  numRuns: number,
): Promise<{ details: Details; seconds: number; explain: (orders: Order[]) => Promise<string> }> {
  const violation = safelyAsync(unsafe);
  const started = performance.now();
  // The books this check will draw (same arbitrary, seed and count: the same sequence), solved in batches first.
  const books: Order[][] = [];
  fc.check(
    fc.property(arb, (orders) => {
      books.push(orders);
      return true;
    }),
    { seed: o.seed, numRuns },
  );
  await solveInBatches(solving, kind, books, o.onProgress ? (done) => o.onProgress!(`${id} (${solving.solver}, batched)`, done) : undefined);
  const p = progress(id, o.onProgress);
  const details = await fc.check(
    fc.asyncProperty(arb, async (orders) => {
      if (solving.failure) return true;
      p.tick();
      try {
        return (await violation(solving, orders)) === null;
      } catch (err) {
        if (!(err instanceof SolverFailure)) throw err;
        solving.failure ??= err;
        return true;
      }
    }),
    { seed: o.seed, numRuns },
  );
  p.end();
  if (solving.failure) throw solving.failure;
  return { details, seconds: (performance.now() - started) / 1000, explain: async (orders) => (await violation(solving, orders))! };
}

async function solverClaim(
  id: ClaimId,
  kind: ModelKind,
  violation: (solving: Solving, orders: readonly Order[]) => Promise<string | null>,
  solving: Solving,
  o: TcdaCheckOptions,
  numRuns: number,
): Promise<ClaimReport> {
  const arb = bookArbitrary({ singleUnit: false });
  const { details, seconds, explain } = await asyncClaim(id, arb, kind, violation, solving, o, numRuns);
  const explanation = details.failed && details.counterexample ? await explain(details.counterexample[0]) : "";
  return report(id, details, seconds, () => ({ explanation }), { solverRuns: details.numRuns });
}

/** Flow conservation: the greedy on every book, then the MILP's flows on the solver subset (solves shared with milp-bounds). */
async function flowClaim(solving: Solving, o: TcdaCheckOptions, solverRuns: number): Promise<ClaimReport> {
  const arb = bookArbitrary({ singleUnit: false });
  const greedy = syncClaim("flow-conservation", arb, greedyFlowViolation, o);
  if (greedy.verdict === "counterexample") return greedy;
  const milp = await asyncClaim("flow-conservation", arb, "milp", milpFlowViolation, solving, o, solverRuns);
  const seconds = greedy.seconds + milp.seconds;
  if (!milp.details.failed) return { ...greedy, seconds, solverRuns: milp.details.numRuns };
  const explanation = await milp.explain(milp.details.counterexample![0]);
  return report("flow-conservation", milp.details, seconds, () => ({ explanation }), { solverRuns: milp.details.numRuns });
}

function truthClaim(id: ClaimId, side: Side, multiUnit: boolean, o: TcdaCheckOptions): ClaimReport {
  const started = performance.now();
  const p = progress(id, o.onProgress);
  // A deviation that pays, or an exception of the code under test, fails the property.
  const search = (orders: readonly Order[]): Deviation | string | null => {
    try {
      return findDeviation(orders, side, { multiUnit });
    } catch (err) {
      return `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
    }
  };
  const details = fc.check(
    fc.property(bookArbitrary({ singleUnit: !multiUnit }), (orders) => {
      p.tick();
      return search(orders) === null;
    }),
    { seed: o.seed, numRuns: o.runs },
  );
  p.end();
  const reduce = (orders: Order[]) => reduceBook(orders, (o) => search(o) !== null, !multiUnit);
  return report(
    id,
    details,
    (performance.now() - started) / 1000,
    (orders) => {
      const found = search(orders)!;
      return typeof found === "string" ? { explanation: found } : { explanation: explainDeviation(orders, found), deviation: found };
    },
    { reduce },
  );
}

/**
 * Checks the paper's claims: every claim on `runs` random books (fast-check, seeded), the solver-backed
 * ones on the first `solverRuns` of them (default min(runs, 1000)). Deterministic for a seed.
 */
export async function runTcdaChecks(options: TcdaCheckOptions): Promise<ClaimReport[]> {
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new RangeError(`runs must be a positive integer (got ${options.runs})`);
  const solverRuns = Math.max(1, Math.min(options.runs, options.solverRuns ?? DEFAULT_SOLVER_RUNS));
  const wanted = new Set<ClaimId>(options.claims ?? CLAIM_IDS);
  const solving: Solving = { solver: options.solver ?? "highs", cache: new Map(), failure: null };
  const out = new Map<ClaimId, ClaimReport>();
  const multi = bookArbitrary({ singleUnit: false });

  // milp-bounds solves the MILPs of the solver subset (in batches); flow-conservation's MILP part finds them cached.
  if (wanted.has("milp-bounds")) out.set("milp-bounds", await solverClaim("milp-bounds", "milp", milpBoundsViolation, solving, options, solverRuns));
  if (wanted.has("efficiency")) out.set("efficiency", await solverClaim("efficiency", "welfare-lp", efficiencyViolation, solving, options, solverRuns));

  const sync: [ClaimId, (orders: readonly Order[]) => string | null][] = [
    ["clearing-rule", clearingRuleViolation],
    ["equilibrium", equilibriumViolation],
    ["uniform-price", uniformPriceViolation],
    ["budget-balance", budgetViolation],
    ["individual-rationality", rationalityViolation],
    ["greedy-bound", greedyBoundViolation],
    ["greedy-optimal", greedyOptimalViolation],
  ];
  for (const [id, violation] of sync) if (wanted.has(id)) out.set(id, syncClaim(id, multi, violation, options));
  if (wanted.has("flow-conservation")) out.set("flow-conservation", await flowClaim(solving, options, solverRuns));
  const truth: [ClaimId, Side, boolean][] = [
    ["truthful-buyers-single", "buy", false],
    ["truthful-buyers-multi", "buy", true],
    ["truthful-sellers-single", "sell", false],
    ["truthful-sellers-multi", "sell", true],
  ];
  for (const [id, side, multiUnit] of truth) if (wanted.has(id)) out.set(id, truthClaim(id, side, multiUnit, options));
  return CLAIM_IDS.flatMap((id) => (out.has(id) ? [out.get(id)!] : []));
}
