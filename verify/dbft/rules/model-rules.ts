import { InputError } from "../../../formulations/input-error.js";
import { MESSAGE_KINDS, type MessageKind } from "../../../formulations/dbft2/messages.js";
import type { Trace, TraceEvent } from "../trace.js";
import { type Rule, type RuleReport, runRules, type Violation } from "./types.js";

/**
 * The `model` rule set: the constraints of the dBFT 2.0 MILP (the formulation of Coelho et al. 2020 as
 * restated in the project's spec: families numbered 1–32 plus the optional delivery properties) read as
 * rules over a MILP trace (`byzopt.trace/1`, source "milp"), so that a decoded solution is checked
 * independently of the solver and of the model builder. The rules work from the mathematics in trace
 * terms: a variable X(t,i,v) = 1 is an event of node i at step t of view v (step = time − (view − 1)·tmax),
 * every sum is a count of events; nothing here imports the builder or evaluates its rows.
 *
 * Naming: one rule per named (sub-)family, the name being the spec's own (and the LP row name), e.g.
 * family 12 gives `sendPrepResOO`, `sendCommitOO`, `sendCVOO`, `blockRelayOO`; family 25 gives its eight
 * lock names (`noPrepReqIfCV`, ..., `noBlockYesCV`). Families written with a placeholder X take the
 * variable's name: family 1 gives `initSendPrepReq`, `initSendPrepRes`, `initSendCommit`, `initSendCV`,
 * `initBlockRelay`; family 2 gives `initRecvPrepReq`, `initRecvPrepResp`, `initRecvCommit`, `initRecvCV`.
 * The delivery properties (unnamed in the spec) are `ensureDeliveryPrepReq`, `ensureDeliveryPrepRes`,
 * `ensureDeliveryCommit`, `ensureDeliveryCV` (properties 1–4), active only when listed in `deliver`.
 *
 * Families with no rule that can fail, and why:
 * - 17 `blockRelayedOnlyIfNodeRelay`: a trace has no blockRelayed variable; a view counts as a relayed
 *   block exactly when it holds a relay event, so the family holds by construction (its rule never fails).
 * - 28 `calcSumBlockRelayed`: totalBlockRelayed is, by definition, the number of views with a relay
 *   event (see `modelObjective`); no rule.
 * - 31 `calcLastRelayedBlockMaxProblem`: lastRelayedBlock is a free-upward variable that is neither in
 *   the objective nor in the trace; the family cannot break; no rule.
 * - 32 (message counters): counted from the send and receive events by definition (`modelObjective`); no rule.
 * Families 29 and 30 tie auxiliary values to what the trace also records: 29 `calcTotalPrimaries` checks
 * that `trace.views` (where `traceObjective` reads the view count) agrees with the primary events, 30
 * `calcChangeViewEveryNodeAndView` that the change_view events (the decoder's reading of the solver's
 * CV#) agree with the ChangeView receipts.
 *
 * One more rule, `milpTraceShape`, is not a family: it checks the trace is a well-formed decoding (every
 * event inside the model's index sets, a 0/1 variable appears once, commit events pair with Commit sends,
 * sentAt names the sender's send, roles are 1..M honest). Events outside the index sets are reported
 * there only and ignored by the other rules.
 *
 * Reading of the spec where it leaves room:
 * - Rows over t ∈ T⁺ (8–10, 13–15, 25) are checked for events at steps 2..tmax only; an event at step 1 is
 *   the business of families 1–2. Sums "Σ_{t2≤t}" and CV# include step 1, as the spec says.
 * - Every row is read literally, as a count of events. A lock row X ≤ 1 − ΣY (25–27) thus also fails when
 *   ΣY ≥ 2 (in 27 also ΣX ≥ 2) with no X at all; the lock rules report that too (the send-once families
 *   12 and 19 report the repeat as well). Family 20, 2·Σ_ii Primary(ii,v) ≥ CV#(i,v−1) − M + 1, means for
 *   N ≥ 7 that an honest node cannot receive more than M + 1 ChangeViews in a view v < N, as in the model.
 * - Each rule reports the first event, in trace order, at which its rows fail: for a row that counts
 *   events, the event that brings the count past the bound. Rules whose failure is an absence point at
 *   the event that creates the obligation: 21 at the primary event (PrepareRequest) or at the receipt
 *   beyond what the node answered, 20 at the node's change_view event (else its last ChangeView receipt),
 *   23 and 24 at the primary event of the view that triggers them (view 1, view v−1), delivery at the send
 *   that was not received; 3 (no primary in view 1) has no event and reports index null.
 * - Family 30 is checked for views 1..N−1 (the decoder emits no change_view out of view N). An honest
 *   node that has sent Commit (in view v or before) may stay without a change_view despite CV# ≥ M: the
 *   decoder may keep it in its view (the commit lock); its CV# is then only checked when it does move.
 * - The decoder keeps one primary per view, so a solution with two primaries in a view shows one here;
 *   rules 3–6 check the primary events the trace holds.
 */

export interface ModelRuleOptions {
  /** The delivery properties the model was built with: 1 PrepareRequest, 2 PrepareResponse, 3 Commit, 4 ChangeView. */
  readonly deliver: readonly (1 | 2 | 3 | 4)[];
}

type Act = MessageKind | "Relay";

/** The spec's names for each payload kind (the model's variable and row names). */
const SPEC_NAMES: Readonly<Record<MessageKind, { send: string; recv: string; x: string; received: string; delivery: 1 | 2 | 3 | 4 }>> = {
  PrepareRequest: { send: "SendPrepReq", recv: "RecvPrepReq", x: "PrepReq", received: "prepReq", delivery: 1 },
  PrepareResponse: { send: "SendPrepRes", recv: "RecvPrepResp", x: "PrepRes", received: "prepResp", delivery: 2 },
  Commit: { send: "SendCommit", recv: "RecvCommit", x: "Commit", received: "commit", delivery: 3 },
  ChangeView: { send: "SendCV", recv: "RecvCV", x: "CV", received: "cv", delivery: 4 },
};

const ACTS: readonly Act[] = [...MESSAGE_KINDS, "Relay"];

/** The model's four payloads (a simulator trace may hold other messages, which no MILP variable models). */
const isModelKind = (message: string): message is MessageKind => (MESSAGE_KINDS as readonly string[]).includes(message);

