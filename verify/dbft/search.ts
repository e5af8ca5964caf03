import fc from "fast-check";
import { type Adversary, type ByzantinePlan, EMPTY_PLAN, planEntries, RandomAdversary, RecordingAdversary, type Schedule, ScheduleAdversary } from "./sim/adversary.js";
import { runSeed } from "../shared/prng.js";
import { DbftSimulator, planShape, type SimConfig, type SimResult } from "./sim/simulator.js";

/**
 * Searching dBFT 2.0 executions for a broken property, in two steps over the same simulator:
 * 1. find: seeded random adversaries (delays and a random Byzantine plan), the fastest way to hit a
 *    failure; run k replays alone from runSeed(seed, k);
 * 2. shrink: the failing run, written down as an explicit schedule (its delays and plan), is handed to
 *    fast-check as an example, and fast-check shrinks it to a small schedule that still fails. The
 *    search is deterministic: the same options find and shrink the same counterexample, and fast-check's
 *    seed and path are printed.
 */

export const PROPERTIES = ["safety", "liveness"] as const;
/** A property the search checks: safety (no fork) or liveness (no lock). */
export type PropertyName = (typeof PROPERTIES)[number];

/** What a property says of one run; a string names the violation. */
export function violates(property: PropertyName, r: SimResult): string | null {
  if (property === "safety") return r.fork ? `fork: honest nodes relayed different blocks (${describeBlocks(r)})` : null;
  return r.outcome === "locked" ? "liveness lock: no honest node has a block and no state can change any more" : null;
}

function describeBlocks(r: SimResult): string {
  return r.blocks.flatMap((b, k) => (b ? [`node ${k + 1}: ${b}`] : [])).join(", ");
}

/** The simulator configuration without the per-run parts (height and recording). */
export type SearchConfig = Omit<SimConfig, "height" | "record">;

/** What to search and how: configuration, properties, number of runs and seed. */
export interface SearchOptions {
  /** The simulator configuration shared by every run. */
  readonly config: SearchConfig;
  /** Properties to check; a run fails on the first one it breaks, in this order. */
  readonly properties: readonly PropertyName[];
  /** Number of random runs to try. */
  readonly runs: number;
  /** Search seed: run k uses adversary seed runSeed(seed, k); also fast-check's seed. */
  readonly seed: number;
  /** Shrink a failure with fast-check (default); off: report the failing random run as found. */
  readonly shrink?: boolean;
  /** Probability that a Byzantine node keeps a view's payloads from a node (random engine). */
  readonly withholdRate?: number;
  /** Called every ~0.25 s with the runs done. */
  readonly onProgress?: (runsDone: number) => void;
}

/** Everything needed to replay a failing run, and the run itself (with its trace). */
export interface Counterexample {
  /** The property broken. */
  readonly property: PropertyName;
  /** How it was broken, in words. */
  readonly violation: string;
  /** Block height of the run, which sets the primary of each view. */
  readonly height: number;
  /** The failing random run: index and adversary seed. */
  readonly run: number;
  /** Adversary seed of that run, runSeed(seed, run). */
  readonly runSeed: number;
  /** The schedule that fails: the random run written down, shrunk unless shrinking was off. */
  readonly schedule: Schedule;
  /** Length of the schedule before shrinking (delays), for the record. */
  readonly foundDelays: number;
  /** The replay of `schedule`, with its trace. */
  readonly result: SimResult;
}

/** The outcome of a search: verdict, effort, and the counterexample if one was found. */
export interface SearchReport {
  /** Whether every run kept the properties. */
  readonly verdict: "holds" | "violated";
  /** Random runs made: all of them when the properties hold, up to the first failing one otherwise. */
  readonly runs: number;
  /** Wall-clock time in seconds, shrinking included. */
  readonly seconds: number;
  /** Random runs per second, shrinking excluded. */
  readonly runsPerSecond: number;
  /** fast-check's seed, path and number of shrinks. */
  readonly fastCheck?: {
    /** fast-check's seed. */
    readonly seed: number;
    /** fast-check's counterexample path (replays it with the seed), or null. */
    readonly path: string | null;
    /** Shrinking steps taken. */
    readonly shrinks: number;
  };
  /** The failing run, or null when the properties held. */
  readonly counterexample: Counterexample | null;
}

function firstViolation(properties: readonly PropertyName[], r: SimResult): { property: PropertyName; violation: string } | null {
  for (const property of properties) {
    const violation = violates(property, r);
    if (violation) return { property, violation };
  }
  return null;
}

/** Replays one run with its trace. */
export function replay(config: SearchConfig, height: number, adversary: Adversary): SimResult {
  return new DbftSimulator({ ...config, height, record: true }).run(adversary);
}

/** The random engine's adversary for run seed `s`. */
export function randomAdversary(config: SearchConfig, s: number, withholdRate = 0.5): RandomAdversary {
  return new RandomAdversary(s, planShape({ ...config, height: 0, record: false }), { maxDelay: config.maxDelay, dropRate: 0, withholdRate });
}

/** The height of run seed `s`: rotates which node is primary in which view. */
export function heightOf(config: SearchConfig, s: number): number {
  return s % config.n;
}

export function simulators(config: SearchConfig): (height: number) => DbftSimulator {
  const sims = new Map<number, DbftSimulator>();
  return (height) => {
    let s = sims.get(height);
    if (!s) sims.set(height, (s = new DbftSimulator({ ...config, height, record: false })));
    return s;
  };
}

/** Options of a scan of runs, without the callbacks: what a worker thread receives. */
export type ScanOptions = Pick<SearchOptions, "config" | "properties" | "seed" | "withholdRate">;

