import type { z } from "zod";
import { type DataFormat, withZod } from "../../formulations/schema.js";
import { SOLVE_STATUSES, SOLVER_NAMES } from "../../solvers/types.js";
import { VARIANTS } from "./plan.js";

/** Format tag of a sweep run's record, with its version. */
export const RUN_FORMAT = "byzopt.sweep-run/1";

/** The schema of a sweep run's record. */
const sweepRecordFileSchema = withZod((z) => {
  const status = z.enum(SOLVE_STATUSES);
  const value = z.number().nullable();
  const seconds = z.number().min(0);

  /** The shorter-horizon solve that started a run (instances/warm-start.ts). */
  const warmStartSchema = z.object({
    from: z.string(),
    tmax: z.int().min(1),
    solver: z.enum(SOLVER_NAMES),
    status,
    value,
    seconds,
    startValue: value,
    used: z.boolean(),
    note: z.string().optional(),
  });

  /** The other runs' saved solutions tried as starts (instances/sweep/pool.ts). */
  const poolSchema = z.object({
    used: z.string().nullable(),
    value,
    seconds,
    candidates: z.array(z.object({ key: z.string(), value, note: z.string().optional() })),
  });

  /** The sub-MIPs over windows of views that improved the start (instances/view-polish.ts). */
  const polishSchema = z.union([
    z.object({
      from: z.number(),
      value: z.number(),
      seconds,
      improvements: z.array(z.object({ first: z.int(), last: z.int(), status, value, seconds, pass: z.int().min(1).optional().describe("absent in records written before passes were counted") })),
      windows: z.int().min(0),
    }),
    z.object({ skipped: z.string() }),
  ]);

  /** One finished run of `byzopt sweep`, as written to `<key>.json` (see SweepRecord). */
  const sweepRecordSchema = z.object({
    format: z.literal(RUN_FORMAT),
    key: z.string().min(1),
    instance: z.string(),
    n: z.int().min(4),
    tmax: z.int().min(1),
    objective: z.string(),
    direction: z.enum(["max", "min"]),
    deliver: z.array(z.int()),
    variant: z.enum(VARIANTS),
    strengthen: z.array(z.string()),
    solver: z.enum(SOLVER_NAMES),
    timeLimit: z.number().min(0),
    model: z.object({ rows: z.int().min(0), cols: z.int().min(0), nonzeros: z.int().min(0) }),
    status,
    value,
    bound: value,
    gap: value,
    seconds,
    nodes: z.number().nullable(),
    blocks: z.int().nullable(),
    views: z.int().nullable(),
    feasible: z.boolean().nullable(),
    modelRulesBroken: z.array(z.string()).nullable(),
    warmStart: warmStartSchema.optional(),
    pool: poolSchema.optional(),
    polish: polishSchema.optional(),
    message: z.string().optional(),
  });
  return sweepRecordSchema;
});

/** A sweep run's record file. */
export const SWEEP_RECORD_FORMAT: DataFormat = {
  name: "sweep-record",
  description: `One run of byzopt sweep (${RUN_FORMAT}): instance, objective, model variant, solver, status, value, bound, gap and the checks of the decoded execution; written as OUT/<run>.json, merged by --summarize-only.`,
  get schema() {
    return sweepRecordFileSchema();
  },
};

/** A parsed file as a sweep record, or null when it is not one (another tool's JSON, an older format). */
export function asSweepRecord(value: unknown): z.output<ReturnType<typeof sweepRecordFileSchema>> | null {
  const r = sweepRecordFileSchema().safeParse(value);
  return r.success ? r.data : null;
}