const verb = (a: Act) => (a === "Relay" ? "relays the block" : `sends ${a}`);
const past = (a: Act) => (a === "Relay" ? "relayed the block" : `sent ${a}`);
const plural = (k: number, what: string, many = `${what}s`) => `${k === 0 ? "no" : k} ${k === 1 ? what : many}`;
const ordinal = (k: number) => `${k}${k % 100 >= 11 && k % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][k % 10] ?? "th")}`;

// ---------------------------------------------------------------------------------------------------
// The index: one pass over the events, cached per trace.

interface ModelIndex {
  readonly n: number;
  readonly m: number;
  readonly tau: number;
  /** Step of each event within its view. */
  readonly step: readonly number[];
  /** Whether each event lies inside the model's index sets (node, view, step, sender). */
  readonly inDomain: readonly boolean[];
  /** Primary events of each view (index 1..N). */
  readonly primariesIn: readonly number[][];
  /** Primary events of each node (index 1..N). */
  readonly primariesOf: readonly number[][];
  /** In-domain send (or relay) events of each kind, in trace order. */
  readonly acts: Readonly<Record<Act, number[]>>;
  /** In-domain receipts of each kind, in trace order. */
  readonly receipts: Readonly<Record<MessageKind, number[]>>;
  readonly buckets: ReadonlyMap<string, number[]>;
}

const EMPTY: readonly number[] = [];
const cache = new WeakMap<Trace, ModelIndex>();

function indexOf(trace: Trace): ModelIndex {
  const cached = cache.get(trace);
  if (cached) return cached;
  const n = trace.n;
  const tau = trace.tmax!;
  const within = (x: number, hi: number) => Number.isInteger(x) && x >= 1 && x <= hi;
  const step: number[] = [];
  const inDomain: boolean[] = [];
  const primariesIn: number[][] = Array.from({ length: n + 1 }, () => []);
  const primariesOf: number[][] = Array.from({ length: n + 1 }, () => []);
  const acts = Object.fromEntries(ACTS.map((a) => [a, [] as number[]])) as Record<Act, number[]>;
  const receipts = Object.fromEntries(MESSAGE_KINDS.map((k) => [k, [] as number[]])) as Record<MessageKind, number[]>;
  const buckets = new Map<string, number[]>();
  const put = (key: string, k: number) => {
    const list = buckets.get(key);
    if (list) list.push(k);
    else buckets.set(key, [k]);
  };
  trace.events.forEach((e, k) => {
    const s = e.time - (e.view - 1) * tau;
    step.push(s);
    const ok =
      within(e.node, n) && within(e.view, n) && within(s, tau) && (e.type !== "receive" || within(e.from, n)) && ((e.type !== "send" && e.type !== "receive") || isModelKind(e.message));
    inDomain.push(ok);
    if (!ok) return;
    switch (e.type) {
      case "primary":
        primariesIn[e.view]!.push(k);
        primariesOf[e.node]!.push(k);
        break;
      case "send":
        if (!isModelKind(e.message)) break;
        acts[e.message].push(k);
        put(`${e.message}|${e.node}|${e.view}`, k);
        break;
      case "relay":
        acts.Relay.push(k);
        put(`Relay|${e.node}|${e.view}`, k);
        break;
      case "receive":
        if (!isModelKind(e.message)) break;
        receipts[e.message].push(k);
        put(`r${e.message}|${e.node}|${e.view}`, k);
        put(`r${e.message}|${e.node}|${e.from}|${e.view}`, k);
        break;
      case "change_view":
        put(`cv|${e.node}|${e.view}`, k);
        break;
      case "commit":
        break;
    }
  });
  const ix: ModelIndex = { n, m: trace.m, tau, step, inDomain, primariesIn, primariesOf, acts, receipts, buckets };
  cache.set(trace, ix);
  return ix;
}

/** Sends (or relays) of node i in view v, in trace order. */
const actsBy = (ix: ModelIndex, a: Act, i: number, v: number) => ix.buckets.get(`${a}|${i}|${v}`) ?? EMPTY;
/** Receipts of node i in view v (from anyone). */
const recvIn = (ix: ModelIndex, k: MessageKind, i: number, v: number) => ix.buckets.get(`r${k}|${i}|${v}`) ?? EMPTY;
/** Receipts of node i from node j in view v. */
const recvFrom = (ix: ModelIndex, k: MessageKind, i: number, j: number, v: number) => ix.buckets.get(`r${k}|${i}|${j}|${v}`) ?? EMPTY;
/** change_view events of node i out of view v. */
const changeViewsOf = (ix: ModelIndex, i: number, v: number) => ix.buckets.get(`cv|${i}|${v}`) ?? EMPTY;
/** Only the events at steps 2..tmax (T⁺). */
const plus = (ix: ModelIndex, list: readonly number[]) => list.filter((k) => ix.step[k]! >= 2);
/** How many events of the list lie at steps from..to. */
const countSteps = (ix: ModelIndex, list: readonly number[], from: number, to: number) => list.reduce((c, k) => c + (ix.step[k]! >= from && ix.step[k]! <= to ? 1 : 0), 0);

// ---------------------------------------------------------------------------------------------------
// Rule plumbing.

function at(rule: string, message: string, trace: Trace, index: number | null): Violation {
  return { rule, message, index, event: index === null ? null : trace.events[index]! };
}

/** The candidate with the smallest event index (violations with no event come last). */
function earliest(candidates: readonly (Violation | null)[]): Violation | null {
  let best: Violation | null = null;
  const rank = (v: Violation) => v.index ?? Number.POSITIVE_INFINITY;
  for (const c of candidates) if (c && (best === null || rank(c) < rank(best))) best = c;
  return best;
}

type Check = (trace: Trace, ix: ModelIndex, name: string, options: ModelRuleOptions) => Violation | null;

function rule(name: string, description: string, check: Check): Rule<ModelRuleOptions> {
  return { name, description, check: (trace, options) => check(trace, indexOf(trace), name, options) };
}

