import { describe, expect, it } from "vitest";
import { type DbftParams, dbftLayout, MESSAGE_KINDS, type Preset, PRESET_NAMES } from "../../../formulations/dbft2/index.js";
import { InputError } from "../../../formulations/input-error.js";
import type { Model } from "../../../formulations/model/index.js";
import { traceFromMilp } from "../../../verify/dbft/milp-trace.js";
import { checkModelRules, MODEL_RULES, modelObjective } from "../../../verify/dbft/rules/model-rules.js";
import type { RuleReport } from "../../../verify/dbft/rules/types.js";
import { compareEvents, type Trace, type TraceEvent, traceObjective } from "../../../verify/dbft/trace.js";
import { loadOptimum } from "../../helpers/optima.js";
import { mulberry32 } from "../../helpers/rng.js";

/**
 * The model rules against proved optima of dbft-2-4-5 (N = 4, tmax = 5), every preset, with no delivery
 * property and with all four: the model is feasible with [1, 2, 3, 4] at tmax 5 (it is not at tmax 3
 * and 4), with optima P1..P7 = 1200, 900, 1100, 1035, 1293, 872, 707 (none: 1400, 900, 100, 41, 1582,
 * 876, −578). The optima are committed fixtures (test/helpers/optima.ts), checked against every row
 * here and proved again by HiGHS in `make test-long`: solving them took 150–300 s of this suite.
 */
const DELIVERY_SETS: readonly (readonly (1 | 2 | 3 | 4)[])[] = [[], [1, 2, 3, 4]];

interface Solved {
  readonly p: DbftParams;
  readonly model: Model;
  readonly values: Float64Array;
  readonly objective: number;
  readonly trace: Trace;
}

const solutions = new Map<string, Solved>();

function solved(objective: Preset, deliver: readonly (1 | 2 | 3 | 4)[]): Solved {
  const key = `${objective}|${deliver.join("")}`;
  let s = solutions.get(key);
  if (!s) {
    const o = loadOptimum({ n: 4, tmax: 5, objective, deliver });
    s = { p: o.p, model: o.model, values: o.values, objective: o.objective, trace: traceFromMilp(o.p, o.values, { deliver: o.p.deliver }) };
    solutions.set(key, s);
  }
  return s;
}

const broken = (report: RuleReport) => report.violations.map((v) => `${v.rule}: ${v.message}`);

describe("the model rules accept the proved optima of dbft-2-4-5", () => {
  for (const deliver of DELIVERY_SETS)
    for (const preset of PRESET_NAMES)
      it(`${preset}, delivery ${deliver.join(",") || "none"}`, () => {
        const s = solved(preset, deliver);
        const report = checkModelRules(s.trace);
        expect(broken(report)).toEqual([]);
        expect(report).toMatchObject({ ok: true, rules: MODEL_RULES.length });
        expect(traceObjective(s.trace, s.p.objective)).toBeCloseTo(s.objective, 6);
        expect(modelObjective(s.trace, s.p.objective)).toBeCloseTo(s.objective, 6);
      });
});

// ---------------------------------------------------------------------------------------------------
// Corruptions of one accepted trace (P5 with every delivery property: two views, a block relayed by
// the honest nodes, ChangeViews, Commits).

type Edit = (events: TraceEvent[], t: Trace) => TraceEvent | null;

/** Copies the trace, edits its events, sorts them again; returns the trace and the index of the event `edit` names. */
function corrupt(t: Trace, edit: Edit, views = t.views): { trace: Trace; index: number | null } {
  const events = [...t.events];
  const marked = edit(events, t);
  events.sort(compareEvents);
  return { trace: { ...t, events, views }, index: marked === null ? null : events.indexOf(marked) };
}

