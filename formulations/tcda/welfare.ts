import { LinearExpr, type Model, ModelBuilder } from "../model/index.js";
import { type Book, SELL } from "./book.js";

/** Reported gains from trade: Σ buyer price × units − Σ seller price × units (the price P cancels out). */
export function allocationWelfare(book: Book, traded: Float64Array): number {
  let w = 0;
  for (let k = 0; k < book.size; k++) {
    const t = traded[k]!;
    if (t > 0) w += book.side[k] === SELL ? -book.price[k]! * t : book.price[k]! * t;
  }
  return w;
}

/**
 * The best possible welfare of a book, as a linear program for a solver (independent of the clearing
 * rule): q(k) ∈ [0, quantity(k)] units traded by order k (column k), as many bought as sold, maximise
 * Σ buyer price·q − Σ seller price·q.
 */
export function bestWelfareModel(book: Book): Model {
  const b = new ModelBuilder("tcda-welfare");
  for (let k = 0; k < book.size; k++) b.addNamedColumn(`q(${k + 1})`, "continuous", { upper: book.quantity[k]! });
  const r = b.namedRow("balance", "=");
  const objective = new LinearExpr();
  for (let k = 0; k < book.size; k++) {
    const sell = book.side[k] === SELL;
    r.add(k, sell ? 1 : -1);
    objective.add(k, sell ? -book.price[k]! : book.price[k]!);
  }
  r.end(0);
  b.setObjective("max", objective);
  return b.build();
}
