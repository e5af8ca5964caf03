import { replayKnowledge } from "./knowledge.js";
import { type Rule, runRules, type RuleReport, type Violation, violation } from "./rules/types.js";
import type { RelayEvent, Trace, TraceEvent } from "./trace.js";

/**
 * The properties dBFT 2.0 promises, judged on a trace (MILP or simulator): safety, the commit lock,
 * quorum sizes, and liveness as far as a finite trace can tell. Only honest nodes are held to them.
 */

const honest = (t: Trace, node: number) => t.roles[node - 1] === "honest";

/** Safety: no two honest nodes relay different blocks for the height (blocks of two views are a fork). */
export const noFork: Rule = {
  name: "noFork",
  description: "no two honest nodes relay different blocks for one height (a block from another view is a different block: a fork)",
  check(t) {
    let first: RelayEvent | null = null;
    for (const e of t.events) {
      if (e.type !== "relay" || !honest(t, e.node)) continue;
      if (first === null) first = e;
      else if (e.block !== first.block) {
        return violation("noFork", `fork: node ${e.node} relays block ${e.block} (view ${e.view}) at time ${e.time}, node ${first.node} relayed ${first.block} (view ${first.view}) at time ${first.time}`, t, e);
      }
    }
    return null;
  },
};

/** The commit lock: once committed, an honest node never asks for or moves to another view, and never commits again. */
export const commitLock: Rule = {
  name: "commitLock",
  description: "an honest node that committed never sends ChangeView, never moves to another view and never commits again",
  check(t) {
    let found: Violation | null = null;
    replayKnowledge(t, (e, k) => {
      if (found || !honest(t, e.node) || k.committedView === null) return;
      const what =
        e.type === "send" && e.message === "ChangeView"
          ? "sends ChangeView"
          : e.type === "change_view"
            ? `moves to view ${e.newView}`
            : e.type === "commit"
              ? `commits again in view ${e.view}`
              : null;
      if (what) found = violation("commitLock", `node ${e.node} committed in view ${k.committedView} and then ${what} at time ${e.time}`, t, e);
    });
    return found;
  },
};

/** Quorum sizes: an honest commit needs M preparations, a relay M commits, a view change M ChangeViews. */
export const quorums: Rule = {
  name: "quorums",
  description: "an honest node commits holding M preparations of the block, relays holding M commits of its view, and moves to view w holding M ChangeViews asking for w or more",
  check(t) {
    let found: Violation | null = null;
    replayKnowledge(t, (e, k) => {
      if (found || !honest(t, e.node)) return;
      const fail = (message: string) => (found = violation("quorums", message, t, e));
      if (e.type === "commit" && e.block !== undefined) {
        const have = k.preparationsFor(e.view, e.block);
        if (have < t.m) fail(`node ${e.node} commits ${e.block} in view ${e.view} at time ${e.time} holding ${have} preparations; M = ${t.m}`);
      } else if (e.type === "relay") {
        const have = k.commitsFor(e.view, e.block);
        if (have < t.m) fail(`node ${e.node} relays ${e.block} in view ${e.view} at time ${e.time} holding ${have} commits of that view; M = ${t.m}`);
      } else if (e.type === "change_view") {
        const have = k.changeViewsAtLeast(e.newView);
        if (have < t.m) fail(`node ${e.node} moves to view ${e.newView} at time ${e.time} holding ${have} ChangeViews asking for it; M = ${t.m}`);
      }
    });
    return found;
  },
};

/** Liveness, as far as a finite trace tells: a simulator run that ended locked proves no block can come. */
export const noLivenessLock: Rule = {
  name: "noLivenessLock",
  description: "the run did not end in a lock: with eventual delivery between honest nodes, a state from which no block can ever be produced",
  check(t) {
    if (t.meta.outcome !== "locked") return null;
    const last: TraceEvent | null = t.events.at(-1) ?? null;
    return violation("noLivenessLock", `liveness lock: no honest node relays a block, and from time ${String(t.meta.lockedSince ?? last?.time ?? "?")} no node's state changes again (every timer fired and every message arrived)`, t, last);
  },
};

export const INVARIANTS: readonly Rule[] = [noFork, commitLock, quorums, noLivenessLock];

/**
 * Judges a trace against dBFT 2.0's invariants (no fork, the commit lock, quorum sizes, no liveness lock), for
 * honest nodes only.
 */
export function checkInvariants(trace: Trace): RuleReport {
  return runRules(trace, INVARIANTS, undefined);
}
