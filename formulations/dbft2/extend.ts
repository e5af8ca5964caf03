import type { Model } from "../model/index.js";
import { type DbftParams, dbftVariableCount } from "./params.js";
import { MESSAGE_KINDS } from "./messages.js";
import { dbftLayout } from "./variables.js";

/** A dBFT model with the parameters it was built from. */
export interface HorizonModel {
  /** The built model. */
  readonly model: Model;
  /** N and τ of that model. */
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
  if (short.numCols !== dbftVariableCount(sp.n, sp.tmax)) throw new RangeError(`the model does not have the columns of dbft-2-${sp.n}-${sp.tmax}`);
  if (values.length !== short.numCols) throw new RangeError(`expected ${short.numCols} values, got ${values.length}`);
  const names = short.colNames();
  const entries: [string, number][] = [];
  for (let c = 0; c < short.numCols; c++) if (values[c] !== 0) entries.push([names[c]!, values[c]!]);
  return placeByName(entries, sp, to);
}

/**
 * Places a dBFT solution given as (column name, value) pairs — e.g. read from a saved solution file —
 * into the model `to` of the same N and a horizon at least as long; names not listed are 0. Why this is
 * a solution there: see extendToHorizon. lastRelayedBlock is recomputed for the target horizon, and the
 * message counters from the sends and receipts: a model whose objective does not weigh messages (w3 = 0)
 * leaves them free (family 32), so a solution found there may hold any value in them. Throws when a name
 * has no column in `to`.
 */
export function placeByName(entries: Iterable<readonly [string, number]>, from: Pick<DbftParams, "n" | "tmax">, to: HorizonModel, index: ReadonlyMap<string, number> = to.model.colIndex()): Float64Array {
  const { model, params } = to;
  if (from.n !== params.n || from.tmax > params.tmax) throw new RangeError(`cannot place a solution of dbft-2-${from.n}-${from.tmax} in dbft-2-${params.n}-${params.tmax}: same N and a horizon at least as long only`);
  if (model.numCols !== dbftVariableCount(params.n, params.tmax)) throw new RangeError(`the model does not have the columns of dbft-2-${params.n}-${params.tmax}`);
  const out = new Float64Array(model.numCols);
  for (const [name, value] of entries) {
    const col = index.get(name);
    if (col === undefined) throw new RangeError(`column ${name} has no counterpart: the models differ in more than the horizon`);
    out[col] = value;
  }
  const { vars } = dbftLayout(params);
  const { n, tmax } = params;
  let last = 0;
  for (let v = 1; v <= n; v++)
    for (let i = 1; i <= n; i++)
      for (let t = 1; t <= tmax; t++) if (out[vars.blockRelay.col(t, i, v)]! > 0.5) last = Math.max(last, (v - 1) * tmax + t);
  out[vars.lastRelayedBlock] = last;
  let sent = 0;
  let received = 0;
  for (const kind of MESSAGE_KINDS)
    for (let t = 1; t <= tmax; t++)
      for (let i = 1; i <= n; i++)
        for (let v = 1; v <= n; v++) {
          sent += out[vars.send[kind].col(t, i, v)]!;
          for (let j = 1; j <= n; j++) received += out[vars.recv[kind].col(t, i, j, v)]!;
        }
  out[vars.totalNumberSendMsg] = sent;
  out[vars.totalNumberRcvdMsg] = received;
  out[vars.totalNumberMsgs] = sent + received;
  return out;
}
