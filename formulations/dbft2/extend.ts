import type { Model } from "../model/index.js";
import { type DbftParams, dbftVariableCount } from "./params.js";
import { dbftLayout } from "./variables.js";

/** A dBFT model with the parameters it was built from. */
export interface HorizonModel {
  readonly model: Model;
  readonly params: Pick<DbftParams, "n" | "tmax">;
}

/**
 * Lifts a solution of the model with τ' steps per view to the same model with τ > τ' steps per view.
 *
 * Why it is a solution there too: an execution of τ' steps per view is one of τ steps in which nothing
 * happens in steps τ'+1..τ of each view. Every column but one is indexed by (step, node, view), by node
 * and view, or not at all, so it keeps its value under its own name and the added steps stay 0. The
 * exception is lastRelayedBlock, the global step (v−1)·τ + t of the latest relay, which depends on τ and
 * is recomputed. The caller checks the result against every row of the longer model (checkSolution):
 * the argument is about the paper's rows and the strengthening families, and the check keeps it honest.
 */
export function extendToHorizon(from: HorizonModel, values: ArrayLike<number>, to: HorizonModel): Float64Array {
  const [short, long] = [from.model, to.model];
  const [sp, longParams] = [from.params, to.params];
  if (sp.n !== longParams.n || !(sp.tmax < longParams.tmax)) throw new RangeError(`cannot extend dbft-2-${sp.n}-${sp.tmax} to dbft-2-${longParams.n}-${longParams.tmax}: same N and a longer horizon only`);
  for (const [m, q] of [[short, sp], [long, longParams]] as const)
    if (m.numCols !== dbftVariableCount(q.n, q.tmax)) throw new RangeError(`the model does not have the columns of dbft-2-${q.n}-${q.tmax}`);
  if (values.length !== short.numCols) throw new RangeError(`expected ${short.numCols} values, got ${values.length}`);
  const index = long.colIndex();
  const out = new Float64Array(long.numCols);
  const names = short.colNames();
  for (let c = 0; c < short.numCols; c++) {
    const to = index.get(names[c]!);
    if (to === undefined) throw new RangeError(`column ${names[c]} has no counterpart: the models differ in more than the horizon`);
    out[to] = values[c]!;
  }
  const { vars } = dbftLayout(longParams);
  const { n, tmax } = longParams;
  let last = 0;
  for (let v = 1; v <= n; v++)
    for (let i = 1; i <= n; i++)
      for (let t = 1; t <= tmax; t++) if (out[vars.blockRelay.col(t, i, v)]! > 0.5) last = Math.max(last, (v - 1) * tmax + t);
  out[vars.lastRelayedBlock] = last;
  return out;
}
