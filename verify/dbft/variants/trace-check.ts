import { Machine } from "../../../formulations/dbft2/variants/machine.js";
import { COMMIT_COUNTS, POOLS, PROTOCOLS, type VariantConfig } from "../../../formulations/dbft2/variants/types.js";
import { InputError } from "../../../formulations/input-error.js";
import { noFork } from "../invariants.js";
import { type Rule, runRules, type RuleReport, violation } from "../rules/types.js";
import type { Trace } from "../trace.js";
import { modelTrace } from "./model-trace.js";
import { runSteps } from "./schedule.js";

/**
 * The rules a model trace is held to: its own rule set. The steps it lists must each be enabled in turn
 * under the scope it names, and replaying them must give exactly its events; and no two honest nodes
 * accept different blocks. (The 2.0 invariants of verify/dbft/invariants.ts, such as the commit lock, are
 * not the fixes' rules: cv3 and ccv let committed nodes change view.)
 */

/** The scope a model trace names in its meta. */
export function modelTraceConfig(t: Trace): VariantConfig {
  const meta = t.meta as Record<string, unknown>;
  const config = { protocol: meta.protocol, n: t.n, maxView: meta.maxView, dead: meta.dead, faulty: meta.faulty, pool: meta.pool, commitCount: meta.commitCount, ...(meta.undelivered !== undefined ? { undelivered: meta.undelivered } : {}) } as VariantConfig;
  if (!(PROTOCOLS as readonly unknown[]).includes(config.protocol) || !(POOLS as readonly unknown[]).includes(config.pool) || !(COMMIT_COUNTS as readonly unknown[]).includes(config.commitCount) || !Array.isArray(config.dead) || !Array.isArray(config.faulty) || !Number.isInteger(config.maxView)) {
    throw new InputError("a model trace's meta must name protocol, pool, commitCount, maxView, dead and faulty");
  }
  new Machine(config);
  return config;
}

const stepsReplay: Rule = {
  name: "stepsReplay",
  description: "every step of meta.steps is enabled in turn under the rule set and scope the trace names",
  check(t) {
    const steps = (t.meta as { steps?: unknown }).steps;
    if (!Array.isArray(steps) || steps.some((s) => typeof s !== "string")) return violation("stepsReplay", "meta.steps must list the run's steps", t, null);
    const run = runSteps(modelTraceConfig(t), steps as string[]);
    if (run.blockedAt === null) return null;
    const e = t.events.find((x) => x.time === run.blockedAt) ?? null;
    return violation("stepsReplay", `step ${run.blockedAt} ${JSON.stringify(steps[run.blockedAt - 1])} is not enabled; enabled there: ${run.enabledThere.join("; ") || "nothing"}`, t, e);
  },
};

const eventsMatch: Rule = {
  name: "eventsMatch",
  description: "replaying meta.steps gives exactly the trace's events, in order",
  check(t) {
    const steps = (t.meta as { steps?: unknown }).steps as string[];
    if (!Array.isArray(steps)) return null; // stepsReplay reports it
    const run = runSteps(modelTraceConfig(t), steps);
    if (run.blockedAt !== null) return null;
    const again = modelTrace(run.machine, run.steps.map((s) => s.step)).events;
    const k = again.findIndex((e, i) => JSON.stringify(e) !== JSON.stringify(t.events[i]));
    if (k < 0 && again.length === t.events.length) return null;
    const at = k < 0 ? Math.min(again.length, t.events.length) : k;
    return violation("eventsMatch", `event ${at} differs from the replay of the steps (replay: ${JSON.stringify(again[at] ?? "nothing")})`, t, t.events[at] ?? null);
  },
};

/** Checks a model trace against its rule set (stepsReplay, eventsMatch) and noFork. */
export function checkModelTrace(t: Trace): RuleReport {
  return runRules(t, [stepsReplay, eventsMatch, noFork as Rule], undefined);
}
