import type { Machine, VState } from "./machine.js";

/**
 * One action of a TLA⁺ model as a simulator rule: a guard (which instances are enabled at node r) and
 * an effect. honest: a correct node's step, which weak fairness forces while enabled; network: a
 * delivery into a node's pool (local pools), also fair; fault: dying, turning bad and a bad node's moves.
 */
export interface Rule {
  /** The TLA⁺ action's name, e.g. RMSendCommit. */
  readonly name: string;
  /** A short label for traces and schedules, e.g. Commit. */
  readonly label: string;
  /** Who takes the step (see the interface comment). */
  readonly actor: "honest" | "network" | "fault";
  /** Fired by a timer in a timed run (the spec's "t/o" rules); the others fire when their guard holds. */
  readonly timeout: boolean;
  /** Calls m.add(arg) for each enabled instance at node r (arg −1 for a rule without argument). */
  instances(m: Machine, s: VState, r: number): void;
  /** Applies the instance to s, in place. */
  apply(m: Machine, s: VState, r: number, arg: number): void;
}

/** A rule without argument from a guard and an effect. */
export function rule(name: string, label: string, actor: Rule["actor"], timeout: boolean, guard: (m: Machine, s: VState, r: number) => boolean, effect: (m: Machine, s: VState, r: number) => void): Rule {
  return {
    name,
    label,
    actor,
    timeout,
    instances(m, s, r) {
      if (guard(m, s, r)) m.add(-1);
    },
    apply: (m, s, r) => effect(m, s, r),
  };
}

/** Bit mask of message type codes, for Machine.count and Machine.senders. */
export function types(...codes: number[]): number {
  let mask = 0;
  for (const c of codes) mask |= 1 << c;
  return mask;
}
