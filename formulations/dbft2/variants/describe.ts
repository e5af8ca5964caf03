import { type Machine, type Step, type VState } from "./machine.js";
import { ACCEPTED, NODE_TYPES, shortName } from "./types.js";

/**
 * Words for states and steps, the same in schedules, traces and reports: a message is written
 * `<type> n<sender>@<view>` (ccv adds ` t<target> s<source>`), a step `n<node> <label>[ <argument>]`.
 */

/** A message in words, e.g. `Commit n2@0`. */
export function messageText(m: Machine, k: number): string {
  const { u } = m;
  const base = `${shortName(u.type[k]!)} n${u.sender[k]}@${u.view[k]}`;
  return m.config.protocol === "ccv" ? `${base} t${u.target[k]} s${u.source[k]}` : base;
}

/** A node's record in words, e.g. `commitSent@0` (ccv adds the accepted source: `blockAccepted@2 s0`). */
export function nodeText(m: Machine, s: VState, r: number): string {
  const base = `${NODE_TYPES[s.type[r]!]}@${s.view[r]}`;
  return m.config.protocol === "ccv" && s.type[r] === ACCEPTED ? `${base} s${s.acc[r]}` : base;
}

/** A step's argument in words: the message delivered or received, or the node a block is fetched from. */
function argumentText(m: Machine, step: Step): string {
  if (step.arg < 0) return "";
  const rule = m.rules[step.rule]!;
  return rule.name === "RMFetchBlock" ? `from n${step.arg}` : messageText(m, step.arg);
}

/** A step in words, e.g. `n1 PResp`, `n2 receives CV1 n3@0`, `n3 fetches the block from n1`. */
export function stepText(m: Machine, step: Step): string {
  const arg = argumentText(m, step);
  return `n${step.node} ${m.rules[step.rule]!.label}${arg ? ` ${arg}` : ""}`;
}

/** The spellings a schedule may use for a step: its label or its TLA⁺ action name, with its argument. */
export function stepSpellings(m: Machine, step: Step): string[] {
  const arg = argumentText(m, step);
  const rule = m.rules[step.rule]!;
  return [rule.label, rule.name].map((name) => normalise(`n${step.node} ${name}${arg ? ` ${arg}` : ""}`));
}

/** Lower case, single spaces, `→`/`->` and commas dropped: how schedule steps are compared. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/[,→]|->/g, " ").replace(/\s+/g, " ").trim();
}

/** Whether two states are equal (a step from a to b is then a stutter). */
export function sameState(a: VState, b: VState): boolean {
  return equalArrays(a.type, b.type) && equalArrays(a.view, b.view) && equalArrays(a.acc, b.acc) && equalArrays(a.pools, b.pools);
}

function equalArrays(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** What a state is: see {@link classify}. */
export type StateClass = "fork" | "decided" | "lock" | "cut" | "open";

/** What a state is, and what is enabled in it. */
export interface Classification {
  /** See classify. */
  readonly kind: StateClass;
  /** Honest steps (and deliveries) enabled within the bounds, not stutters. */
  readonly honest: readonly Step[];
  /** Fault steps enabled within the bounds. */
  readonly faults: readonly Step[];
  /** Honest steps enabled only beyond the bounds. */
  readonly beyond: readonly Step[];
  /** The two accepted nodes that break the safety invariant, for a fork. */
  readonly fork: readonly [number, number] | null;
}

/**
 * fork: the safety invariant is false; decided: M nodes accepted; lock: fewer, and no honest step nor
 * delivery is enabled (faulty nodes may stay silent); cut: the same, but an honest step is enabled
 * beyond the bounds; open: honest steps remain.
 */
export function classify(m: Machine, s: VState): Classification {
  const steps: Step[] = [];
  m.steps(s, steps);
  const honest: Step[] = [];
  const faults: Step[] = [];
  const beyond: Step[] = [];
  const next = m.initial();
  for (const step of steps) {
    m.apply(s, step, next);
    const fault = m.rules[step.rule]!.actor === "fault";
    if (!m.withinBounds(next)) {
      if (!fault) beyond.push(step);
    } else if (!sameState(s, next)) (fault ? faults : honest).push(step);
  }
  const fork = m.fork(s);
  const kind: StateClass = fork ? "fork" : m.done(s) ? "decided" : honest.length > 0 ? "open" : beyond.length > 0 ? "cut" : "lock";
  return { kind, honest, faults, beyond, fork };
}
