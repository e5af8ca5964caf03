import { InputError } from "../input-error.js";
import { indexSet, LinearExpr, type Model, ModelBuilder, type VariableFamily } from "../model/index.js";
import type { Book } from "./book.js";
import { SELL } from "./book.js";
import type { Flows } from "./greedy.js";

/** Trading cost φ(x) = fixed·[x > 0] + perUnit·x of one transaction (the paper: fixed 1, per unit 0). */
export interface TradingCost {
  /** Cost of a transaction that moves any units at all. */
  readonly fixed: number;
  /** Cost per unit moved. */
  readonly perUnit: number;
}

/** The paper's cost (fixed 1, per unit 0): minimising it minimises the number of transactions. */
export const TRANSACTION_COUNT: TradingCost = { fixed: 1, perUnit: 0 };

/** Above this many seller–buyer pairs the MILP is refused: it has two columns per pair. */
export const MAX_PAIRS = 250_000;

/** The matching MILP, with the order behind each seller and buyer index and its columns. */
export interface MatchingModel {
  /** The fixed-charge transportation problem, ready for a solver. */
  readonly model: Model;
  /** Winning sellers and buyers (order indices), in the model's index order (1-based in the model). */
  readonly sellers: readonly number[];
  /** Winning buyers, like `sellers`: buyers[j−1] is buyer j's order index. */
  readonly buyers: readonly number[];
  /** x(i,j): units from seller i to buyer j (integer). */
  readonly x: VariableFamily<[i: number, j: number]>;
  /** y(i,j): 1 when seller i and buyer j trade (binary). */
  readonly y: VariableFamily<[i: number, j: number]>;
}

/**
 * Procedure 3 solved exactly: the fixed-charge transportation problem. x(i,j) units from seller i to
 * buyer j, y(i,j) = 1 when they trade: Σ_j x(i,j) = S_i, Σ_i x(i,j) = K_j, x(i,j) ≤ min(S_i, K_j)·y(i,j);
 * minimise Σ fixed·y + perUnit·x. With fixed 1 and perUnit 0 it counts transactions.
 */
export function matchingModel(book: Book, traded: Float64Array, cost: TradingCost = TRANSACTION_COUNT): MatchingModel {
  const sellers: number[] = [];
  const buyers: number[] = [];
  const byRank = (a: number, b: number) => book.rank[a]! - book.rank[b]!;
  for (let k = 0; k < book.size; k++) if (traded[k]! > 0) (book.side[k] === SELL ? sellers : buyers).push(k);
  sellers.sort(byRank);
  buyers.sort(byRank);
  const pairs = sellers.length * buyers.length;
  if (pairs > MAX_PAIRS) throw new InputError(`the matching MILP would have ${pairs.toLocaleString("en-US")} seller–buyer pairs, above ${MAX_PAIRS.toLocaleString("en-US")}; use the greedy matcher`);
  const b = new ModelBuilder("tcda-matching");
  const I = indexSet("I", 1, sellers.length);
  const J = indexSet("J", 1, buyers.length);
  const x = b.addVariables<[number, number]>("x", "integer", [I, J]);
  const y = b.addVariables<[number, number]>("y", "binary", [I, J]);
  const cap = (i: number, j: number) => Math.min(traded[sellers[i - 1]!]!, traded[buyers[j - 1]!]!);
  const supply = b.constraintFamily<[number]>("supply", "=", 1);
  const demand = b.constraintFamily<[number]>("demand", "=", 1);
  const link = b.constraintFamily<[number, number]>("link", "<=", 2);
  for (let i = 1; i <= sellers.length; i++) {
    const r = b.row(supply, i);
    for (let j = 1; j <= buyers.length; j++) r.add(x.col(i, j));
    r.end(traded[sellers[i - 1]!]!);
  }
  for (let j = 1; j <= buyers.length; j++) {
    const r = b.row(demand, j);
    for (let i = 1; i <= sellers.length; i++) r.add(x.col(i, j));
    r.end(traded[buyers[j - 1]!]!);
  }
  for (let i = 1; i <= sellers.length; i++) for (let j = 1; j <= buyers.length; j++) b.row(link, i, j).add(x.col(i, j)).add(y.col(i, j), -cap(i, j)).end(0);
  const objective = new LinearExpr();
  for (let i = 1; i <= sellers.length; i++)
    for (let j = 1; j <= buyers.length; j++) {
      objective.add(y.col(i, j), cost.fixed);
      objective.add(x.col(i, j), cost.perUnit);
    }
  b.setObjective("min", objective);
  return { model: b.build(), sellers, buyers, x, y };
}

/** Reads the flows of a solution of the matching MILP (rounded: the x are integers). */
export function flowsFromSolution(m: MatchingModel, values: ArrayLike<number>): Flows {
  const seller: number[] = [];
  const buyer: number[] = [];
  const quantity: number[] = [];
  for (let i = 1; i <= m.sellers.length; i++)
    for (let j = 1; j <= m.buyers.length; j++) {
      const q = Math.round(values[m.x.col(i, j)]!);
      if (q <= 0) continue;
      seller.push(m.sellers[i - 1]!);
      buyer.push(m.buyers[j - 1]!);
      quantity.push(q);
    }
  return { count: seller.length, seller: Int32Array.from(seller), buyer: Int32Array.from(buyer), quantity: Float64Array.from(quantity) };
}

/** Σ φ(x) over the transactions. */
export function flowCost(flows: Flows, cost: TradingCost = TRANSACTION_COUNT): number {
  let total = 0;
  for (let t = 0; t < flows.count; t++) total += cost.fixed + cost.perUnit * flows.quantity[t]!;
  return total;
}