function ev<T extends TraceEvent["type"]>(trace: Trace, k: number, _type: T): Extract<TraceEvent, { type: T }> {
  return trace.events[k] as Extract<TraceEvent, { type: T }>;
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);
const where = (ix: ModelIndex, k: number, e: TraceEvent) => `at step ${ix.step[k]} of view ${e.view}`;

// ---------------------------------------------------------------------------------------------------
// The rules.

/** Not a family: the trace is a decoding of a solution vector. */
const shapeRule = rule(
  "milpTraceShape",
  "The trace is a MILP decoding: f = ⌊(N−1)/3⌋, M = 2f+1, nodes 1..M honest; every event inside the index sets (node, view ∈ 1..N, step ∈ 1..tmax) and at most once; primaries at step 1; a commit event with each Commit send and only then; change_view at step tmax to the next view; sentAt = the sender's send time (0 if none).",
  (trace, ix, name) => {
    const f = Math.floor((trace.n - 1) / 3);
    if (trace.f !== f || trace.m !== 2 * f + 1) return at(name, `N = ${trace.n} gives f = ${f} and M = ${2 * f + 1}, but the trace says f = ${trace.f}, M = ${trace.m}`, trace, null);
    const roleOff = trace.roles.findIndex((r, k) => r !== (k < trace.m ? "honest" : "byzantine"));
    if (trace.roles.length !== trace.n || roleOff >= 0) {
      const got = roleOff >= 0 ? `node ${roleOff + 1} is ${trace.roles[roleOff]}` : `${trace.roles.length} roles for ${trace.n} nodes`;
      return at(name, `roles must be honest for nodes 1..${trace.m} and byzantine for nodes ${trace.m + 1}..${trace.n} (${got})`, trace, null);
    }
    const seen = new Set<string>();
    const commitKeys = new Set<string>();
    const commitSendKeys = new Set<string>();
    for (const e of trace.events) {
      if (e.type === "commit") commitKeys.add(`${e.node}|${e.view}|${e.time}`);
      if (e.type === "send" && e.message === "Commit") commitSendKeys.add(`${e.node}|${e.view}|${e.time}`);
    }
    for (const [k, e] of trace.events.entries()) {
      const s = ix.step[k]!;
      if (!ix.inDomain[k]) {
        const from = e.type === "receive" ? ` from node ${e.from}` : "";
        const what = e.type === "send" || e.type === "receive" ? `${e.type} of ${e.message}` : `${e.type} event`;
        return at(name, `${what} by node ${e.node}${from} at time ${e.time} lies outside the model: the payloads are ${MESSAGE_KINDS.join(", ")}, nodes and views run 1..${ix.n}, steps 1..${ix.tau} (step ${s} of view ${e.view})`, trace, k);
      }
      const key = `${e.type}|${e.node}|${e.view}|${e.time}|${e.type === "send" || e.type === "receive" ? e.message : ""}|${e.type === "receive" ? e.from : ""}`;
      if (seen.has(key)) return at(name, `the ${e.type} event of node ${e.node} ${where(ix, k, e)} appears twice; a 0/1 variable is either set or not`, trace, k);
      seen.add(key);
      const nvt = `${e.node}|${e.view}|${e.time}`;
      switch (e.type) {
        case "primary":
          if (s !== 1) return at(name, `node ${e.node} becomes primary of view ${e.view} at step ${s}; primaries are set at step 1`, trace, k);
          break;
        case "send":
          if (e.message === "Commit" && !commitKeys.has(nvt)) return at(name, `node ${e.node} sends Commit ${where(ix, k, e)} with no commit event`, trace, k);
          break;
        case "commit":
          if (!commitSendKeys.has(nvt)) return at(name, `node ${e.node} commits ${where(ix, k, e)} without sending Commit`, trace, k);
          break;
        case "change_view":
          if (s !== ix.tau || e.newView !== e.view + 1 || e.view >= ix.n) return at(name, `node ${e.node} changes from view ${e.view} to view ${e.newView} at step ${s}; a MILP view change goes to the next view (< ${ix.n + 1}) at step tmax = ${ix.tau}`, trace, k);
          break;
        case "receive": {
          if (!isModelKind(e.message)) break;
          const times = actsBy(ix, e.message, e.from, e.view).map((j) => trace.events[j]!.time);
          if (times.length === 0 ? e.sentAt !== 0 : !times.includes(e.sentAt))
            return at(name, `node ${e.node} receives ${e.message} from node ${e.from} ${where(ix, k, e)} with sentAt ${e.sentAt}, but node ${e.from} sends it at ${times.length === 0 ? "no time (sentAt must be 0)" : `time ${times.join(", ")}`}`, trace, k);
          break;
        }
        case "relay":
          break;
      }
    }
    return null;
  },
);

// 1, 2: time zero.
const initSendRules = ACTS.map((a) =>
  rule(a === "Relay" ? "initBlockRelay" : `init${SPEC_NAMES[a].send}`, `Family 1: nothing is sent at step 1 (time zero): ${a === "Relay" ? "BlockRelay" : SPEC_NAMES[a].send}(1,i,v) = 0.`, (trace, ix, name) => {
    const k = ix.acts[a].find((j) => ix.step[j] === 1);
    if (k === undefined) return null;
    const e = trace.events[k]!;
    return at(name, `node ${e.node} ${verb(a)} at step 1 of view ${e.view}: nothing happens at time zero`, trace, k);
  }),
);

const initRecvRules = MESSAGE_KINDS.map((kind) =>
  rule(`init${SPEC_NAMES[kind].recv}`, `Family 2: nothing is received at step 1 (time zero): ${SPEC_NAMES[kind].recv}(1,i,j,v) = 0.`, (trace, ix, name) => {
    const k = ix.receipts[kind].find((j) => ix.step[j] === 1);
    if (k === undefined) return null;
    const e = ev(trace, k, "receive");
    return at(name, `node ${e.node} receives ${kind} from node ${e.from} at step 1 of view ${e.view}: nothing happens at time zero`, trace, k);
  }),
);

