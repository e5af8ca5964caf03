import { InputError } from "../input-error.js";
import type { Direction } from "../model/index.js";
import { CUT_NAMES, type CutName, isCutName } from "./cuts/index.js";

/** The paper's objective presets P1..P7 (Table 2), in order. */
export const PRESET_NAMES = ["P1", "P2", "P3", "P4", "P5", "P6", "P7"] as const;
/** Name of one of the paper's objective presets, P1..P7. */
export type Preset = (typeof PRESET_NAMES)[number];

/** w1·totalBlockRelayed + w2·numberOfRounds + w3·totalNumberMsgs, minimised or maximised. */
export interface ObjectiveSpec {
  /** Whether the objective is minimised or maximised. */
  readonly direction: Direction;
  /** Weight on totalBlockRelayed (views in which a block was relayed). */
  readonly w1: number;
  /** Weight on numberOfRounds (views that had a primary). */
  readonly w2: number;
  /** Weight on totalNumberMsgs (messages sent plus received). */
  readonly w3: number;
  /** Set when the weights are one of the paper's presets. */
  readonly preset?: Preset;
}

/** The paper's Table 2. */
export const PRESETS: Readonly<Record<Preset, ObjectiveSpec & {
  /** What the objective asks for, in words. */
  readonly asks: string;
}>> = {
  P1: { preset: "P1", direction: "max", w1: 1000, w2: 100, w3: 0, asks: "most blocks, most views" },
  P2: { preset: "P2", direction: "max", w1: 1000, w2: -100, w3: 0, asks: "most blocks, fewest views" },
  P3: { preset: "P3", direction: "min", w1: 1000, w2: 100, w3: 0, asks: "fewest blocks, fewest views (liveness attack)" },
  P4: { preset: "P4", direction: "min", w1: 1000, w2: 100, w3: -1, asks: "as P3 while flooding messages" },
  P5: { preset: "P5", direction: "max", w1: 1000, w2: 100, w3: 1, asks: "as P1 with a message flood" },
  P6: { preset: "P6", direction: "max", w1: 1000, w2: -100, w3: -1, asks: "blocks, few views, few messages" },
  P7: { preset: "P7", direction: "min", w1: 1000, w2: -100, w3: -1, asks: "few blocks, many views, many messages" },
};

/**
 * Guaranteed delivery between honest nodes (the paper's Eq. 31), one property per message kind:
 * 1 PrepareRequest, 2 PrepareResponse, 3 Commit, 4 ChangeView.
 */
export type DeliveryProperty = 1 | 2 | 3 | 4;

/** Neo's round-robin primary at one block height (see {@link neoPrimary}); the paper lets any node lead any view. */
export interface Rotation {
  /** Block height h ≥ 0; only h mod N matters. */
  readonly height: number;
}

/**
 * Neo's primary of model view v (1..N) at block height h, as a model node (1..N): ((h − (v − 1)) mod N) + 1.
 * Neo numbers views and nodes from 0 and takes (h − view) mod N (the simulator's primaryOf).
 */
export function neoPrimary(n: number, height: number, view: number): number {
  return ((((height - (view - 1)) % n) + n) % n) + 1;
}

/** Validated dBFT 2.0 model parameters, as returned by {@link dbftParams}. */
export interface DbftParams {
  /** Number of nodes N (≥ 4); views also run 1..N. */
  readonly n: number;
  /** Time steps per view τ (≥ 2); step 1 is time zero. */
  readonly tmax: number;
  /** The objective to optimise. */
  readonly objective: ObjectiveSpec;
  /** Sorted, without repeats. */
  readonly deliver: readonly DeliveryProperty[];
  /** Strengthening families (`--strengthen`), in CUT_NAMES order; empty for the paper's model. */
  readonly strengthen: readonly CutName[];
  /** Neo's primary rotation (`--rotation`), or null for the paper's free choice of primaries. */
  readonly rotation: Rotation | null;
}

/** Derived sizes: f = ⌊(N−1)/3⌋ faults tolerated, M = 2f+1 honest nodes (the quorum). */
export function faultsTolerated(n: number): number {
  return Math.floor((n - 1) / 3);
}

/** Quorum M = 2f+1 for N nodes: the number of honest nodes, nodes M+1..N being Byzantine. */
export function quorum(n: number): number {
  return 2 * faultsTolerated(n) + 1;
}

/** Exact number of columns, known before building (used to refuse models that cannot fit). */
export function dbftVariableCount(n: number, tmax: number): number {
  return n * n + 5 * tmax * n * n + 4 * tmax * n ** 3 + n + 6 + n * n;
}

/** Beyond this the row arrays pass 2^31 entries or several GB; the paper stops at 731,772. */
export const MAX_VARIABLES = 20_000_000;

