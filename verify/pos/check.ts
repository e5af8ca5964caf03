/**
 * The PoS checks of spec codag.md §3.3 and §5 item 7: the record's semantics, and the simulated
 * P(reward) of every grid point within 4σ of the exact rate of §3.2.
 */
import { type Coalition, createRecord, decide, type Decision, type Liars, type PosSetting, posSetting, rewardProbability, verify } from "../../formulations/pos/index.js";
import { InputError } from "../../formulations/input-error.js";
import { Prng, runSeed } from "../shared/prng.js";
import { type CheckGridResult, type CheckGridSettings, runCheckGrid } from "../../instances/grid/check-grid.js";
import { FOUR_SIGMA_LEVEL, judgeFrequency, NORMAL_MIN_VARIANCE } from "../shared/acceptance.js";
import { simulatePos } from "./simulate.js";

export const CHECK_N = [10, 20, 50, 100] as const;
export const CHECK_RATIOS = [0.6, 0.8, 0.9] as const;
export const CHECK_P = [0.5, 0.7, 0.8, 0.9, 0.99] as const;
export const CHECK_F = [0.1, 0.3] as const;
export const NOISE = 0.1;

export interface Adversary {
  readonly label: string;
  readonly liars: Liars | null;
  readonly coalition: Coalition | null;
}

/** f = 0, then f ∈ {0.1, 0.3} × {slanderer, colluder, noisy ε = 0.1}. */
export function checkAdversaries(): Adversary[] {
  const out: Adversary[] = [{ label: "honest", liars: null, coalition: null }];
  for (const f of CHECK_F) {
    out.push({ label: `${Math.round(f * 100)}% slanderers`, liars: { f, kind: "slanderer", epsilon: 0 }, coalition: null });
    out.push({ label: `${Math.round(f * 100)}% colluders`, liars: { f, kind: "colluder", epsilon: 0 }, coalition: null });
    out.push({ label: `${Math.round(f * 100)}% noisy ε=${NOISE}`, liars: { f, kind: "noisy", epsilon: NOISE }, coalition: null });
  }
  return out;
}

/** One point of the PoS check: its index, the setting, the true success probability, and the adversary. */
export interface CheckPointSpec {
  /** Position in the grid; seeds the point's run. */
  readonly index: number;
  /** Record parameters and adversary. */
  readonly setting: PosSetting;
  /** The probes' true success probability. */
  readonly pTrue: number;
  /** The adversary's label, e.g. "30% colluders". */
  readonly adversary: string;
}

export interface CheckGridOptions {
  /** Record sizes n to check instead of the spec's {10, 20, 50, 100}. */
  readonly nValues?: readonly number[];
  /** A reduced grid (n 10 and 20, δ/n 0.8, p_true 0.5, 0.9, 0.99) for tests and a first look. */
  readonly quick?: boolean;
}

/**
 * The grid in a fixed order (a point's index seeds it). Beyond the spec's grid, a coalition on
 * k = n/10 fixed slots (slanderer, colluder) at δ/n = 0.8 checks the coalition formula as well.
 */
export function checkGrid(o: CheckGridOptions = {}): CheckPointSpec[] {
  const ns = o.nValues ?? (o.quick ? [10, 20] : CHECK_N);
  for (const n of ns) if (!Number.isInteger(n) || n < 1) throw new InputError(`n must be an integer >= 1 (got ${n})`);
  const ratios: readonly number[] = o.quick ? [0.8] : CHECK_RATIOS;
  const ps: readonly number[] = o.quick ? [0.5, 0.9, 0.99] : CHECK_P;
  const out: CheckPointSpec[] = [];
  const push = (setting: PosSetting, pTrue: number, adversary: string) => out.push({ index: out.length, setting, pTrue, adversary });
  for (const n of ns)
    for (const r of ratios)
      for (const pTrue of ps)
        for (const a of checkAdversaries()) push(posSetting({ n, delta: Math.round(r * n), liars: a.liars }), pTrue, a.label);
  for (const n of ns) {
    const k = Math.max(1, Math.round(n / 10));
    for (const kind of ["slanderer", "colluder"] as const)
      for (const pTrue of ps) push(posSetting({ n, delta: Math.round(0.8 * n), coalition: { k, kind } }), pTrue, `coalition k=${k} ${kind}`);
  }
  return out;
}

/**
 * One point of the PoS check as run: its setting, the exact and simulated reward rates, and the verdict of the
 * acceptance rule.
 */