// 3–7: primaries.
const primaryRules = [
  rule("consensusShouldStart", "Family 3: view 1 has exactly one primary.", (trace, ix, name) => {
    const ps = ix.primariesIn[1] ?? [];
    if (ps.length === 1) return null;
    if (ps.length === 0) return at(name, "view 1 has no primary: consensus must start with exactly one", trace, null);
    return at(name, `view 1 has ${ps.length} primaries (nodes ${ps.map((k) => trace.events[k]!.node).join(", ")}); it must have exactly one`, trace, ps[1]!);
  }),
  rule("singlePrimaryEveryView", "Family 4: every view has at most one primary.", (trace, ix, name) =>
    earliest(
      range(1, ix.n).map((v) => {
        const ps = ix.primariesIn[v]!;
        return ps.length < 2 ? null : at(name, `view ${v} has ${ps.length} primaries (nodes ${ps.map((k) => trace.events[k]!.node).join(", ")}); at most one may lead it`, trace, ps[1]!);
      }),
    ),
  ),
  rule("primaryOO", "Family 5: a node is primary of at most one view.", (trace, ix, name) =>
    earliest(
      range(1, ix.n).map((i) => {
        const ps = ix.primariesOf[i]!;
        return ps.length < 2 ? null : at(name, `node ${i} is primary of views ${ps.map((k) => trace.events[k]!.view).join(" and ")}; a node leads at most one view`, trace, ps[1]!);
      }),
    ),
  ),
  rule("avoidJumpingViews", "Family 6: view v ≥ 2 has a primary only if every earlier view has one: (v−1)·Σ_i Primary(i,v) ≤ Σ_{v2<v} Σ_i Primary(i,v2).", (trace, ix, name) => {
    let earlier = ix.primariesIn[1]!.length;
    for (let v = 2; v <= ix.n; v++) {
      const ps = ix.primariesIn[v]!;
      if ((v - 1) * ps.length > earlier) {
        const e = trace.events[ps[0]!]!;
        return at(name, `view ${v} has a primary (node ${e.node}) but views 1..${v - 1} have ${plural(earlier, "primary", "primaries")} between them; it needs ${(v - 1) * ps.length}`, trace, ps[0]!);
      }
      earlier += ps.length;
    }
    return null;
  }),
  rule("nextPrimaryOnlyIfEnoughCV", "Family 7: node i leads view v ≥ 2 only if it received at least M ChangeViews in view v−1: Primary(i,v) ≤ CV#(i,v−1)/M.", (trace, ix, name) => {
    for (let v = 2; v <= ix.n; v++)
      for (const k of ix.primariesIn[v]!) {
        const i = trace.events[k]!.node;
        const cv = recvIn(ix, "ChangeView", i, v - 1).length;
        if (cv < ix.m) return at(name, `node ${i} is primary of view ${v} having received ${plural(cv, "ChangeView")} in view ${v - 1}; it needs M = ${ix.m}`, trace, k);
      }
    return null;
  }),
];
// Primary events are at step 1 of their view, so trace order is view order and the loops above find the first.

// 8–10: when a payload may be sent.
function sentOnlyAfter(name: string, family: number, a: Act, need: MessageKind, quorum: boolean): Rule<ModelRuleOptions> {
  const what = quorum ? `at least M ${need}s` : `a ${need}`;
  return rule(name, `Family ${family}: a node ${verb(a)} at step t ≥ 2 only having received ${what} in that view by step t.`, (trace, ix, name) => {
    const needed = quorum ? ix.m : 1;
    for (const k of ix.acts[a]) {
      const t = ix.step[k]!;
      if (t < 2) continue;
      const e = trace.events[k]!;
      const got = countSteps(ix, recvIn(ix, need, e.node, e.view), 1, t);
      if (got < needed) return at(name, `node ${e.node} ${verb(a)} at step ${t} of view ${e.view} having received ${plural(got, need)} by then; it needs ${quorum ? `M = ${ix.m}` : "one"}`, trace, k);
    }
    return null;
  });
}

const sendConditionRules = [
  sentOnlyAfter("prepRespSendOptionally", 8, "PrepareResponse", "PrepareRequest", false),
  sentOnlyAfter("commitSentIfMPrepRespOptionally", 9, "Commit", "PrepareResponse", true),
  sentOnlyAfter("blockRelayOptionallyOnlyIfEnoughCommits", 10, "Relay", "Commit", true),
];

// 11, 12: send once.
const prepReqOORule = rule("prepReqOOIfPrimary", "Family 11: only the primary of a view sends its PrepareRequest, once: Σ_{t∈T⁺} SendPrepReq(t,i,v) ≤ Primary(i,v).", (trace, ix, name) => {
  const count = new Map<string, number>();
  for (const k of plus(ix, ix.acts.PrepareRequest)) {
    const e = trace.events[k]!;
    const key = `${e.node}|${e.view}`;
    const c = (count.get(key) ?? 0) + 1;
    count.set(key, c);
    const primary = ix.primariesIn[e.view]!.filter((p) => trace.events[p]!.node === e.node).length;
    if (c > primary) {
      const msg =
        primary === 0 ? `node ${e.node} sends PrepareRequest ${where(ix, k, e)} but is not its primary` : `node ${e.node} sends PrepareRequest ${where(ix, k, e)} for the ${ordinal(c)} time; the primary sends it once`;
      return at(name, msg, trace, k);
    }
  }
  return null;
});

const sendOnceRules = (["PrepareResponse", "Commit", "ChangeView", "Relay"] as const).map((a) =>
  rule(a === "Relay" ? "blockRelayOO" : `send${SPEC_NAMES[a].x}OO`, `Family 12: a node ${verb(a)} at most once per view (steps 2..tmax).`, (trace, ix, name) => {
    const first = new Map<string, number>();
    for (const k of plus(ix, ix.acts[a])) {
      const e = trace.events[k]!;
      const key = `${e.node}|${e.view}`;
      const f = first.get(key);
      if (f !== undefined) return at(name, `node ${e.node} ${verb(a)} a second time at step ${ix.step[k]} of view ${e.view} (first at step ${ix.step[f]}); at most once per view`, trace, k);
      first.set(key, k);
    }
    return null;
  }),
);

