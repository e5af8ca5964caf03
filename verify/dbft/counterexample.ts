import { InputError } from "../../formulations/input-error.js";
import { checkWithSchema, type DataFormat, withZod } from "../../formulations/schema.js";
import { ScheduleAdversary, type Schedule } from "./sim/adversary.js";
import { checkSimConfig, planShape, type SimResult } from "./sim/simulator.js";
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

/** The schema of a counterexample file. */
const counterexampleFileSchema = withZod((z) => {
  const count = (min: number) => z.int().min(min);

  /** What replay needs of a counterexample file: configuration, height, schedule; `found` and `trace` are notes. */
  const counterexampleSchema = z.object({
    format: z.literal(COUNTEREXAMPLE_FORMAT, { error: `must be "${COUNTEREXAMPLE_FORMAT}": not a counterexample file` }),
    property: z.enum(PROPERTIES),
    violation: z.string(),
    // Types here; the ranges are the simulator's (checkSimConfig), checked once, there.
    config: z.object({
      n: z.int(),
      byzantine: z.array(z.int()),
      dead: z.array(z.int()),
      maxViews: z.int(),
      blockTime: z.number(),
      maxDelay: z.number(),
      eventualDelivery: z.boolean(),
      recovery: z.boolean().optional(),
      deadCountAsLost: z.boolean().optional(),
    }),
    height: count(0),
    schedule: z.object({
      delays: z.array(z.int()).describe("delay of each message in send order, in ticks; negative drops it"),
      plan: z.object({
        withholdConsensus: z.array(z.int()),
        withholdViewChange: z.array(z.int()),
        variants: z.array(z.int()),
        eagerCommits: z.array(z.boolean()),
      }),
    }),
    found: z.looseObject({ seed: z.int(), run: count(0), runSeed: z.int(), runs: count(0), delaysBeforeShrinking: count(0) }).optional(),
    trace: z.string().optional(),
  });
  return counterexampleSchema;
});

/** The counterexample file written by `verify dbft --out` and read by `verify replay`. */
export const COUNTEREXAMPLE_FILE_FORMAT: DataFormat = {
  name: "counterexample",
  description: `A failing dBFT 2.0 simulator run (${COUNTEREXAMPLE_FORMAT}): configuration, height and the (shrunk) schedule. Written by verify dbft --out, read by verify replay.`,
  get schema() {
    return counterexampleFileSchema();
  },
};

/** Checks a parsed JSON value is a counterexample file (the parts replay needs). */
export function parseCounterexample(value: unknown, source: string): CounterexampleFile {
  const c = checkWithSchema(counterexampleFileSchema(), value, source);
  try {
    checkSimConfig({ ...c.config, height: c.height, record: false });
  } catch (err) {
    throw err instanceof InputError ? new InputError(`${source}: config: ${err.message}`) : err;
  }
  return value as CounterexampleFile;
}

/** Runs the saved schedule again; the property must still be violated. */
export function replayCounterexample(c: CounterexampleFile): {
  /** The run replayed, with its trace. */
  result: SimResult;
  /** The property's violation in it, or null if it no longer fails. */
  violation: string | null;
} {
  const config = { ...c.config, record: true, height: c.height };
  const result = replay(c.config, c.height, new ScheduleAdversary(planShape(config), c.schedule));
  return { result, violation: violates(c.property, result) };
}
