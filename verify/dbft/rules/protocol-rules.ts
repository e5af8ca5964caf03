import { commitLock } from "../invariants.js";
import { type NodeKnowledge, primariesOf, replayKnowledge } from "../knowledge.js";
import type { Trace, TraceEvent } from "../trace.js";
import { type Rule, runRules, type RuleReport, type Violation, violation } from "./types.js";

/**
 * dBFT 2.0 as Neo runs it (../shared/spec/dbft2-protocol.md), as rules an honest node's actions must
 * keep, judged against what the node held just before each action (verify/knowledge.ts). They apply to
 * simulator traces, and to MILP traces to show where the MILP's abstraction departs from Neo (it lets
 * any node lead any view, and it has no "view changing" refusal, for instance).
 */

const honest = (t: Trace, node: number) => t.roles[node - 1] === "honest";

/** A rule that looks at each honest node's events with its knowledge; `judge` returns a message when broken. */
function honestRule(name: string, description: string, judge: (t: Trace, e: TraceEvent, k: NodeKnowledge, primaries: Map<number, number>) => string | null): Rule {
  return {
    name,
    description,
    check(t) {
      const primaries = primariesOf(t);
      let found: Violation | null = null;
      replayKnowledge(t, (e, k) => {
        if (found || !honest(t, e.node)) return;
        const message = judge(t, e, k, primaries);
        if (message) found = violation(name, message, t, e);
      });
      return found;
    },
  };
}

/** Primaries rotate: the primary of (trace) view v at height h is node ((h − (v − 1)) mod N) + 1. */
export const primaryRotation: Rule = {
  name: "primaryRotation",
  description: "the primary of view v is node ((h − (v − 1)) mod N) + 1 for the block height h (one h for all views)",
  check(t) {
    const expected = (h: number, view: number) => ((((h - (view - 1)) % t.n) + t.n) % t.n) + 1;
    let heights = typeof t.meta.height === "number" ? [t.meta.height as number] : Array.from({ length: t.n }, (_, h) => h);
    // Views in order; the first whose primary no remaining height allows is the violation.
    for (const [view, node] of [...primariesOf(t)].sort((a, b) => a[0] - b[0])) {
      heights = heights.filter((h) => expected(h, view) === node);
      if (heights.length === 0) {
        const event = t.events.find((e) => e.type === "primary" && e.view === view) ?? null;
        return violation("primaryRotation", `node ${node} leads view ${view}, which Neo's round-robin order does not allow together with the earlier views' primaries`, t, event);
      }
    }
    return null;
  },
};

export const requestByPrimary: Rule = {
  name: "requestByPrimary",
  description: "an honest node sends a PrepareRequest only in a view it leads, and at most once per view",
  check(t) {
    const primaries = primariesOf(t);
    const sent = new Set<string>();
    for (const e of t.events) {
      if (e.type !== "send" || e.message !== "PrepareRequest" || !honest(t, e.node)) continue;
      if (primaries.get(e.view) !== e.node) return violation("requestByPrimary", `node ${e.node} sends a PrepareRequest in view ${e.view}, which ${primaries.has(e.view) ? `node ${primaries.get(e.view)} leads` : "has no primary"}`, t, e);
      const key = `${e.node}|${e.view}`;
      if (sent.has(key)) return violation("requestByPrimary", `node ${e.node} sends a second PrepareRequest in view ${e.view}`, t, e);
      sent.add(key);
    }
    return null;
  },
};

export const currentViewOnly = honestRule(
  "currentViewOnly",
  "an honest node sends PrepareRequest, PrepareResponse, Commit and ChangeView for the view it is in",
  (t, e, k) => {
    if (e.type !== "send" || e.message === "RecoveryRequest" || e.message === "RecoveryMessage") return null;
    return e.view === k.view ? null : `node ${e.node} sends ${e.message} of view ${e.view} while it is in view ${k.view}`;
  },
);

export const responseAfterRequest = honestRule(
  "responseAfterRequest",
  "an honest backup sends a PrepareResponse in view v only after receiving the PrepareRequest of view v from its primary, for the same block",
  (t, e, k, primaries) => {
    if (e.type !== "send" || e.message !== "PrepareResponse") return null;
    const primary = primaries.get(e.view);
    const got = primary === undefined ? undefined : k.requests.get(e.view)?.get(primary);
    if (got === undefined) return `node ${e.node} sends a PrepareResponse in view ${e.view} without the primary's PrepareRequest`;
    if (e.block !== undefined && got !== e.block) return `node ${e.node} responds for ${e.block} in view ${e.view}, but the primary proposed ${got}`;
    return null;
  },
);

export const commitAfterPreparations = honestRule(
  "commitAfterPreparations",
  "an honest node sends Commit for a block only holding M preparations of it (the primary's request and responses)",
  (t, e, k) => {
    if (e.type !== "send" || e.message !== "Commit" || e.block === undefined) return null;
    const have = k.preparationsFor(e.view, e.block);
    return have >= t.m ? null : `node ${e.node} sends Commit for ${e.block} in view ${e.view} holding ${have} preparations; M = ${t.m}`;
  },
);

export const relayAfterCommits = honestRule(
  "relayAfterCommits",
  "an honest node relays the block of its view only holding M commits of that view for it",
  (t, e, k) => {
    if (e.type !== "relay") return null;
    const have = k.commitsFor(e.view, e.block);
    return have >= t.m ? null : `node ${e.node} relays ${e.block} in view ${e.view} holding ${have} commits of that view; M = ${t.m}`;
  },
);

export const viewChangeQuorum = honestRule(
  "viewChangeQuorum",
  "an honest node moves to view w only holding M ChangeViews asking for w or more (its own included)",
  (t, e, k) => {
    if (e.type !== "change_view") return null;
    const have = k.changeViewsAtLeast(e.newView);
    return have >= t.m ? null : `node ${e.node} moves to view ${e.newView} holding ${have} ChangeViews asking for it; M = ${t.m}`;
  },
);

/**
 * A node that asked for a view change ("view changing") accepts no preparation of its view unless it
 * knows more than F nodes committed or lost; so it cannot respond or commit on them.
 */
export const viewChangingRefuses = honestRule(
  "viewChangingRefuses",
  "a view-changing honest node (it sent ChangeView in its view) sends no PrepareResponse and no Commit unless it knows more than F nodes committed or lost",
  (t, e, k) => {
    if (e.type !== "send" || (e.message !== "PrepareResponse" && e.message !== "Commit")) return null;
    if (k.askedView <= k.view) return null;
    const lost = typeof t.meta.lostNodes === "number" ? (t.meta.lostNodes as number) : 0;
    return k.commitsKnown + lost > t.f ? null : `node ${e.node} sends ${e.message} in view ${e.view} while asking for view ${k.askedView}, knowing ${k.commitsKnown} commits and ${lost} lost nodes (not more than F = ${t.f})`;
  },
);

export const PROTOCOL_RULES: readonly Rule[] = [primaryRotation, requestByPrimary, currentViewOnly, responseAfterRequest, commitAfterPreparations, relayAfterCommits, viewChangeQuorum, viewChangingRefuses, commitLock];

/** Judges a trace against the protocol rules an honest node of Neo's dBFT 2.0 keeps (PROTOCOL_RULES). */
export function checkProtocolRules(trace: Trace): RuleReport {
  return runRules(trace, PROTOCOL_RULES, undefined);
}
