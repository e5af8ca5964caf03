import { buildDbftModel } from "../formulations/dbft2/build.js";
import { extendToHorizon } from "../formulations/dbft2/extend.js";
import { instanceName, type DbftParams } from "../formulations/dbft2/params.js";
import { checkSolution, type Model } from "../formulations/model/index.js";
import { closedAtLimit } from "../solvers/closing.js";
import { relativeGap, stoppedByLimit, type SolveResult, type SolveStatus, type SolverName } from "../solvers/types.js";

/**
 * Share of a run's time limit a warm start may spend on the shorter horizon. The run itself gets what is
 * left, so the two together keep to the limit as far as the solvers keep to theirs.
 */
export const WARM_START_SHARE = 0.25;

/** What the shorter-horizon solve gave, as written in the run's record. */
export interface WarmStartReport {
  /** The instance solved first, e.g. dbft-2-10-5. */
  readonly from: string;
  /** Its steps per view. */
  readonly tmax: number;
  /** The backend that solved it. */
  readonly solver: SolverName;
  /** Its status. */
  readonly status: SolveStatus;
  /** Its incumbent's objective, in its own model. */
  readonly value: number | null;
  /** Seconds it took. */
  readonly seconds: number;
  /** Objective of the extended point in the run's model, when it satisfies every row of it. */
  readonly startValue: number | null;
  /** Whether the point satisfies the run's model and was handed to its solver. */
  readonly used: boolean;
  /** Why there is no start, when there is none. */
  readonly note?: string;
}

/** A warm start's outcome: its record, and the point handed to the run's solver (if any). */
export interface WarmStart {
  /** What the shorter-horizon solve gave. */
  readonly report: WarmStartReport;
  /** The MIP start for the run's model, or null when there is none to give. */
  readonly values: Float64Array | null;
}

/**
 * Solves the same objective on `horizon` steps per view, then lifts its incumbent to the run's model
 * (extendToHorizon) and checks it there. On the paper's instances the short horizon proves in seconds
 * what the long one struggles to find: dbft-2-10-5 P1 reaches 2000 in 77 s while dbft-2-10-15 P1 had
 * only 1000 after 600 s, with the bound already at 2000.
 */
export async function horizonWarmStart(p: DbftParams, model: Model, horizon: number, solveShort: (short: Model) => Promise<SolveResult>): Promise<WarmStart> {
  if (!(horizon >= 2 && horizon < p.tmax)) throw new RangeError(`a warm start needs a horizon from 2 to ${p.tmax - 1}, got ${horizon}`);
  const shortParams: DbftParams = { ...p, tmax: horizon };
  const short = buildDbftModel(shortParams).model;
  const r = await solveShort(short);
  const base = { from: instanceName(shortParams), tmax: horizon, solver: r.solver, status: r.status, value: r.objective, seconds: Number(r.seconds.toFixed(3)) };
  if (!r.values) return { report: { ...base, startValue: null, used: false, note: `no solution at tmax = ${horizon}${r.message ? ` (${r.message})` : ""}` }, values: null };
  const values = extendToHorizon({ model: short, params: shortParams }, r.values, { model, params: p });
  const check = checkSolution(model, values);
  if (!check.feasible) {
    const row = check.worstRow === null ? "a bound or integrality" : model.rowName(check.worstRow);
    return { report: { ...base, startValue: null, used: false, note: `the extended solution breaks ${row}` }, values: null };
  }
  return { report: { ...base, startValue: check.objective, used: true }, values };
}

/**
 * The run's result with its seconds and the start's: the shorter solve's time is added, and a run whose
 * solver failed or lost its incumbent keeps the checked start as its solution (keepStart).
 */
export function withWarmStart(result: SolveResult, warm: WarmStart | null, relGap?: number): SolveResult {
  if (!warm) return result;
  return keepStart({ ...result, seconds: result.seconds + warm.report.seconds }, warmStartPoint(warm), relGap);
}

/**
 * A run whose solver failed or lost its incumbent (CBC can crash after stopping on time) keeps the
 * checked start it was given as its solution. A bound the solver reported still holds, so a start that
 * reaches it is optimal (closedAtLimit); otherwise the status stays.
 */
export function keepStart(result: SolveResult, start: StartPoint | null, relGap?: number): SolveResult {
  if (result.values || !start || !(stoppedByLimit(result.status) || result.status === "interrupted" || result.status === "error")) return result;
  const kept = { ...result, objective: start.value, values: start.values, gap: relativeGap(start.value, result.bound), message: `${result.message ? `${result.message}; ` : ""}value and solution are the ${start.label}'s` };
  return stoppedByLimit(result.status) ? closedAtLimit(kept, relGap) : kept;
}

/** A checked MIP start and where it came from ("warm start", "pooled start", a file name). */
export interface StartPoint {
  /** One value per column of the run's model. */
  readonly values: Float64Array;
  /** Its objective in the run's model. */
  readonly value: number;
  /** Where it came from, as the run's messages name it. */
  readonly label: string;
}

/** The warm start's point, when it has one the solver can take. */
export function warmStartPoint(warm: WarmStart | null): StartPoint | null {
  return warm?.values && warm.report.startValue !== null ? { values: warm.values, value: warm.report.startValue, label: "warm start" } : null;
}

/** The best of the starts for the objective's direction; the first of equals. */
export function bestStart(direction: "min" | "max", ...starts: (StartPoint | null)[]): StartPoint | null {
  const sign = direction === "max" ? 1 : -1;
  let best: StartPoint | null = null;
  for (const s of starts) if (s && (!best || sign * (s.value - best.value) > 0)) best = s;
  return best;
}