const time = (t: Trace, view: number, step: number) => (view - 1) * t.tmax! + step;
const stepIn = (t: Trace, e: TraceEvent) => e.time - (e.view - 1) * t.tmax!;
function find<T extends TraceEvent["type"]>(events: readonly TraceEvent[], type: T, pred: (e: Extract<TraceEvent, { type: T }>) => boolean): Extract<TraceEvent, { type: T }> {
  const e = events.find((x) => x.type === type && pred(x as Extract<TraceEvent, { type: T }>));
  expect(e, `the base trace has the ${type} event a corruption needs`).toBeDefined();
  return e as Extract<TraceEvent, { type: T }>;
}
const remove = (events: TraceEvent[], e: TraceEvent) => events.splice(events.indexOf(e), 1);
const honestNode = (t: Trace, i: number) => i <= t.m;

interface Case {
  readonly what: string;
  readonly rule: string;
  readonly edit: Edit;
  readonly deliver?: readonly (1 | 2 | 3 | 4)[];
  readonly views?: (t: Trace) => Trace["views"];
  /** The rule's message must match. */
  readonly message?: RegExp;
}

const CASES: readonly Case[] = [
  {
    what: "a PrepareRequest received from a node that never sent it",
    rule: "prepReqReceived",
    message: /never sends PrepareRequest/,
    edit: (ev, t) => {
      const r = find(ev, "receive", (e) => e.message === "PrepareRequest" && e.from !== e.node);
      remove(ev, find(ev, "send", (e) => e.message === "PrepareRequest" && e.node === r.from && e.view === r.view));
      return ev.filter((e) => e.type === "receive" && e.message === "PrepareRequest" && e.from === r.from && e.view === r.view && e.node !== r.from).sort(compareEvents)[0]!;
    },
  },
  {
    what: "a Commit from another node received at the step it is sent",
    rule: "commitReceived",
    message: /arrives at least one step after it is sent/,
    edit: (ev) => {
      const r = find(ev, "receive", (e) => e.message === "Commit" && e.from !== e.node);
      const moved = { ...r, time: r.sentAt };
      ev.splice(ev.indexOf(r), 1, moved);
      return moved;
    },
  },
  {
    what: "an honest node sends Commit with fewer than M PrepareResponses",
    rule: "commitSentIfMPrepRespOptionally",
    message: /node \d sends Commit at step 2 of view 1 having received no PrepareResponses by then; it needs M = 3/,
    edit: (ev, t) => {
      const primary = t.views[0]!.primary;
      const i = primary === 1 ? 2 : 1;
      const send: TraceEvent = { type: "send", time: time(t, 1, 2), view: 1, node: i, message: "Commit", block: "v1" };
      ev.push(send, { type: "commit", time: send.time, view: 1, node: i, block: "v1" }, { type: "receive", time: send.time, view: 1, node: i, from: i, message: "Commit", sentAt: send.time, block: "v1" });
      return send;
    },
  },
  {
    what: "the primary sends a second PrepareRequest",
    rule: "prepReqOOIfPrimary",
    message: /for the 2nd time/,
    edit: (ev, t) => {
      const first = find(ev, "send", (e) => e.message === "PrepareRequest");
      const again = { ...first, time: time(t, first.view, t.tmax!) };
      ev.push(again);
      return again;
    },
  },
  {
    what: "a node that is not the primary sends a PrepareRequest",
    rule: "prepReqOOIfPrimary",
    message: /is not its primary/,
    edit: (ev, t) => {
      const i = t.views[0]!.primary === 1 ? 2 : 1;
      const send: TraceEvent = { type: "send", time: time(t, 1, 3), view: 1, node: i, message: "PrepareRequest", block: "v1" };
      ev.push(send);
      return send;
    },
  },
  {
    what: "an honest node sends ChangeView after its Commit in the same view",
    rule: "noCVIfCommit",
    message: /sends ChangeView at step \d of view \d, but it sent Commit at step \d of that view/,
    edit: (ev, t) => {
      const c = find(ev, "send", (e) => e.message === "Commit" && honestNode(t, e.node));
      const cv: TraceEvent = { type: "send", time: Math.min(c.time + 1, time(t, c.view, t.tmax!)), view: c.view, node: c.node, message: "ChangeView", newView: c.view + 1 };
      ev.push(cv);
      return cv;
    },
  },
  {
    what: "an honest node relays a block without M Commits",
    rule: "blockRelayOptionallyOnlyIfEnoughCommits",
    message: /relays the block at step 2 of view 1 having received no Commits by then; it needs M = 3/,
    edit: (ev, t) => {
      const relay: TraceEvent = { type: "relay", time: time(t, 1, 2), view: 1, node: 1, block: "v1", number: 9 };
      ev.push(relay);
      return relay;
    },
  },
  {
    what: "view 3 has a primary while view 2 has none",
    rule: "avoidJumpingViews",
    message: /view 3 has a primary \(node 3\) but views 1\.\.2 have 1 primary between them; it needs 2/,
    edit: (ev, t) => {
      for (const p of ev.filter((e) => e.type === "primary" && e.view >= 2)) remove(ev, p);
      const p: TraceEvent = { type: "primary", time: time(t, 3, 1), view: 3, node: 3 };
      ev.push(p);
      return p;
    },
  },
  {
    what: "two primaries in one view",
    rule: "singlePrimaryEveryView",
    message: /view 1 has 2 primaries/,
    edit: (ev, t) => {
      const other = t.views[0]!.primary === 1 ? 2 : 1;
      ev.push({ type: "primary", time: time(t, 1, 1), view: 1, node: other });
      // The later of the two in trace order (same time: by node).
      return ev.filter((e) => e.type === "primary" && e.view === 1).sort(compareEvents)[1]!;
    },
  },
  {
    what: "a node is primary of two views",
    rule: "primaryOO",
    edit: (ev, t) => {
      const p = find(ev, "primary", (e) => e.view === 1);
      for (const q of ev.filter((e) => e.type === "primary" && e.view === 2)) remove(ev, q);
      const again: TraceEvent = { type: "primary", time: time(t, 2, 1), view: 2, node: p.node };
      ev.push(again);
      return again;
    },
  },
  {
    what: "a ChangeView sent at step 1 (time zero)",
    rule: "initSendCV",
    message: /node 4 sends ChangeView at step 1 of view 1: nothing happens at time zero/,
    edit: (ev, t) => {
      const send: TraceEvent = { type: "send", time: time(t, 1, 1), view: 1, node: 4, message: "ChangeView", newView: 2 };
      ev.push(send);
      return send;
    },
  },
  {
    what: "a payload received twice from the same node",
    rule: "rcvdPrepResOO",
    message: /a second time/,
    edit: (ev, t) => {
      const r = find(ev, "receive", (e) => e.message === "PrepareResponse" && e.from !== e.node && stepIn(t, e) < t.tmax!);
      const again = { ...r, time: r.time + 1 };
      ev.push(again);
      return again;
    },
  },
  {
    what: "an honest node's own payload not received at its sending step",
    rule: "commitReceivedSS",
    message: /does not receive its own payload at that step/,
    edit: (ev) => {
      const self = find(ev, "receive", (e) => e.message === "Commit" && e.from === e.node);
      remove(ev, self);
      return find(ev, "send", (e) => e.message === "Commit" && e.node === self.node && e.view === self.view);
    },
  },
  {
    what: "a delivery-guaranteed Commit not received (property 3 on)",
    rule: "ensureDeliveryCommit",
    deliver: [1, 2, 3, 4],
    message: /but honest node \d never receives it \(delivery property 3\)/,
    edit: (ev, t) => {
      const r = find(ev, "receive", (e) => e.message === "Commit" && e.from !== e.node && honestNode(t, e.from) && honestNode(t, e.node));
      remove(ev, r);
      return find(ev, "send", (e) => e.message === "Commit" && e.node === r.from && e.view === r.view);
    },
  },
  {
    what: "an honest node commits in view 2 after committing in view 1",
    rule: "noCommitOldViewsYesCommit",
    edit: (ev, t) => {
      const c = find(ev, "send", (e) => e.message === "Commit" && honestNode(t, e.node) && e.view < t.n);
      const later: TraceEvent = { type: "send", time: time(t, c.view + 1, 3), view: c.view + 1, node: c.node, message: "Commit", block: `v${c.view + 1}` };
      ev.push(later, { type: "commit", time: later.time, view: later.view, node: later.node, block: `v${c.view + 1}` });
      return later;
    },
  },
  {
    what: "an honest node relays a second block",
    rule: "blockRelayLimitToOneForNonByz",
    edit: (ev, t) => {
      const r = find(ev, "relay", (e) => honestNode(t, e.node) && e.view < t.n);
      const again: TraceEvent = { ...r, time: time(t, r.view + 1, 3), view: r.view + 1, number: 99 };
      ev.push(again);
      return again;
    },
  },
  {
    what: "more than N relays in a view",
    rule: "blockRelayedCounterForced",
    message: /view 1 holds 5 relays at step 3, more than N = 4/,
    edit: (ev, t) => {
      const added = [1, 2, 3, 4, 1].map((node, k): TraceEvent => ({ type: "relay", time: time(t, 1, k < 4 ? 2 : 3), view: 1, node, block: "v1", number: 50 + k }));
      ev.push(...added);
      return added[4]!;
    },
  },
  {
    what: "the honest primary of view 2 never sends its PrepareRequest",
    rule: "assertSendPrepReqWithinSimLimit",
    message: /the primary of view 2, never sends its PrepareRequest/,
    edit: (ev, t) => {
      const p = find(ev, "primary", (e) => e.view === 2 && honestNode(t, e.node));
      for (const e of ev.filter((x) => (x.type === "send" || x.type === "receive") && x.message === "PrepareRequest" && x.view === 2)) remove(ev, e);
      return p;
    },
  },
  {
    what: "a change_view event missing although M ChangeViews arrived",
    rule: "calcChangeViewEveryNodeAndView",
    message: /receives its 3rd ChangeView of view 1 at step \d \(CV# = \d\), but the trace has no change_view/,
    edit: (ev, t) => {
      const cv = find(ev, "change_view", (e) => e.view === 1);
      remove(ev, cv);
      return ev.filter((e) => e.type === "receive" && e.message === "ChangeView" && e.node === cv.node && e.view === 1).sort(compareEvents)[t.m - 1]!;
    },
  },
  {
    what: "trace.views disagrees with the primary events",
    rule: "calcTotalPrimaries",
    views: (t) => t.views.map((v) => (v.view === 1 ? { ...v, primary: v.primary === 1 ? 2 : 1 } : v)),
    edit: (ev) => find(ev, "primary", (e) => e.view === 1),
  },
  {
    what: "a receipt whose sentAt is not the sender's send time",
    rule: "milpTraceShape",
    message: /with sentAt/,
    edit: (ev) => {
      const r = find(ev, "receive", (e) => e.from !== e.node);
      const wrong = { ...r, sentAt: r.sentAt + 100 };
      ev.splice(ev.indexOf(r), 1, wrong);
      return wrong;
    },
  },
];

describe("the model rules reject corrupted traces with the right rule and event", () => {
  it(
    "every corruption is named by its rule, at the right event",
    () => {
      const base = solved("P5", [1, 2, 3, 4]).trace;
      expect(checkModelRules(base).ok).toBe(true);
      const rules = new Set<string>();
      for (const c of CASES) {
        const { trace, index } = corrupt(base, c.edit, c.views?.(base));
        const report = checkModelRules(trace, c.deliver ? { deliver: c.deliver } : {});
        const v = report.violations.find((x) => x.rule === c.rule);
        expect(v, `${c.what}: expected ${c.rule}, got ${JSON.stringify(broken(report), null, 1)}`).toBeDefined();
        expect(v!.index, `${c.what}: ${v!.message}`).toBe(index);
        expect(v!.event).toBe(index === null ? null : trace.events[index]);
        if (c.message) expect(v!.message, c.what).toMatch(c.message);
        rules.add(c.rule);
      }
      expect(rules.size).toBeGreaterThanOrEqual(8);
    },
  );

  it(
    "a delivery rule is active only when its property is asked for (options first, then trace.meta.deliver)",
    () => {
      const base = solved("P5", [1, 2, 3, 4]).trace;
      const { trace } = corrupt(base, CASES.find((c) => c.rule === "ensureDeliveryCommit")!.edit);
      const names = (r: RuleReport) => r.violations.map((v) => v.rule);
      expect(names(checkModelRules(trace))).toContain("ensureDeliveryCommit"); // from meta
      expect(names(checkModelRules(trace, { deliver: [] }))).not.toContain("ensureDeliveryCommit");
      expect(names(checkModelRules(trace, { deliver: [1, 2, 4] }))).not.toContain("ensureDeliveryCommit");
      expect(names(checkModelRules({ ...trace, meta: {} }))).not.toContain("ensureDeliveryCommit");
      expect(names(checkModelRules({ ...trace, meta: {} }, { deliver: [3] }))).toContain("ensureDeliveryCommit");
    },
  );
});

// ---------------------------------------------------------------------------------------------------
// Differential check: flip variables of an optimum, decode, and compare the families whose rows break
// (evaluated on the model) with the rules that break (read from the trace). The auxiliary variables are
// recomputed from the flipped ones so that only families 1–27 and delivery can break.

function brokenFamilies(model: Model, values: ArrayLike<number>): Set<string> {
  const out = new Set<string>();
  for (let row = 0; row < model.numRows; row++) {
    let a = 0;
    for (let k = model.rowStart[row]!; k < model.rowStart[row + 1]!; k++) a += model.rowCoef[k]! * values[model.rowCol[k]!]!;
    const rhs = model.rowRhs[row]!;
    const sense = model.rowSenseOf(row);
    if (sense === "<=" ? a > rhs + 1e-9 : sense === ">=" ? a < rhs - 1e-9 : Math.abs(a - rhs) > 1e-9) out.add(model.constraints[model.rowFamily[row]!]!.name);
  }
  return out;
}

function differential(s: Solved, trials: number, seed: number): { compared: number; families: Set<string> } {
  const { sets: S, vars: x } = dbftLayout(s.p);
  const eventCols: number[] = [];
  for (const fam of [x.primary, ...Object.values(x.send), x.blockRelay, ...Object.values(x.recv)]) for (let c = fam.base; c < fam.base + fam.size; c++) eventCols.push(c);
  const repair = (v: Float64Array) => {
    let blocks = 0;
    let rounds = 0;
    let sent = 0;
    let rcvd = 0;
    let last = 0;
    for (let view = 1; view <= S.N; view++) {
      let relays = 0;
      for (let t = 1; t <= S.tmax; t++)
        for (let i = 1; i <= S.N; i++)
          if (v[x.blockRelay.col(t, i, view)]! > 0.5) {
            if (t >= 2) relays++;
            last = Math.max(last, (view - 1) * S.tmax + t);
          }
      v[x.blockRelayed.col(view)] = relays > 0 ? 1 : 0;
      blocks += relays > 0 ? 1 : 0;
      for (let i = 1; i <= S.N; i++) {
        rounds += v[x.primary.col(i, view)]!;
        let cv = 0;
        for (let t = 1; t <= S.tmax; t++) for (let j = 1; j <= S.N; j++) cv += v[x.recv.ChangeView.col(t, i, j, view)]!;
        v[x.cvCount.col(i, view)] = cv;
        for (const k of MESSAGE_KINDS)
          for (let t = 1; t <= S.tmax; t++) {
            sent += v[x.send[k].col(t, i, view)]!;
            for (let j = 1; j <= S.N; j++) rcvd += v[x.recv[k].col(t, i, j, view)]!;
          }
      }
    }
    v[x.totalBlockRelayed] = blocks;
    v[x.numberOfRounds] = rounds;
    v[x.lastRelayedBlock] = last;
    v[x.totalNumberSendMsg] = sent;
    v[x.totalNumberRcvdMsg] = rcvd;
    v[x.totalNumberMsgs] = sent + rcvd;
  };
  const rnd = mulberry32(seed);
  const start = Float64Array.from(s.values, (z) => Math.round(z));
  repair(start);
  expect([...brokenFamilies(s.model, start)]).toEqual([]);
  const families = new Set<string>();
  let compared = 0;
  for (let trial = 0; trial < trials; trial++) {
    const v = Float64Array.from(start);
    for (let flips = 1 + Math.floor(rnd() * 3); flips > 0; flips--) {
      const ones = eventCols.filter((c) => v[c]! > 0.5);
      const c = rnd() < 0.5 ? ones[Math.floor(rnd() * ones.length)]! : eventCols[Math.floor(rnd() * eventCols.length)]!;
      v[c] = 1 - v[c]!;
    }
    // A trace holds one primary per view (the decoder keeps one): such vectors cannot be compared.
    let twoPrimaries = false;
    for (let view = 1; view <= S.N; view++) {
      let p = 0;
      for (let i = 1; i <= S.N; i++) p += v[x.primary.col(i, view)]!;
      if (p > 1) twoPrimaries = true;
    }
    if (twoPrimaries) continue;
    repair(v);
    const want = [...brokenFamilies(s.model, v)].sort();
    const report = checkModelRules(traceFromMilp(s.p, v, { deliver: s.p.deliver }));
    const got = report.violations.map((r) => r.rule).sort();
    expect(got, `trial ${trial}: ${JSON.stringify(broken(report), null, 1)}`).toEqual(want);
    for (const f of want) families.add(f);
    compared++;
  }
  return { compared, families };
}

describe("the rules break exactly where the model's rows break (random flips of an optimum)", () => {
  it(
    "P5 with every delivery property and P1 without: same families broken, over 3000 flipped solutions",
    () => {
      const a = differential(solved("P5", [1, 2, 3, 4]), 1500, 20_250_611);
      const b = differential(solved("P1", []), 1500, 7);
      expect(a.compared + b.compared).toBeGreaterThan(2900);
      // Nearly every family of 1–27 and the four delivery properties gets broken somewhere.
      expect(new Set([...a.families, ...b.families]).size).toBeGreaterThanOrEqual(60);
    },
  );
});

describe("checkModelRules", () => {
  it("names one rule per (sub-)family of the spec, each once", () => {
    const names = MODEL_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(72);
    for (const name of ["initSendPrepReq", "initBlockRelay", "initRecvPrepResp", "consensusShouldStart", "avoidJumpingViews", "prepReqOOIfPrimary", "blockRelayOO", "cvReceivedSS", "prepRespReceived", "rcvdCVOO", "blockRelayedOnlyIfNodeRelay", "noCVIfCommit", "noCommitOldViewsYesCV", "calcChangeViewEveryNodeAndView", "ensureDeliveryCV", "milpTraceShape"]) expect(names).toContain(name);
    for (const r of MODEL_RULES) expect(r.description.length, r.name).toBeGreaterThan(20);
  });

  it("refuses traces that are not MILP traces, and unknown delivery properties", () => {
    const t = traceFromMilp({ n: 4, tmax: 3 }, new Float64Array(dbftLayout({ n: 4, tmax: 3 }).vars.cvCount.base + 16));
    expect(() => checkModelRules({ ...t, source: "simulator" })).toThrow(InputError);
    expect(() => checkModelRules({ ...t, source: "simulator" })).toThrow(/MILP traces only; this trace's source is "simulator"/);
    expect(() => checkModelRules({ ...t, tmax: null })).toThrow(/tmax is null/);
    expect(() => checkModelRules({ ...t, meta: { deliver: [5] } })).toThrow(/unknown delivery property 5/);
    // An all-zero vector: no primary in view 1, so consensus never starts, and no honest node leaves view 1.
    const report = checkModelRules(t);
    expect(report.violations.map((v) => [v.rule, v.index, v.message])).toEqual([
      ["consensusShouldStart", null, "view 1 has no primary: consensus must start with exactly one"],
      ["assertSendCVIfNotSendCommitV1", null, "honest node 1 sends neither ChangeView nor Commit in view 1"],
    ]);
  });
});