// 13–16: receipts.
const selfReceiptRules = MESSAGE_KINDS.map((kind) =>
  rule(`${SPEC_NAMES[kind].received}ReceivedSS`, `Family 13: a node receives its own ${kind} exactly at the step it sends it: ${SPEC_NAMES[kind].recv}(t,i,i,v) = ${SPEC_NAMES[kind].send}(t,i,v), t ≥ 2.`, (trace, ix, name) => {
    const sendWithout = plus(ix, ix.acts[kind]).find((k) => {
      const e = trace.events[k]!;
      return !recvFrom(ix, kind, e.node, e.node, e.view).some((r) => ix.step[r] === ix.step[k]);
    });
    const recvWithout = plus(ix, ix.receipts[kind]).find((k) => {
      const e = ev(trace, k, "receive");
      return e.from === e.node && !actsBy(ix, kind, e.node, e.view).some((s) => ix.step[s] === ix.step[k]);
    });
    return earliest([
      sendWithout === undefined ? null : at(name, `node ${trace.events[sendWithout]!.node} sends ${kind} ${where(ix, sendWithout, trace.events[sendWithout]!)} but does not receive its own payload at that step`, trace, sendWithout),
      recvWithout === undefined ? null : at(name, `node ${trace.events[recvWithout]!.node} receives its own ${kind} ${where(ix, recvWithout, trace.events[recvWithout]!)} but does not send it at that step`, trace, recvWithout),
    ]);
  }),
);

const receiptRules = MESSAGE_KINDS.map((kind) =>
  rule(`${SPEC_NAMES[kind].received}Received`, `Family 14: node i receives ${kind} from node j ≠ i at step t only if j sent it at a step 2..t−1 of that view (a payload arrives at least one step later).`, (trace, ix, name) => {
    for (const k of plus(ix, ix.receipts[kind])) {
      const e = ev(trace, k, "receive");
      if (e.from === e.node) continue;
      const t = ix.step[k]!;
      const sends = plus(ix, actsBy(ix, kind, e.from, e.view));
      if (countSteps(ix, sends, 2, t - 1) > 0) continue;
      const msg =
        sends.length === 0
          ? `node ${e.node} receives ${kind} from node ${e.from} at step ${t} of view ${e.view}, but node ${e.from} never sends ${kind} in view ${e.view}`
          : `node ${e.node} receives ${kind} from node ${e.from} at step ${t} of view ${e.view}, but node ${e.from} sends it at step ${sends.map((s) => ix.step[s]).join(", ")}; a payload arrives at least one step after it is sent`;
      return at(name, msg, trace, k);
    }
    return null;
  }),
);

const alongRule = rule("prepResReceivedAlongWithPrepReq", "Family 15: a PrepareRequest from node j arrives together with j's PrepareResponse: RecvPrepResp(t,i,j,v) ≥ RecvPrepReq(t,i,j,v).", (trace, ix, name) => {
  for (const k of plus(ix, ix.receipts.PrepareRequest)) {
    const e = ev(trace, k, "receive");
    if (!recvFrom(ix, "PrepareResponse", e.node, e.from, e.view).some((r) => ix.step[r] === ix.step[k]))
      return at(name, `node ${e.node} receives PrepareRequest from node ${e.from} ${where(ix, k, e)} without node ${e.from}'s PrepareResponse at the same step`, trace, k);
  }
  return null;
});

const receiveOnceRules = MESSAGE_KINDS.map((kind) =>
  rule(`rcvd${SPEC_NAMES[kind].x}OO`, `Family 16: a node receives each node's ${kind} of a view at most once (steps 2..tmax).`, (trace, ix, name) => {
    const first = new Map<string, number>();
    for (const k of plus(ix, ix.receipts[kind])) {
      const e = ev(trace, k, "receive");
      const key = `${e.node}|${e.from}|${e.view}`;
      const f = first.get(key);
      if (f !== undefined) return at(name, `node ${e.node} receives ${kind} from node ${e.from} a second time at step ${ix.step[k]} of view ${e.view} (first at step ${ix.step[f]}); at most once`, trace, k);
      first.set(key, k);
    }
    return null;
  }),
);

// 17, 18: block relayed in a view.
const blockRelayedRules = [
  rule("blockRelayedOnlyIfNodeRelay", "Family 17: blockRelayed(v) = 1 only if some node relays in v. Holds by construction in a trace (a block is counted for a view exactly when it holds a relay event): never fails.", () => null),
  rule("blockRelayedCounterForced", "Family 18: N·blockRelayed(v) ≥ Σ_{t∈T⁺} Σ_i BlockRelay(t,i,v): a view holds at most N relays (and counts as a block when it holds one).", (trace, ix, name) => {
    const count = new Map<number, number>();
    for (const k of plus(ix, ix.acts.Relay)) {
      const v = trace.events[k]!.view;
      const c = (count.get(v) ?? 0) + 1;
      count.set(v, c);
      if (c > ix.n) return at(name, `view ${v} holds ${c} relays at step ${ix.step[k]}, more than N = ${ix.n}`, trace, k);
    }
    return null;
  }),
];

// 19–27: honest nodes.
const honestIn = (ix: ModelIndex) => range(1, ix.m);
const honest = (ix: ModelIndex, i: number) => i >= 1 && i <= ix.m;

const relayOnceRule = rule("blockRelayLimitToOneForNonByz", "Family 19: an honest node relays at most one block over all views.", (trace, ix, name) => {
  const first = new Map<number, number>();
  for (const k of plus(ix, ix.acts.Relay)) {
    const e = trace.events[k]!;
    if (!honest(ix, e.node)) continue;
    const f = first.get(e.node);
    if (f !== undefined) return at(name, `honest node ${e.node} relays a second block at step ${ix.step[k]} of view ${e.view} (its first at step ${ix.step[f]} of view ${trace.events[f]!.view}); at most one`, trace, k);
    first.set(e.node, k);
  }
  return null;
});

const enoughCVRule = rule("assertAtLeastOnePrimaryIfEnoughCV", "Family 20: if an honest node received M ChangeViews in view v−1, view v has a primary: 2·Σ_ii Primary(ii,v) ≥ CV#(i,v−1) − M + 1.", (trace, ix, name) =>
  earliest(
    honestIn(ix).flatMap((i) =>
      range(2, ix.n).map((v) => {
        const cvs = recvIn(ix, "ChangeView", i, v - 1);
        const p = ix.primariesIn[v]!.length;
        if (2 * p >= cvs.length - ix.m + 1) return null;
        const anchor = changeViewsOf(ix, i, v - 1)[0] ?? cvs[cvs.length - 1]!;
        const tail = p === 0 ? `but view ${v} has no primary` : `but view ${v} has ${p} primary; 2·${p} must be at least ${cvs.length} − M + 1 = ${cvs.length - ix.m + 1}`;
        return at(name, `honest node ${i} received ${cvs.length} ChangeViews in view ${v - 1} (M = ${ix.m}) ${tail}`, trace, anchor);
      }),
    ),
  ),
);