/**
 * Runs from..to−1 of a search and returns the index of the first that breaks a property, or null. Run k
 * depends on (seed, k) alone, so scans of disjoint ranges in any order, on any thread, find the same runs.
 */
export function scanRuns(o: ScanOptions, from: number, to: number, onProgress?: (runsDone: number) => void, sim = simulators(o.config)): number | null {
  let lastProgress = performance.now();
  for (let k = from; k < to; k++) {
    const s = runSeed(o.seed, k);
    if (firstViolation(o.properties, sim(heightOf(o.config, s)).run(randomAdversary(o.config, s, o.withholdRate)))) return k;
    if (onProgress && (k & 1023) === 0 && performance.now() - lastProgress > 250) {
      lastProgress = performance.now();
      onProgress(k);
    }
  }
  return null;
}

/** Runs the search on this thread: the random runs in order, then shrinks the first failure. */
export function search(o: SearchOptions): SearchReport {
  const started = performance.now();
  const k = scanRuns(o, 0, o.runs, o.onProgress);
  const seconds = (performance.now() - started) / 1000;
  if (k === null) return { verdict: "holds", runs: o.runs, seconds, runsPerSecond: o.runs / seconds, counterexample: null };
  return violationReport(o, k, { runs: k + 1, seconds, runsPerSecond: (k + 1) / seconds });
}

/** The report of a search whose first failing run is k: that run written down, shrunk unless asked not to. */
export function violationReport(o: SearchOptions, k: number, found: { runs: number; seconds: number; runsPerSecond: number }): SearchReport {
  const sim = simulators(o.config);
  const s = runSeed(o.seed, k);
  const height = heightOf(o.config, s);
  const bad = firstViolation(o.properties, sim(height).run(randomAdversary(o.config, s, o.withholdRate)));
  if (!bad) throw new Error(`run ${k} did not fail again: the simulator is not deterministic`);
  const random = randomAdversary(o.config, s, o.withholdRate);
  const recorder = new RecordingAdversary(random, random.plan);
  sim(height).run(recorder);
  const schedule = recorder.schedule();
  if (o.shrink === false) {
    const result = replay(o.config, height, new ScheduleAdversary(shapeOf(o.config), schedule));
    return { verdict: "violated", ...found, counterexample: { ...bad, height, run: k, runSeed: s, schedule, foundDelays: schedule.delays.length, result } };
  }
  return shrink(o, found, k, s, height, schedule);
}

function shapeOf(config: SearchConfig) {
  return planShape({ ...config, height: 0, record: false });
}

/** fast-check shrinks the failing schedule, starting from it as an example. */
function shrink(o: SearchOptions, found: { runs: number; seconds: number; runsPerSecond: number }, run: number, s: number, height: number, schedule: Schedule): SearchReport {
  const started = performance.now();
  const shape = shapeOf(o.config);
  const sim = simulators(o.config);
  const property = fc.property(scheduleArbitrary(o.config), ({ height: h, schedule: sc }) => firstViolation(o.properties, sim(h).run(new ScheduleAdversary(shape, sc))) === null);
  // The example runs first; when it fails, fast-check shrinks it (the one generated run is not reached).
  const details = fc.check(property, { seed: o.seed, numRuns: 1, examples: [[{ height, schedule }]] });
  if (!details.failed || !details.counterexample) throw new Error("the failing run did not fail again as a schedule: the simulator is not deterministic");
  const [{ height: h, schedule: small }] = details.counterexample;
  const trimmed = trimSchedule(small);
  const result = replay(o.config, h, new ScheduleAdversary(shape, trimmed));
  const bad = firstViolation(o.properties, result)!;
  return {
    verdict: "violated",
    runs: found.runs,
    seconds: found.seconds + (performance.now() - started) / 1000,
    runsPerSecond: found.runsPerSecond,
    fastCheck: { seed: details.seed, path: details.counterexamplePath, shrinks: details.numShrinks },
    counterexample: { ...bad, height: h, run, runSeed: s, schedule: trimmed, foundDelays: schedule.delays.length, result },
  };
}

/** fast-check arbitrary of (height, schedule) for a configuration: the search space of the shrink engine. */
export function scheduleArbitrary(config: SearchConfig): fc.Arbitrary<{ height: number; schedule: Schedule }> {
  const shape = planShape({ ...config, height: 0, record: false });
  const entries = planEntries(shape);
  const mask = fc.nat((1 << config.n) - 1);
  const plan: fc.Arbitrary<ByzantinePlan> =
    entries === 0
      ? fc.constant(EMPTY_PLAN) // the very object randomPlan returns, so that fast-check can shrink found runs
      : fc.record({
          withholdConsensus: fc.array(mask, { minLength: entries, maxLength: entries }),
          withholdViewChange: fc.array(mask, { minLength: entries, maxLength: entries }),
          variants: fc.array(mask, { minLength: entries, maxLength: entries }),
          eagerCommits: fc.array(fc.boolean(), { minLength: entries, maxLength: entries }),
        });
  return fc.record({
    height: fc.nat(config.n - 1),
    schedule: fc.record({ delays: fc.array(fc.nat(config.maxDelay), { maxLength: 40 * config.n * config.n }), plan }),
  });
}

/** Drops trailing zero delays (the default past the end) so the saved schedule is only what matters. */
function trimSchedule(s: Schedule): Schedule {
  let end = s.delays.length;
  while (end > 0 && s.delays[end - 1] === 0) end--;
  return { ...s, delays: s.delays.slice(0, end) };
}