export interface CheckPointResult {
  /** Position in the grid. */
  readonly index: number;
  /** Slots n. */
  readonly n: number;
  /** Threshold δ. */
  readonly delta: number;
  /** The probes' true success probability. */
  readonly pTrue: number;
  /** Liar fraction f (0 without liars). */
  readonly f: number;
  /** The adversary's label. */
  readonly kind: string;
  /** Exact P(reward) (§3.2). */
  readonly exact: number;
  /** Simulated P(reward): rewards / epochs. */
  readonly simulated: number;
  /** Rewarded epochs. */
  readonly rewards: number;
  /** σ = √(P(1−P)/N). */
  readonly sigma: number;
  /** "normal": |f̂ − P| ≤ 4σ; "exact": both binomial tails of the count at least 2Φ(−4)/2. */
  readonly rule: "normal" | "exact";
  /** The smaller one-sided binomial tail of the observed count (exact rule only). */
  readonly tail: number | null;
  /** Whether the point passes its rule. */
  readonly pass: boolean;
}

/**
 * The pass rule. Where N·P(1−P) ≥ 9, |f̂ − P| ≤ 4σ with σ = √(P(1−P)/N), as the spec says. Below,
 * P is within a few counts of 0 or 1 and σ is smaller than one count (zero at P = 0): one stray
 * reward would "fail" at 4σ although it is likely. There the count c passes iff P(X ≤ c) and
 * P(X ≥ c), X ~ Bin(N, P), are both at least 2Φ(−4)/2: the same level, exactly.
 */
/** The shared acceptance rule (verify/shared/acceptance.ts) for a point's reward count. */
export function judge(exact: number, rewards: number, epochs: number): {
  /** σ = √(P(1−P)/N). */
  sigma: number;
  /** "normal" (within 4σ) or "exact" (binomial tails). */
  rule: "normal" | "exact";
  /** The smaller one-sided binomial tail (exact rule only). */
  tail: number | null;
  /** Whether the count passes. */
  pass: boolean;
} {
  const j = judgeFrequency(rewards, epochs, exact);
  return { sigma: j.sigma, rule: j.rule, tail: j.tail, pass: j.pass };
}

export function runCheckPoint(spec: CheckPointSpec, epochs: number, seed: number): CheckPointResult {
  const s = spec.setting;
  const exact = rewardProbability(s, spec.pTrue);
  const sim = simulatePos(s, spec.pTrue, { epochs, seed: runSeed(seed, spec.index) });
  return {
    index: spec.index,
    n: s.n,
    delta: s.delta,
    pTrue: spec.pTrue,
    f: s.liars?.f ?? 0,
    kind: spec.adversary,
    exact,
    simulated: sim.rate,
    rewards: sim.rewards,
    ...judge(exact, sim.rewards, epochs),
  };
}

/**
 * One deterministic check of the PoS record (Decide every n writes, the counter, overwritten slots, …): its
 * name, verdict and details.
 */
export interface RecordCheck {
  /** What is checked, in words. */
  readonly name: string;
  /** Whether it held. */
  readonly pass: boolean;
  /** The cases tried, or the first problems found. */
  readonly detail: string;
}

/** Decide fires on writes n, 2n, 3n... and never between; the counter is the writes mod n; slots are overwritten. */
function decideEveryN(): RecordCheck {
  const rng = new Prng(12345);
  const problems: string[] = [];
  const ns = [1, 2, 3, 5, 10, 20, 100];
  for (const n of ns) {
    const rec = createRecord(posSetting({ n, delta: Math.ceil(n / 2) }), 7);
    for (let w = 1; w <= 4 * n + n - 1; w++) {
      const who = rng.int(7);
      const ok = rng.float() < 0.5;
      const slot = rec.counter;
      const d = verify(rec, who, ok);
      if ((d !== null) !== (w % n === 0)) problems.push(`n=${n}: Decide ${d ? "fired" : "silent"} at write ${w}`);
      if (rec.counter !== w % n) problems.push(`n=${n}: counter ${rec.counter} after ${w} writes`);
      if (rec.gamma[slot] !== (ok ? 0 : 1) || rec.writers[slot] !== who) problems.push(`n=${n}: slot ${slot} not overwritten at write ${w}`);
      if (d && d.successes !== n - rec.gamma.reduce((a, b) => a + b, 0)) problems.push(`n=${n}: s = ${d.successes} at write ${w}`);
    }
    if (rec.decisions !== 4) problems.push(`n=${n}: ${rec.decisions} decisions after ${5 * n - 1} writes`);
    const paid = rec.units.reduce((a, b) => a + b, 0);
    if (paid !== 4 * n) problems.push(`n=${n}: ${paid} units paid for 4 decisions`);
  }
  return { name: "Decide fires exactly every n writes", pass: problems.length === 0, detail: problems.length ? problems.slice(0, 5).join("; ") : `n ∈ {${ns.join(", ")}}, 5n − 1 writes each: Decide at writes n, 2n, 3n, 4n only; counter = writes mod n; n units per Decide` };
}