/** True when `name` is one of the preset names P1..P7. */
export function isPreset(name: string): name is Preset {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** Raw parameters before validation; {@link dbftParams} checks and normalises them. */
export interface DbftParamsInput {
  /** Number of nodes N; must be an integer ≥ 4. */
  n: number;
  /** Time steps per view τ; must be an integer ≥ 2. */
  tmax: number;
  /** A preset name or explicit weights; defaults to P1. */
  objective?: Preset | ObjectiveSpec;
  /** Delivery properties to enforce (1..4, see {@link DeliveryProperty}); repeats and order do not matter. */
  deliver?: readonly number[];
  /** Strengthening family names (see CUT_NAMES); empty or absent for the paper's model. */
  strengthen?: readonly string[];
  /** Neo's primary rotation at a block height; null or absent for the paper's free choice. */
  rotation?: Rotation | null;
}

/** Validates and normalises; every failure is an InputError naming the offending value. */
export function dbftParams(input: DbftParamsInput): DbftParams {
  const { n, tmax } = input;
  if (!Number.isInteger(n) || n < 4) throw new InputError(`N must be an integer >= 4 (got ${n}); dBFT needs 3f+1 nodes with f >= 1`);
  if (!Number.isInteger(tmax) || tmax < 2) throw new InputError(`tmax must be an integer >= 2 (got ${tmax}); step 1 is time zero`);
  const vars = dbftVariableCount(n, tmax);
  if (vars > MAX_VARIABLES) {
    throw new InputError(`N=${n}, tmax=${tmax} gives ${vars.toLocaleString("en-US")} variables, above the limit of ${MAX_VARIABLES.toLocaleString("en-US")}`);
  }
  const objective = input.objective === undefined ? PRESETS.P1 : typeof input.objective === "string" ? presetSpec(input.objective) : checkSpec(input.objective);
  const deliver = [...new Set(input.deliver ?? [])].sort((a, b) => a - b);
  for (const k of deliver) {
    if (k !== 1 && k !== 2 && k !== 3 && k !== 4) throw new InputError(`unknown delivery property ${k}: use 1 (PrepareRequest), 2 (PrepareResponse), 3 (Commit), 4 (ChangeView)`);
  }
  const asked = new Set(input.strengthen ?? []);
  for (const c of asked) if (!isCutName(c)) throw new InputError(`unknown strengthening family ${JSON.stringify(c)}: use any of ${CUT_NAMES.join(", ")}`);
  const strengthen = CUT_NAMES.filter((c) => asked.has(c));
  const rotation = input.rotation ? checkRotation(input.rotation) : null;
  // Symmetry breaking renames nodes within their group; a fixed rotation names the primaries, so the two would cut off optima.
  if (rotation && strengthen.includes("symmetry")) throw new InputError("the symmetry strengthening family renames nodes, which a fixed primary rotation forbids: leave symmetry out");
  return { n, tmax, objective, deliver: deliver as DeliveryProperty[], strengthen, rotation };
}

function checkRotation(r: Rotation): Rotation {
  if (!Number.isSafeInteger(r.height) || r.height < 0) throw new InputError(`rotation height must be an integer >= 0 (got ${r.height})`);
  return { height: r.height };
}

function presetSpec(name: string): ObjectiveSpec {
  if (!isPreset(name)) throw new InputError(`unknown objective preset ${JSON.stringify(name)}: use one of ${PRESET_NAMES.join(", ")}`);
  const { asks: _asks, ...spec } = PRESETS[name];
  return spec;
}

function checkSpec(spec: ObjectiveSpec): ObjectiveSpec {
  for (const key of ["w1", "w2", "w3"] as const) {
    if (!Number.isFinite(spec[key])) throw new InputError(`weight ${key} must be a finite number (got ${spec[key]})`);
  }
  if (spec.direction !== "min" && spec.direction !== "max") throw new InputError(`direction must be min or max (got ${spec.direction})`);
  const match = PRESET_NAMES.find((p) => {
    const q = PRESETS[p];
    return q.direction === spec.direction && q.w1 === spec.w1 && q.w2 === spec.w2 && q.w3 === spec.w3;
  });
  return { direction: spec.direction, w1: spec.w1, w2: spec.w2, w3: spec.w3, ...(match ? { preset: match } : {}) };
}

/** `dbft-2-N-tmax`, the paper's instance name (objective and delivery options are not part of it). */
export function instanceName(p: Pick<DbftParams, "n" | "tmax">): string {
  return `dbft-2-${p.n}-${p.tmax}`;
}

/** The options beyond N, tmax and the objective, for titles: "delivery 3,4; strengthened quorum,budget; rotation neo:0". */
export function describeVariant(p: Pick<DbftParams, "deliver" | "strengthen" | "rotation">): string {
  const parts: string[] = [];
  if (p.deliver.length) parts.push(`delivery ${p.deliver.join(",")}`);
  if (p.strengthen.length) parts.push(`strengthened ${p.strengthen.join(",")}`);
  if (p.rotation) parts.push(`rotation neo:${p.rotation.height}`);
  return parts.join("; ");
}

/** One-line description of an objective, e.g. "P1: max 1000·blocks + 100·views + 0·messages". */
export function describeObjective(o: ObjectiveSpec): string {
  const sign = (w: number) => (w < 0 ? `- ${-w}` : `+ ${w}`);
  const body = `${o.w1}·blocks ${sign(o.w2)}·views ${sign(o.w3)}·messages`;
  return `${o.preset ? o.preset + ": " : ""}${o.direction} ${body}`;
}
