import type { Trace, TraceEvent } from "../trace.js";

/** The first event of a trace that breaks a rule (or null when the rule fails as a whole, e.g. a count). */
export interface Violation {
  /** Name of the rule broken. */
  readonly rule: string;
  /** What is wrong, in one line. */
  readonly message: string;
  /** Index in trace.events of the first offending event, or null. */
  readonly index: number | null;
  /** That event, or null. */
  readonly event: TraceEvent | null;
}

/** A named rule: returns its first violation, or null when the trace keeps it. */
export interface Rule<Options = unknown> {
  readonly name: string;
  /** One line: what the rule demands, in the words of the spec. */
  readonly description: string;
  check(trace: Trace, options: Options): Violation | null;
}

/**
 * The verdict of a list of rules on a trace: how many were checked, whether all held, and the first violation of
 * each broken one.
 */
export interface RuleReport {
  /** Rules checked. */
  readonly rules: number;
  /** Whether every rule held. */
  readonly ok: boolean;
  /** The first violation of each broken rule, in the order the rules are listed. */
  readonly violations: readonly Violation[];
}

export function runRules<Options>(trace: Trace, rules: readonly Rule<Options>[], options: Options): RuleReport {
  const violations: Violation[] = [];
  for (const rule of rules) {
    const v = rule.check(trace, options);
    if (v) violations.push(v);
  }
  return { rules: rules.length, ok: violations.length === 0, violations };
}

/** Builds a violation pointing at an event of the trace. */
export function violation(rule: string, message: string, trace: Trace, event: TraceEvent | null): Violation {
  return { rule, message, index: event ? trace.events.indexOf(event) : null, event };
}