const withinSimRules = [
  rule("assertSendPrepReqWithinSimLimit", "Family 21: the honest primary of a view sends its PrepareRequest (steps 2..tmax): Σ_{t∈T⁺} SendPrepReq(t,i,v) ≥ Primary(i,v).", (trace, ix, name) => {
    for (let v = 1; v <= ix.n; v++)
      for (const k of ix.primariesIn[v]!) {
        const i = trace.events[k]!.node;
        if (honest(ix, i) && plus(ix, actsBy(ix, "PrepareRequest", i, v)).length === 0) return at(name, `honest node ${i}, the primary of view ${v}, never sends its PrepareRequest (steps 2..${ix.tau})`, trace, k);
      }
    return null;
  }),
  withinSim("assertSendPrepResWithinSimLimit", "PrepareResponse", "PrepareRequest", 1, 0),
  withinSim("assertSendCommitWithinSimLimit", "Commit", "PrepareResponse", 2, 1),
  withinSim("assertBlockRelayWithinSimLimit", "Relay", "Commit", 2, 1),
];

/** rate·Σ_{t∈T⁺} a(t,i,v) ≥ Σ_{t∈T⁺} Σ_j Recv(t,i,j,v) − (quorum ? M − 1 : 0). */
function withinSim(name: string, a: Act, recv: MessageKind, rate: number, quorum: 0 | 1): Rule<ModelRuleOptions> {
  const row = `${rate === 1 ? "" : `${rate}·`}Σ ${a === "Relay" ? "BlockRelay" : SPEC_NAMES[a].send} ≥ Σ ${SPEC_NAMES[recv].recv}${quorum ? " − M + 1" : ""}`;
  return rule(name, `Family 21: an honest node that received ${quorum ? `M ${recv}s` : `a ${recv}`} in a view ${verb(a)} in it (steps 2..tmax): ${row}.`, (trace, ix, name) =>
    earliest(
      honestIn(ix).flatMap((i) =>
        range(1, ix.n).map((v) => {
          const got = plus(ix, recvIn(ix, recv, i, v));
          const done = plus(ix, actsBy(ix, a, i, v)).length;
          const allowed = rate * done + (quorum ? ix.m - 1 : 0);
          if (got.length <= allowed) return null;
          const k = got[allowed]!;
          const tail = done === 0 ? `but never ${verb(a)} in view ${v}` : `but ${verb(a)} only ${done} time(s); ${row} fails`;
          return at(name, `honest node ${i} has received ${plural(allowed + 1, recv)} by step ${ix.step[k]} of view ${v} ${tail}`, trace, k);
        }),
      ),
    ),
  );
}

const viewBeforeOkRules = MESSAGE_KINDS.map((kind) =>
  rule(`send${SPEC_NAMES[kind].x}OnlyIfViewBeforeOk`, `Family 22: an honest node sends ${kind} in view v ≥ 2 only having received M ChangeViews in view v−1: Σ_{t∈T⁺} ${SPEC_NAMES[kind].send}(t,i,v) ≤ CV#(i,v−1)/M.`, (trace, ix, name) => {
    const count = new Map<string, number>();
    for (const k of plus(ix, ix.acts[kind])) {
      const e = trace.events[k]!;
      if (!honest(ix, e.node) || e.view < 2) continue;
      const key = `${e.node}|${e.view}`;
      const c = (count.get(key) ?? 0) + 1;
      count.set(key, c);
      const cv = recvIn(ix, "ChangeView", e.node, e.view - 1).length;
      if (ix.m * c > cv) return at(name, `honest node ${e.node} sends ${kind} ${where(ix, k, e)} having received ${plural(cv, "ChangeView")} in view ${e.view - 1}; it needs M = ${ix.m}${c > 1 ? ` for each of its ${c} sends` : ""}`, trace, k);
    }
    return null;
  }),
);

const cvIfNoCommitRules = [
  rule("assertSendCVIfNotSendCommitV1", "Family 23: an honest node sends ChangeView or Commit in view 1 (steps 2..tmax).", (trace, ix, name) => {
    for (const i of honestIn(ix)) {
      const cv = plus(ix, actsBy(ix, "ChangeView", i, 1)).length;
      const commit = plus(ix, actsBy(ix, "Commit", i, 1)).length;
      if (cv < 1 - commit) return at(name, `honest node ${i} sends neither ChangeView nor Commit in view 1`, trace, ix.primariesIn[1]![0] ?? null);
    }
    return null;
  }),
  rule(
    "assertSendCVIfNotCommitAndYesPrimary",
    "Family 24: an honest node that has not committed in views 1..v sends ChangeView in view v ≥ 2 when view v−1 had a primary: Σ SendCV(v) ≥ 1 − Σ_{v2≤v} Σ SendCommit(v2) − (1 − Σ_ii Primary(ii,v−1)).",
    (trace, ix, name) =>
      earliest(
        honestIn(ix).flatMap((i) => {
          let commits = plus(ix, actsBy(ix, "Commit", i, 1)).length;
          return range(2, ix.n).map((v) => {
            commits += plus(ix, actsBy(ix, "Commit", i, v)).length;
            const cv = plus(ix, actsBy(ix, "ChangeView", i, v)).length;
            const prev = ix.primariesIn[v - 1]!;
            if (cv >= 1 - commits - (1 - prev.length)) return null;
            const p = trace.events[prev[0]!]!.node;
            return at(name, `honest node ${i} never commits in views 1..${v} and view ${v - 1} had a primary (node ${p}), but it sends no ChangeView in view ${v}`, trace, prev[0]!);
          });
        }),
      ),
  ),
];