/** Γ all zeros (all probes succeed) gives a reward for every δ ≤ n; under the strict reading, for δ < n only. */
function allZerosRewarded(): RecordCheck {
  const problems: string[] = [];
  let cases = 0;
  for (const n of [1, 2, 5, 10, 20, 50, 100]) {
    for (let delta = 0; delta <= n; delta++) {
      for (const strict of [false, true]) {
        const rec = createRecord(posSetting({ n, delta, strict }), 3);
        let last: Decision | null = null;
        for (let w = 0; w < n; w++) last = verify(rec, w % 3, true);
        const fresh = decide(createRecord(posSetting({ n, delta, strict }), 1)); // Γ initially all zeros
        const want = !strict || delta < n;
        cases++;
        if (last?.rewarded !== want || fresh.rewarded !== want) problems.push(`n=${n} δ=${delta}${strict ? " strict" : ""}: ${last?.rewarded ? "rewarded" : "penalised"}`);
      }
    }
  }
  return { name: "Γ all zeros ⇒ reward for any δ ≤ n", pass: problems.length === 0, detail: problems.length ? problems.slice(0, 5).join("; ") : `${cases} cases (n ≤ 100, every δ, both readings): rewarded, except strict with δ = n, where s > n is impossible` };
}

export function recordChecks(): RecordCheck[] {
  return [decideEveryN(), allZerosRewarded()];
}

