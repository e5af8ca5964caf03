import { classify, nodeText, stepText } from "../../../formulations/dbft2/variants/describe.js";
import { Machine, type Step, type VState } from "../../../formulations/dbft2/variants/machine.js";
import type { VariantConfig } from "../../../formulations/dbft2/variants/types.js";
import { Prng, runSeed } from "../../shared/prng.js";

/**
 * Random search over a rule-set model (TLC's simulation mode, with byzopt's classification): each run
 * starts at Init and takes, uniformly at random, one of the steps enabled within the bounds (honest,
 * delivery or fault) until none is left. A run fails at the first state that is a fork (safety) or a lock
 * (liveness: fewer than M accepted, no honest step nor delivery enabled; faulty nodes may stay silent).
 * The failing run is then shrunk: steps are dropped while the rest still replays and still fails.
 */
/** safety: no fork; liveness: no lock. */
export type WalkProperty = "safety" | "liveness";

/** What to search and how. */
export interface WalkOptions {
  /** The scope. */
  readonly config: VariantConfig;
  /** Properties to check. */
  readonly properties: readonly WalkProperty[];
  /** Random runs to make. */
  readonly runs: number;
  /** Search seed: run k uses runSeed(seed, k). */
  readonly seed: number;
  /** Shrink a failing run (default true). */
  readonly shrink?: boolean;
  /** Called now and then with the runs done. */
  readonly onProgress?: (runs: number) => void;
}

/** A failing run. */
export interface WalkFailure {
  /** The property broken. */
  readonly property: WalkProperty;
  /** Index (from 0) of the failing run and its seed. */
  readonly run: number;
  /** Seed of that run. */
  readonly runSeed: number;
  /** Steps of the failing run as found, and after shrinking. */
  readonly foundSteps: number;
  /** The shrunk run's steps, in words. */
  readonly steps: readonly string[];
  /** Each node's record at the end of the (shrunk) run. */
  readonly nodes: readonly string[];
  /** The violation, in words. */
  readonly violation: string;
}

/** The outcome of a search. */
export interface WalkReport {
  /** Whether every run kept the properties. */
  readonly verdict: "holds" | "violated";
  /** Runs made (up to the failing one). */
  readonly runs: number;
  /** Runs that ended with M accepted; runs that stopped at a cut (an honest step enabled beyond the bounds only). */
  readonly decided: number;
  /** Runs that stopped at a cut. */
  readonly cut: number;
  /** Steps taken over all runs. */
  readonly steps: number;
  /** The first failing run, shrunk, or null. */
  readonly failure: WalkFailure | null;
}

/** What a state breaks among the properties, in words, or null. */
function violation(m: Machine, s: VState, properties: readonly WalkProperty[]): { property: WalkProperty; text: string } | null {
  const c = classify(m, s);
  for (const p of properties) {
    if (p === "safety" && c.fork) return { property: p, text: `fork: n${c.fork[0]} accepted ${nodeText(m, s, c.fork[0])} and n${c.fork[1]} ${nodeText(m, s, c.fork[1])}` };
    if (p === "liveness" && c.kind === "lock") return { property: p, text: `lock: ${m.accepted(s)} of ${m.n} accepted (M=${m.m}) and no honest step is enabled` };
  }
  return null;
}

/** One random run from `seed`: its steps, and the failure at its end if any. */
function walk(m: Machine, seed: number, properties: readonly WalkProperty[]): { steps: Step[]; end: "failed" | "decided" | "cut" | "ended"; failure: { property: WalkProperty; text: string } | null } {
  const rng = new Prng(seed);
  let s = m.initial();
  const steps: Step[] = [];
  for (;;) {
    const v = violation(m, s, properties);
    if (v) return { steps, end: "failed", failure: v };
    const c = classify(m, s);
    const options = [...c.honest, ...c.faults];
    if (options.length === 0) return { steps, end: m.done(s) ? "decided" : c.kind === "cut" ? "cut" : "ended", failure: null };
    const step = options[rng.int(options.length)]!;
    s = m.apply(s, step);
    steps.push(step);
  }
}

/**
 * Replays steps leniently: a step that is not enabled (or would leave the bounds) is skipped. Returns
 * the steps taken and the final state.
 */
function replayLenient(m: Machine, steps: readonly Step[]): { taken: Step[]; state: VState } {
  let s = m.initial();
  const all: Step[] = [];
  const taken: Step[] = [];
  for (const step of steps) {
    m.steps(s, all);
    if (!all.some((x) => x.rule === step.rule && x.node === step.node && x.arg === step.arg)) continue;
    const next = m.apply(s, step);
    if (!m.withinBounds(next)) continue;
    s = next;
    taken.push(step);
  }
  return { taken, state: s };
}

/**
 * Drops chunks of steps, then single steps, while the rest still breaks the property. The rest is
 * replayed leniently: dropping a send also drops its deliveries, which are then not enabled.
 */
export function shrinkSteps(m: Machine, steps: readonly Step[], property: WalkProperty): Step[] {
  let best = steps.slice();
  const attempt = (candidate: Step[]): Step[] | null => {
    const r = replayLenient(m, candidate);
    return violation(m, r.state, [property])?.property === property ? r.taken : null;
  };
  for (let size = Math.max(1, best.length >> 1); size >= 1; size >>= 1) {
    for (let at = 0; at < best.length; ) {
      const kept = attempt([...best.slice(0, at), ...best.slice(at + size)]);
      if (kept && kept.length < best.length) best = kept;
      else at += size;
    }
  }
  return best;
}

/** Runs the search; the report is the same for the same options. */
export function searchWalks(o: WalkOptions): WalkReport {
  const m = new Machine(o.config);
  let decided = 0;
  let cut = 0;
  let total = 0;
  for (let k = 0; k < o.runs; k++) {
    const seed = runSeed(o.seed, k);
    const r = walk(m, seed, o.properties);
    total += r.steps.length;
    if (r.end === "decided") decided++;
    else if (r.end === "cut") cut++;
    if (r.failure) {
      const steps = o.shrink === false ? r.steps : shrinkSteps(m, r.steps, r.failure.property);
      const end = replayLenient(m, steps).state;
      const v = violation(m, end, [r.failure.property])!;
      o.onProgress?.(k + 1);
      return {
        verdict: "violated",
        runs: k + 1,
        decided,
        cut,
        steps: total,
        failure: { property: v.property, run: k, runSeed: seed, foundSteps: r.steps.length, steps: steps.map((st) => stepText(m, st)), nodes: Array.from({ length: m.n }, (_, i) => nodeText(m, end, i)), violation: v.text },
      };
    }
    if ((k & 255) === 255) o.onProgress?.(k + 1);
  }
  o.onProgress?.(o.runs);
  return { verdict: "holds", runs: o.runs, decided, cut, steps: total, failure: null };
}
