import { InputError } from "../../formulations/input-error.js";
import { ScheduleAdversary, type Schedule } from "./sim/adversary.js";
import { planShape, type SimResult } from "./sim/simulator.js";
import { type Counterexample, type PropertyName, PROPERTIES, replay, type SearchConfig, type SearchReport, violates } from "./search.js";

/** Format tag of counterexample files, with its version. */
export const COUNTEREXAMPLE_FORMAT = "byzopt.counterexample/1";

/** A saved counterexample: enough to replay the failing run exactly (configuration, height, schedule). */
export interface CounterexampleFile {
  /** Always COUNTEREXAMPLE_FORMAT. */
  readonly format: typeof COUNTEREXAMPLE_FORMAT;
  /** The property the run breaks. */
  readonly property: PropertyName;
  /** How it breaks it, in words. */
  readonly violation: string;
  /** The simulator configuration of the search. */
  readonly config: SearchConfig;
  /** Block height of the run, which sets the primary of each view. */
  readonly height: number;
  /** The failing schedule (delays and Byzantine plan), shrunk unless shrinking was off. */
  readonly schedule: Schedule;
  /** How it was found: the search's seed, the failing run and its seed, fast-check's seed and path. */
  readonly found: {
    /** The search's seed. */
    readonly seed: number;
    /** Index of the first failing random run. */
    readonly run: number;
    /** Adversary seed of that run. */
    readonly runSeed: number;
    /** Random runs made, up to and including the failing one. */
    readonly runs: number;
    /** Length of the schedule's delays before shrinking. */
    readonly delaysBeforeShrinking: number;
    /** fast-check's seed, path and shrinks; null when shrinking was off. */
    readonly fastCheck: SearchReport["fastCheck"] | null;
  };
  /** The trace file written beside it. */
  readonly trace: string;
}

/** Builds the file to save for a counterexample found by a search with this configuration and seed. */
export function counterexampleFile(config: SearchConfig, seed: number, report: SearchReport, c: Counterexample, traceFile: string): CounterexampleFile {
  return {
    format: COUNTEREXAMPLE_FORMAT,
    property: c.property,
    violation: c.violation,
    config,
    height: c.height,
    schedule: c.schedule,
    found: { seed, run: c.run, runSeed: c.runSeed, runs: report.runs, delaysBeforeShrinking: c.foundDelays, fastCheck: report.fastCheck ?? null },
    trace: traceFile,
  };
}

/** Checks a parsed JSON value is a counterexample file (the parts replay needs). */
export function parseCounterexample(value: unknown, source: string): CounterexampleFile {
  const v = value as Partial<CounterexampleFile> | null;
  const fail = (what: string): never => {
    throw new InputError(`${source}: ${what}`);
  };
  if (typeof v !== "object" || v === null || v.format !== COUNTEREXAMPLE_FORMAT) fail(`not a counterexample (format must be "${COUNTEREXAMPLE_FORMAT}")`);
  if (!PROPERTIES.includes(v!.property as PropertyName)) fail(`property must be one of ${PROPERTIES.join(", ")}`);
  if (typeof v!.config !== "object" || v!.config === null || !Number.isInteger(v!.config.n)) fail("config is missing or has no n");
  if (!Number.isInteger(v!.height)) fail("height must be an integer");
  const s = v!.schedule;
  if (typeof s !== "object" || s === null || !Array.isArray(s.delays) || typeof s.plan !== "object" || s.plan === null) fail("schedule must hold delays and a plan");
  return v as CounterexampleFile;
}

/** Runs the saved schedule again; the property must still be violated. */
export function replayCounterexample(c: CounterexampleFile): { result: SimResult; violation: string | null } {
  const config = { ...c.config, record: true, height: c.height };
  const result = replay(c.config, c.height, new ScheduleAdversary(planShape(config), c.schedule));
  return { result, violation: violates(c.property, result) };
}
