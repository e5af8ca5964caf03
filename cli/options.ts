import { InvalidArgumentError } from "commander";
import { CUT_NAMES, type DbftParams, dbftParams, DEFAULT_CUTS, type ObjectiveSpec, type Preset, PRESET_NAMES, type Rotation } from "../lib/dbft.js";
import { InputError } from "../lib/model.js";

/** Commander argument parsers: each throws with a message that names what was expected. */
export function integerArg(value: string): number {
  if (!/^[+-]?\d+$/.test(value.trim())) throw new InvalidArgumentError("expected an integer.");
  return Number(value);
}

/** A horizon in steps per view, as dbftParams accepts it. */
export function horizonArg(value: string): number {
  const h = integerArg(value);
  if (h < 2) throw new InvalidArgumentError("expected a horizon of at least 2 steps per view.");
  return h;
}

export function nonNegativeIntegerArg(value: string): number {
  const x = integerArg(value);
  if (x < 0) throw new InvalidArgumentError("expected an integer >= 0.");
  return x;
}

/** --node-limit, shared by the solving commands. */
export const NODE_LIMIT_HELP = "stop after this many branch-and-bound nodes and report incumbent, bound and gap (highs, cbc): unlike --time-limit, the same answer on any machine";

export function positiveNumberArg(value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x <= 0) throw new InvalidArgumentError("expected a positive number.");
  return x;
}

export function nonNegativeNumberArg(value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x < 0) throw new InvalidArgumentError("expected a number >= 0.");
  return x;
}

export function integerListArg(value: string): number[] {
  const parts = value.split(",").map((s) => s.trim());
  if (parts.some((s) => !/^[+-]?\d+$/.test(s))) throw new InvalidArgumentError("expected a comma-separated list of integers, e.g. 4,7.");
  return parts.map(Number);
}

export function numberListArg(value: string): number[] {
  const parts = value.split(",").map((s) => s.trim());
  const xs = parts.map(Number);
  if (parts.some((s, k) => s === "" || !Number.isFinite(xs[k]!))) throw new InvalidArgumentError("expected comma-separated numbers, e.g. 1000,100,0.");
  return xs;
}

/** Options shared by every dBFT command (commander camel-cases the flags). */
export interface DbftModelOptions {
  n: number;
  tmax: number;
  objective?: string;
  weights?: number[];
  direction?: string;
  deliver?: number[];
  /** `true` for the default families, or the listed ones. */
  strengthen?: boolean | string;
  /** `neo` or `neo:H` (see rotationOption). */
  rotation?: string;
}

export const DBFT_OPTION_HELP = {
  n: "number of consensus nodes N (>= 4); f = floor((N-1)/3) of them may be Byzantine",
  tmax: "time steps per view (>= 2); step 1 is time zero",
  objective: `objective preset, one of ${PRESET_NAMES.join(", ")} (default P1)`,
  weights: "custom objective weights w1,w2,w3 for blocks, views, messages (with --direction)",
  direction: "min or max, for custom --weights",
  strengthen: `add valid inequalities and symmetry breaking that leave the optimum unchanged and let solvers prove it faster; alone: ${DEFAULT_CUTS.join(",")}; or a list of ${CUT_NAMES.join(", ")}`,
  deliver: "guaranteed delivery between honest nodes, any of 1 (PrepareRequest), 2 (PrepareResponse), 3 (Commit), 4 (ChangeView), e.g. 3,4",
  rotation: "fix Neo's primaries: at block height H (default 0) view v is led by node ((H - (v-1)) mod N) + 1 only, e.g. neo or neo:7; with --strengthen alone, symmetry is left out",
} as const;

/** Turns the parsed flags into validated model parameters (InputError on any inconsistency). */
export function dbftParamsFromOptions(o: DbftModelOptions): DbftParams {
  let objective: Preset | ObjectiveSpec | undefined;
  if (o.weights !== undefined) {
    if (o.objective !== undefined) throw new InputError("give either --objective or --weights, not both");
    if (o.weights.length !== 3) throw new InputError(`--weights needs three numbers w1,w2,w3 (got ${o.weights.length})`);
    if (o.direction === undefined) throw new InputError("--weights needs --direction min or max");
    if (o.direction !== "min" && o.direction !== "max") throw new InputError(`--direction must be min or max (got ${JSON.stringify(o.direction)})`);
    const [w1, w2, w3] = o.weights as [number, number, number];
    objective = { direction: o.direction, w1, w2, w3 };
  } else {
    if (o.direction !== undefined) throw new InputError("--direction goes with --weights; a preset has its own direction");
    if (o.objective !== undefined) objective = o.objective.toUpperCase() as Preset;
  }
  const rotation = rotationOption(o.rotation);
  // The default families include symmetry breaking, which a fixed rotation forbids (see dbftParams).
  const strengthen = strengthenList(o.strengthen).filter((c) => !(rotation && o.strengthen === true && c === "symmetry"));
  return dbftParams({ n: o.n, tmax: o.tmax, objective, deliver: o.deliver, strengthen, rotation });
}

/** `--rotation neo` (height 0) or `--rotation neo:H`; absent: the paper's free choice of primaries. */
export function rotationOption(value: string | undefined): Rotation | null {
  if (value === undefined) return null;
  const m = /^neo(?::(\d+))?$/.exec(value.trim());
  const height = m ? Number(m[1] ?? 0) : NaN;
  if (!m || !Number.isSafeInteger(height)) throw new InputError(`--rotation expects neo or neo:H with a block height H >= 0, e.g. neo:7 (got ${JSON.stringify(value)})`);
  return { height };
}

/** `--strengthen` alone means the default families; `--strengthen quorum,symmetry` picks them. */
export function strengthenList(value: boolean | string | undefined): readonly string[] {
  if (value === undefined || value === false) return [];
  if (value === true) return DEFAULT_CUTS;
  const names = value.split(",").map((x) => x.trim());
  if (names.some((x) => x === "")) throw new InputError(`--strengthen expects a comma-separated list of ${CUT_NAMES.join(", ")} (got ${JSON.stringify(value)})`);
  return names;
}

export function positiveIntegerArg(value: string): number {
  const x = integerArg(value);
  if (x < 1) throw new InvalidArgumentError("expected an integer >= 1.");
  return x;
}