const SAME_VIEW_LOCKS: readonly [string, Act, Act][] = [
  ["noPrepReqIfCV", "PrepareRequest", "ChangeView"],
  ["noPrepResIfCV", "PrepareResponse", "ChangeView"],
  ["noCommitIfCV", "Commit", "ChangeView"],
  ["noCVIfCommit", "ChangeView", "Commit"],
  ["noBlockYesPrepReq", "PrepareRequest", "Relay"],
  ["noBlockYesPrepRes", "PrepareResponse", "Relay"],
  ["noBlockYesCommit", "Commit", "Relay"],
  ["noBlockYesCV", "ChangeView", "Relay"],
];

/**
 * Lock rows X ≤ 1 − ΣY read literally: the row fails at the event that brings its left-hand side
 * (X + ΣY, a count of events) to 2, i.e. the second of the events it counts, in trace order.
 */
function secondEvent(events: readonly number[]): number | undefined {
  return [...events].sort((a, b) => a - b)[1];
}

const sameViewLockRules = SAME_VIEW_LOCKS.map(([name, x, y]) =>
  rule(name, `Family 25: an honest node that ${past(y)} at a step of a view no longer ${verb(x)} in it, from that step on: X(t,i,v) ≤ 1 − Σ_{1<t2≤t} Y(t2,i,v).`, (trace, ix, name) =>
    earliest(
      honestIn(ix).flatMap((i) =>
        range(1, ix.n).flatMap((v) => {
          const xs = plus(ix, actsBy(ix, x, i, v));
          const ys = plus(ix, actsBy(ix, y, i, v));
          return range(2, ix.tau).map((t) => {
            const counted = [...xs.filter((k) => ix.step[k] === t), ...ys.filter((k) => ix.step[k]! <= t)];
            const k = secondEvent(counted);
            if (k === undefined) return null;
            const xAt = xs.find((j) => ix.step[j] === t);
            const lock = ys.find((j) => j !== xAt && ix.step[j]! <= t)!;
            if (xAt !== undefined)
              return at(name, `honest node ${i} ${verb(x)} at step ${t} of view ${v}, but it ${past(y)} at step ${ix.step[lock]} of that view${ix.step[lock] === t ? " (the same step)" : ""}`, trace, k);
            return at(name, `honest node ${i} ${verb(y)} a second time at step ${ix.step[k]} of view ${v} (first at step ${ix.step[lock]}): X ≤ 1 − ΣY fails whatever ${x === "Relay" ? "BlockRelay" : SPEC_NAMES[x].send} is`, trace, k);
          });
        }),
      ),
    ),
  ),
);

const noPrimaryAfterBlockRule = rule("noBlockOldViewsYesPrimary", "Family 26: an honest node that relayed a block in an earlier view is not primary of a later one: Primary(i,v) ≤ 1 − Σ_{t∈T⁺} Σ_{v2<v} BlockRelay(t,i,v2).", (trace, ix, name) =>
  earliest(
    honestIn(ix).flatMap((i) =>
      range(2, ix.n).map((v) => {
        const ps = ix.primariesIn[v]!.filter((k) => trace.events[k]!.node === i);
        const relays = range(1, v - 1).flatMap((v2) => plus(ix, actsBy(ix, "Relay", i, v2)));
        const k = secondEvent([...ps, ...relays]);
        if (k === undefined) return null;
        const r = relays[0]!;
        if (ps.includes(k)) return at(name, `honest node ${i} is primary of view ${v}, but it relayed the block at step ${ix.step[r]} of view ${trace.events[r]!.view}`, trace, k);
        return at(name, `honest node ${i} relays a second block before view ${v} (at step ${ix.step[k]} of view ${trace.events[k]!.view}): Primary(${i},${v}) ≤ 1 − Σ BlockRelay fails whatever the primary is`, trace, k);
      }),
    ),
  ),
);

const OLD_VIEW_LOCKS: readonly [string, Act, Act][] = [
  ["noBlockOldViewsYesPrepReq", "PrepareRequest", "Relay"],
  ["noBlockOldViewsYesPrepRes", "PrepareResponse", "Relay"],
  ["noBlockOldViewsYesCommit", "Commit", "Relay"],
  ["noCommitOldViewsYesPrepReq", "PrepareRequest", "Commit"],
  ["noCommitOldViewsYesPrepRes", "PrepareResponse", "Commit"],
  ["noCommitOldViewsYesCommit", "Commit", "Commit"],
  ["noCommitOldViewsYesCV", "ChangeView", "Commit"],
];

const oldViewLockRules = OLD_VIEW_LOCKS.map(([name, x, y]) =>
  rule(name, `Family 27: an honest node that ${past(y)} in an earlier view no longer ${verb(x)}: Σ_{t∈T⁺} X(t,i,v) ≤ 1 − Σ_{t∈T⁺} Σ_{v2<v} Y(t,i,v2).`, (trace, ix, name) =>
    earliest(
      honestIn(ix).flatMap((i) =>
        range(2, ix.n).map((v) => {
          const xs = plus(ix, actsBy(ix, x, i, v));
          const ys = range(1, v - 1).flatMap((v2) => plus(ix, actsBy(ix, y, i, v2)));
          const k = secondEvent([...xs, ...ys]);
          if (k === undefined) return null;
          const e = trace.events[k]!;
          if (ys.length > 0 && xs.includes(k)) {
            const lock = trace.events[ys[0]!]!;
            return at(name, `honest node ${i} ${verb(x)} ${where(ix, k, e)}, but it ${past(y)} at step ${ix.step[ys[0]!]} of view ${lock.view}`, trace, k);
          }
          const what = xs.includes(k) ? `${verb(x)} twice in view ${v}` : `${past(y)} twice before view ${v}`;
          return at(name, `honest node ${i} ${what} (again ${where(ix, k, e)}): Σ X(v) ≤ 1 − Σ_{v2<v} Y(v2) fails`, trace, k);
        }),
      ),
    ),
  ),
);