/** Options of {@link runPosCheck}: the grid, its epochs per point and the seed. */
export interface PosCheckOptions extends CheckGridOptions {
  /** Epochs simulated per grid point (spec: 10⁵). */
  readonly epochs: number;
  /** Master seed; point i is seeded from (seed, i). */
  readonly seed: number;
  /** Run this grid point alone (same seed as within the whole grid). */
  readonly point?: number;
  /** Called after each point with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The outcome of `pos check` (spec codag.md §5 check 7), as JSON-ready data. */
export interface PosCheckReport {
  /** Format tag of the JSON report. */
  readonly format: "byzopt-pos-check/1";
  /** The options the check ran with. */
  readonly options: {
    /** Epochs per point. */
    epochs: number;
    /** Master seed. */
    seed: number;
    /** Whether the reduced grid was used. */
    quick: boolean;
    /** The record sizes given, or null for the default grid. */
    nValues: readonly number[] | null;
    /** The single point run, or null for the whole grid. */
    point: number | null;
  };
  /** The record's own checks: Decide every n writes, all-zero Γ rewarded. */
  readonly record: RecordCheck[];
  /** Each grid point: simulated against exact P(reward). */
  readonly points: CheckPointResult[];
  /** Failed points and record checks. */
  readonly failures: number;
  /** "pass" iff there are no failures. */
  readonly verdict: "pass" | "fail";
}

/** The grid points a check runs: all of them, or the one `--point` names (InputError on bad options). */
export function pointsToRun(o: PosCheckOptions): CheckPointSpec[] {
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new InputError(`epochs must be an integer >= 1 (got ${o.epochs})`);
  const grid = checkGrid(o);
  if (o.point !== undefined && !(Number.isInteger(o.point) && o.point >= 0 && o.point < grid.length)) throw new InputError(`--point must be in 0..${grid.length - 1} (got ${o.point})`);
  return o.point === undefined ? grid : [grid[o.point]!];
}

function assemble(o: PosCheckOptions, points: CheckPointResult[]): PosCheckReport {
  const record = recordChecks();
  const failures = points.filter((p) => !p.pass).length + record.filter((r) => !r.pass).length;
  return {
    format: "byzopt-pos-check/1",
    options: { epochs: o.epochs, seed: o.seed, quick: o.quick === true, nValues: o.nValues ?? null, point: o.point ?? null },
    record,
    points,
    failures,
    verdict: failures === 0 ? "pass" : "fail",
  };
}

/** Runs the record checks and every grid point (or the one `point` names) on this thread. */
export function runPosCheck(o: PosCheckOptions): PosCheckReport {
  const todo = pointsToRun(o);
  const points: CheckPointResult[] = [];
  for (const spec of todo) {
    points.push(runCheckPoint(spec, o.epochs, o.seed >>> 0));
    o.onProgress?.(points.length, todo.length);
  }
  return assemble(o, points);
}

/** One point as a worker thread runs it (instances/grid/pool.ts). */
export function runCheckPointTask(task: { spec: CheckPointSpec; epochs: number; seed: number }): CheckPointResult {
  return runCheckPoint(task.spec, task.epochs, task.seed);
}

/**
 * The check as a grid (instances/grid/check-grid.ts): its points on `jobs` worker threads, kept in a
 * records directory if one is given (then shardable and resumable). Each point is seeded by its index, so
 * the report is the same for every number of threads and shards. Null report: records are still missing.
 */
export async function runPosCheckGrid(o: PosCheckOptions, s: CheckGridSettings): Promise<{
  /** The report, or null while records are missing. */
  report: PosCheckReport | null;
  /** The grid run's outcome: which points ran, were skipped or failed. */
  grid: CheckGridResult<CheckPointResult>;
}> {
  const tasks = pointsToRun(o).map((spec) => ({ spec, epochs: o.epochs, seed: o.seed >>> 0 }));
  const grid = await runCheckGrid<(typeof tasks)[number], CheckPointResult>(
    { system: "pos-check", version: 1, tasks, key: (t) => `point-${t.spec.index}`, here: runCheckPointTask, worker: { module: new URL("./check.js", import.meta.url).href, exportName: "runCheckPointTask" } },
    { ...s, onProgress: (done, total) => o.onProgress?.(done, total) },
  );
  return { report: grid.complete ? assemble(o, grid.results) : null, grid };
}

/** 4 decimals; within 10⁻³ of 0 or 1 in scientific notation, so that a tail like 1 − 2·10⁻⁶ stays visible. */
export function fmtProbability(x: number): string {
  if (x === 0 || x === 1) return String(x);
  if (x < 1e-3) return x.toExponential(2);
  if (x > 1 - 1e-3) return `1-${(1 - x).toExponential(2)}`;
  return x.toFixed(4);
}
const num = fmtProbability;

/** One line per failing point, with the command that replays it alone. */
export function describeFailure(p: CheckPointResult, o: PosCheckReport["options"]): string {
  const why = p.rule === "normal" ? `|f̂ − P| = ${num(Math.abs(p.simulated - p.exact))} > 4σ = ${num(4 * p.sigma)}` : `binomial tail ${num(p.tail ?? 0)} < ${num(FOUR_SIGMA_LEVEL / 2)}`;
  const grid = o.quick ? " --quick" : o.nValues ? ` --n-values ${o.nValues.join(",")}` : "";
  return `FAIL point ${p.index}: n=${p.n} δ=${p.delta} p_true=${p.pTrue} ${p.kind}: exact ${num(p.exact)}, simulated ${num(p.simulated)} (${p.rewards} rewards), ${why}; replay: byzopt pos check --point ${p.index} --epochs ${o.epochs} --seed ${o.seed}${grid}`;
}

/** The report as Markdown: the record checks, every point, the failing ones again, the verdict. */
export function formatPosReport(r: PosCheckReport): string {
  const out = ["# Proof of Service: simulation against the exact rates", "", "## Record (spec §5 item 7)", ""];
  for (const c of r.record) out.push(`- ${c.pass ? "pass" : "FAIL"}: ${c.name}: ${c.detail}`);
  out.push(
    "",
    `## P(reward), ${r.options.epochs} epochs per point, seed ${r.options.seed}`,
    "",
    `Pass iff |f̂ − P| ≤ 4σ, σ = √(P(1−P)/N), where N·P(1−P) ≥ ${NORMAL_MIN_VARIANCE}; elsewhere (P within a few counts of 0 or 1, where the`,
    `normal interval is meaningless) iff both exact binomial tails of the reward count are ≥ 2Φ(−4)/2 = ${num(FOUR_SIGMA_LEVEL / 2)}.`,
    "",
    "| # | n | δ | p_true | f | kind | exact | simulated | σ | rule | pass |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const p of r.points) out.push(`| ${p.index} | ${p.n} | ${p.delta} | ${p.pTrue} | ${p.f} | ${p.kind} | ${num(p.exact)} | ${num(p.simulated)} | ${num(p.sigma)} | ${p.rule === "exact" ? `exact (tail ${num(p.tail ?? 0)})` : "4σ"} | ${p.pass ? "pass" : "**FAIL**"} |`);
  const bad = r.points.filter((p) => !p.pass);
  if (bad.length) out.push("", "## Failing points", "", ...bad.map((p) => `- ${describeFailure(p, r.options)}`));
  const recordBad = r.record.filter((c) => !c.pass).length;
  out.push("", `Verdict: ${r.verdict === "pass" ? "PASS" : "FAIL"}: ${r.points.length - bad.length} of ${r.points.length} points within tolerance; ${r.record.length - recordBad} of ${r.record.length} record checks hold.`);
  return out.join("\n") + "\n";
}
