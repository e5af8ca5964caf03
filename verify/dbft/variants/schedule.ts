import { InputError } from "../../../formulations/input-error.js";
import { checkWithSchema, type DataFormat, withZod } from "../../../formulations/schema.js";
import { type Classification, classify, nodeText, normalise, stepSpellings, stepText, type StateClass } from "../../../formulations/dbft2/variants/describe.js";
import { Machine, type Step, type VState } from "../../../formulations/dbft2/variants/machine.js";
import { COMMIT_COUNTS, POOLS, PROTOCOLS, type VariantConfig } from "../../../formulations/dbft2/variants/types.js";

/** Format tag of step schedules, with its version. */
export const SCHEDULE_FORMAT = "byzopt.dbft-schedule/1";

/** What a schedule must end in under some settings: a class, optionally each node's record, or a step that is not enabled. */
export interface Expectation {
  /** The settings this expectation is for (absent fields match anything). */
  readonly when?: Partial<Pick<VariantConfig, "protocol" | "pool" | "commitCount">>;
  /** The class of the final state, or "blocked": step `blockedAt` (1-based) is not enabled. */
  readonly outcome: StateClass | "blocked";
  /** Each node's record at the end, as nodeText writes it (e.g. "commitSent@0"). */
  readonly nodes?: readonly string[];
  /** For "blocked": the 1-based step that must not be enabled. */
  readonly blockedAt?: number;
}

/**
 * A run of a variant's rule set written step by step (`n<node> <label> [argument]`, see
 * formulations/dbft2/variants/describe.ts), with the scope it runs in and what it should end in.
 */
export interface ScheduleFile {
  /** Always SCHEDULE_FORMAT. */
  readonly format: typeof SCHEDULE_FORMAT;
  /** A short name, e.g. S1. */
  readonly name: string;
  /** One line: what the run shows. */
  readonly title: string;
  /** Where the scenario comes from, and its tag in the spec. */
  readonly source?: string;
  /** The scope it runs in. */
  readonly config: VariantConfig;
  /** The steps, in words. */
  readonly steps: readonly string[];
  /** What it ends in, per setting; the first that matches applies. */
  readonly expect: readonly Expectation[];
}

const scheduleSchema = withZod((z) =>
  z.object({
    format: z.literal(SCHEDULE_FORMAT, { error: `must be "${SCHEDULE_FORMAT}": not a schedule file` }),
    name: z.string(),
    title: z.string(),
    source: z.string().optional(),
    config: z.object({
      protocol: z.enum(PROTOCOLS),
      n: z.int(),
      maxView: z.int(),
      dead: z.array(z.int()),
      faulty: z.array(z.int()),
      pool: z.enum(POOLS),
      commitCount: z.enum(COMMIT_COUNTS),
      undelivered: z.int().optional(),
    }),
    steps: z.array(z.string()).describe("one step each: n<node> <rule label or TLA+ action> [argument], e.g. \"n2 receives CV1 n3@0\""),
    expect: z.array(
      z.object({
        when: z.object({ protocol: z.enum(PROTOCOLS).optional(), pool: z.enum(POOLS).optional(), commitCount: z.enum(COMMIT_COUNTS).optional() }).optional(),
        outcome: z.enum(["fork", "decided", "lock", "cut", "open", "blocked"]),
        nodes: z.array(z.string()).optional(),
        blockedAt: z.int().min(1).optional(),
      }),
    ),
  }),
);

/** The schedule file read by `verify replay` and written by `verify explore` and `verify dbft --protocol`. */
export const SCHEDULE_FILE_FORMAT: DataFormat = {
  name: "schedule",
  description: `A run of a dBFT rule-set model, step by step (${SCHEDULE_FORMAT}): scope, steps and expected outcome. Read by verify replay; written by verify explore and verify dbft --protocol.`,
  get schema() {
    return scheduleSchema();
  },
};

/** Checks a parsed JSON value is a schedule file. */
export function parseSchedule(value: unknown, source: string): ScheduleFile {
  const s = checkWithSchema(scheduleSchema(), value, source);
  try {
    new Machine(s.config);
  } catch (err) {
    throw err instanceof InputError ? new InputError(`${source}: config: ${err.message}`) : err;
  }
  return s as ScheduleFile;
}

/** One replayed step: its words, and each node's record after it. */
export interface ReplayedStep {
  /** The step in words. */
  readonly text: string;
  /** The step. */
  readonly step: Step;
  /** Each node's record after it. */
  readonly nodes: readonly string[];
}