// 29, 30: auxiliary values the trace records twice.
const auxiliaryRules = [
  rule("calcTotalPrimaries", "Family 29: numberOfRounds = Σ Primary(i,v): trace.views lists views 1..N once each, with the node of the view's primary event (null when none).", (trace, ix, name) => {
    for (let v = 1; v <= ix.n; v++) {
      const listed = trace.views.filter((w) => w.view === v);
      const ps = ix.primariesIn[v]!;
      const anchor = ps[0] ?? null;
      if (listed.length !== 1) return at(name, `trace.views lists view ${v} ${listed.length} times; it must list it once`, trace, anchor);
      const want = ps.length === 0 ? null : trace.events[ps[0]!]!.node;
      if (listed[0]!.primary !== want) return at(name, `trace.views gives view ${v} ${listed[0]!.primary === null ? "no primary" : `primary node ${listed[0]!.primary}`}, but its primary events give ${want === null ? "none" : `node ${want}`}`, trace, anchor);
    }
    const extra = trace.views.find((w) => w.view < 1 || w.view > ix.n);
    if (extra) return at(name, `trace.views lists view ${extra.view}, outside 1..${ix.n}`, trace, null);
    return null;
  }),
  rule(
    "calcChangeViewEveryNodeAndView",
    "Family 30: CV#(i,v) = Σ_{t∈T} Σ_j RecvCV(t,i,j,v), as the trace's change_view events read it: a node moves out of view v < N only with CV#(i,v) ≥ M, and does so then unless it is an honest node that sent Commit in a view ≤ v (the decoder's commit lock).",
    (trace, ix, name) =>
      earliest(
        range(1, ix.n).flatMap((i) => {
          let committed = false;
          return range(1, ix.n - 1).map((v) => {
            committed ||= honest(ix, i) && actsBy(ix, "Commit", i, v).length > 0;
            const cvs = recvIn(ix, "ChangeView", i, v);
            const moves = changeViewsOf(ix, i, v);
            if (cvs.length >= ix.m && moves.length === 0 && !committed)
              return at(name, `node ${i} receives its ${ordinal(ix.m)} ChangeView of view ${v} at step ${ix.step[cvs[ix.m - 1]!]} (CV# = ${cvs.length}), but the trace has no change_view for it at the end of view ${v}`, trace, cvs[ix.m - 1]!);
            if (cvs.length < ix.m && moves.length > 0) return at(name, `node ${i} moves to view ${v + 1} at the end of view ${v} having received ${plural(cvs.length, "ChangeView")} in view ${v}; it needs M = ${ix.m}`, trace, moves[0]!);
            return null;
          });
        }),
      ),
  ),
];

// Optional delivery properties (Eq. 31).
const deliveryRules = MESSAGE_KINDS.map((kind) => {
  const k = SPEC_NAMES[kind].delivery;
  return rule(`ensureDelivery${SPEC_NAMES[kind].x}`, `Delivery property ${k} (only when deliver lists ${k}): every honest node receives each ${kind} another honest node sends (steps 2..tmax) in the same view.`, (trace, ix, name, options) => {
    if (!options.deliver.includes(k)) return null;
    const count = new Map<string, number>();
    for (const s of plus(ix, ix.acts[kind])) {
      const e = trace.events[s]!;
      if (!honest(ix, e.node)) continue;
      const key = `${e.node}|${e.view}`;
      const c = (count.get(key) ?? 0) + 1;
      count.set(key, c);
      for (const i of honestIn(ix)) {
        if (i === e.node) continue;
        const got = plus(ix, recvFrom(ix, kind, i, e.node, e.view)).length;
        if (got < c) return at(name, `honest node ${e.node} sends ${kind} ${where(ix, s, e)} but honest node ${i} never receives it (delivery property ${k})`, trace, s);
      }
    }
    return null;
  });
});

/** The model's constraints as rules over a MILP trace: families 1–27, 29, 30, the delivery properties, and the trace's shape. */
export const MODEL_RULES: readonly Rule<ModelRuleOptions>[] = [
  shapeRule,
  ...initSendRules,
  ...initRecvRules,
  ...primaryRules,
  ...sendConditionRules,
  prepReqOORule,
  ...sendOnceRules,
  ...selfReceiptRules,
  ...receiptRules,
  alongRule,
  ...receiveOnceRules,
  ...blockRelayedRules,
  relayOnceRule,
  enoughCVRule,
  ...withinSimRules,
  ...viewBeforeOkRules,
  ...cvIfNoCommitRules,
  ...sameViewLockRules,
  noPrimaryAfterBlockRule,
  ...oldViewLockRules,
  ...auxiliaryRules,
  ...deliveryRules,
];

/**
 * The MILP objective read from the events alone (families 28, 29, 32): w1·(views holding a relay) +
 * w2·(primary events) + w3·(sends + receipts, a node's receipt of its own payload included). Equals
 * `traceObjective` whenever `calcTotalPrimaries` holds.
 */
export function modelObjective(trace: Trace, w: { readonly w1: number; readonly w2: number; readonly w3: number }): number {
  const relayViews = new Set<number>();
  let primaries = 0;
  let messages = 0;
  for (const e of trace.events) {
    if (e.type === "relay") relayViews.add(e.view);
    else if (e.type === "primary") primaries++;
    else if (e.type === "send" || e.type === "receive") messages++;
  }
  return w.w1 * relayViews.size + w.w2 * primaries + w.w3 * messages;
}

/**
 * Checks a MILP trace against every model rule. `deliver` comes from the options, else from
 * `trace.meta.deliver` when that is an array, else none. Refuses (InputError) a trace that is not a MILP
 * trace.
 */
export function checkModelRules(trace: Trace, options: Partial<ModelRuleOptions> = {}): RuleReport {
  if (trace.source !== "milp") throw new InputError(`the model rules check MILP traces only; this trace's source is ${JSON.stringify(trace.source)}`);
  if (trace.tmax === null || !Number.isInteger(trace.tmax) || trace.tmax < 1) throw new InputError(`the model rules need the MILP's steps per view, but this trace's tmax is ${JSON.stringify(trace.tmax)}`);
  const raw: unknown = options.deliver ?? (Array.isArray(trace.meta.deliver) ? trace.meta.deliver : []);
  const deliver = raw as unknown[];
  const bad = deliver.find((k) => k !== 1 && k !== 2 && k !== 3 && k !== 4);
  if (bad !== undefined) throw new InputError(`unknown delivery property ${JSON.stringify(bad)}: use 1 (PrepareRequest), 2 (PrepareResponse), 3 (Commit), 4 (ChangeView)`);
  return runRules(trace, MODEL_RULES, { deliver: deliver as (1 | 2 | 3 | 4)[] });
}