/** A schedule replayed: its steps, where it stopped, how it ended, and the verdict. */
export interface ScheduleReplay {
  /** The scope it ran in (the file's, with overrides). */
  readonly config: VariantConfig;
  /** The steps taken. */
  readonly steps: readonly ReplayedStep[];
  /** 1-based index of the first step that is not enabled, or null when every step ran. */
  readonly blockedAt: number | null;
  /** The enabled steps where the schedule was blocked. */
  readonly enabledThere: readonly string[];
  /** The final state's class and what is enabled in it. */
  readonly final: Classification;
  /** Each node's record at the end. */
  readonly finalNodes: readonly string[];
  /** The expectation that applies to these settings, if the file has one. */
  readonly expectation: Expectation | null;
  /** Whether the run met it (null without one). */
  readonly reproduced: boolean | null;
  /** Why not, in words. */
  readonly mismatch: string | null;
}

/** The steps enabled at s (stutters and steps beyond the bounds included: a schedule may take them). */
function enabled(m: Machine, s: VState): Step[] {
  const steps: Step[] = [];
  m.steps(s, steps);
  return steps;
}

/** Runs schedule steps from Init under config; stops at the first step that no enabled step matches. */
export function runSteps(
  config: VariantConfig,
  texts: readonly string[],
): {
  /** The scope's machine. */
  machine: Machine;
  /** The state reached. */
  state: VState;
  /** The steps taken. */
  steps: ReplayedStep[];
  /** 1-based index of the first step not enabled, or null. */
  blockedAt: number | null;
  /** The steps enabled there, in words. */
  enabledThere: string[];
} {
  const m = new Machine(config);
  let s = m.initial();
  const out: ReplayedStep[] = [];
  for (let i = 0; i < texts.length; i++) {
    const want = normalise(texts[i]!);
    const options = enabled(m, s);
    const step = options.find((st) => stepSpellings(m, st).includes(want));
    if (!step) return { machine: m, state: s, steps: out, blockedAt: i + 1, enabledThere: options.map((st) => stepText(m, st)) };
    s = m.apply(s, step);
    out.push({ text: stepText(m, step), step, nodes: Array.from({ length: m.n }, (_, r) => nodeText(m, s, r)) });
  }
  return { machine: m, state: s, steps: out, blockedAt: null, enabledThere: [] };
}

/** The first expectation whose `when` matches the settings. */
export function expectationFor(file: Pick<ScheduleFile, "expect">, c: VariantConfig): Expectation | null {
  return file.expect.find((e) => !e.when || ((e.when.protocol ?? c.protocol) === c.protocol && (e.when.pool ?? c.pool) === c.pool && (e.when.commitCount ?? c.commitCount) === c.commitCount)) ?? null;
}

/** Replays a schedule, under its own settings or with some overridden, and checks its expectation. */
export function replaySchedule(file: ScheduleFile, overrides: Partial<Pick<VariantConfig, "protocol" | "pool" | "commitCount">> = {}): ScheduleReplay {
  const config: VariantConfig = { ...file.config, ...overrides };
  const run = runSteps(config, file.steps);
  const final = classify(run.machine, run.state);
  const finalNodes = Array.from({ length: run.machine.n }, (_, r) => nodeText(run.machine, run.state, r));
  const expectation = expectationFor(file, config);
  let mismatch: string | null = null;
  if (expectation) {
    if (expectation.outcome === "blocked") {
      if (run.blockedAt === null) mismatch = `every step ran (expected step ${expectation.blockedAt ?? "?"} not to be enabled); the run ends ${final.kind}`;
      else if (expectation.blockedAt !== undefined && expectation.blockedAt !== run.blockedAt) mismatch = `step ${run.blockedAt} is not enabled (expected step ${expectation.blockedAt})`;
    } else if (run.blockedAt !== null) mismatch = `step ${run.blockedAt} (${JSON.stringify(file.steps[run.blockedAt - 1])}) is not enabled; enabled: ${run.enabledThere.join("; ") || "nothing"}`;
    else if (final.kind !== expectation.outcome) mismatch = `the run ends ${final.kind}, expected ${expectation.outcome}`;
    else if (expectation.nodes && expectation.nodes.join(",") !== finalNodes.join(",")) mismatch = `nodes end ${finalNodes.join(", ")}, expected ${expectation.nodes.join(", ")}`;
  }
  return { config, steps: run.steps, blockedAt: run.blockedAt, enabledThere: run.enabledThere, final, finalNodes, expectation, reproduced: expectation ? mismatch === null : null, mismatch };
}
