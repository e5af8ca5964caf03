import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftLayout, dbftParams } from "../../../formulations/dbft2/index.js";
import { highsSolver } from "../../../solvers/highs.js";
import { traceFromMilp } from "../../../verify/dbft/milp-trace.js";
import { formatTimeline } from "../../../verify/dbft/timeline.js";
import { parseTrace, traceCounts, traceObjective } from "../../../verify/dbft/trace.js";

describe("decoding a solution vector into a trace", () => {
  const p = { n: 4, tmax: 4 };
  const { vars: x } = dbftLayout(p);
  const values = new Float64Array(x.cvCount.base + x.cvCount.size);
  const set = (col: number, v = 1) => (values[col] = v);
  // View 1: node 2 leads; its PrepareRequest reaches node 1 at step 3; node 3 relays at step 4.
  set(x.primary.col(2, 1));
  set(x.send.PrepareRequest.col(2, 2, 1));
  set(x.recv.PrepareRequest.col(2, 2, 2, 1));
  set(x.recv.PrepareRequest.col(3, 1, 2, 1));
  set(x.send.ChangeView.col(3, 4, 1));
  set(x.send.Commit.col(4, 1, 1));
  set(x.blockRelay.col(4, 3, 1));
  set(x.blockRelayed.col(1));
  set(x.cvCount.col(2, 1), 2.9999999); // M = 3 ChangeViews (solver noise rounds): node 2 moves to view 2
  set(x.cvCount.col(1, 1), 3); // node 1 too, but it committed in view 1: the commit lock keeps it there
  const t = traceFromMilp(p, values, { note: "hand-made" });

  it("reads primaries, sends, every receipt, commits, numbered relays and implied view changes (not for a committed honest node), in time order", () => {
    expect(t).toMatchObject({ format: "byzopt.trace/1", source: "milp", n: 4, f: 1, m: 3, tmax: 4, roles: ["honest", "honest", "honest", "byzantine"], meta: { note: "hand-made" } });
    expect(t.views.map((v) => v.primary)).toEqual([2, null, null, null]);
    expect(t.events).toEqual([
      { type: "primary", time: 1, view: 1, node: 2 },
      { type: "receive", time: 2, view: 1, node: 2, from: 2, message: "PrepareRequest", sentAt: 2, block: "v1" },
      { type: "send", time: 2, view: 1, node: 2, message: "PrepareRequest", block: "v1" },
      { type: "receive", time: 3, view: 1, node: 1, from: 2, message: "PrepareRequest", sentAt: 2, block: "v1" },
      { type: "send", time: 3, view: 1, node: 4, message: "ChangeView", newView: 2 },
      { type: "send", time: 4, view: 1, node: 1, message: "Commit", block: "v1" },
      { type: "commit", time: 4, view: 1, node: 1, block: "v1" },
      { type: "relay", time: 4, view: 1, node: 3, block: "v1", number: 1 },
      { type: "change_view", time: 4, view: 1, node: 2, newView: 2 },
    ]);
  });

  it("counts what the objective weighs and recomputes it", () => {
    expect(traceCounts(t)).toEqual({ blocks: 1, rounds: 1, messagesSent: 3, messagesReceived: 2, honestBlocks: ["v1"] });
    expect(traceObjective(t, { w1: 1000, w2: 100, w3: 0 })).toBe(1100);
    expect(traceObjective(t, { w1: 1000, w2: -100, w3: -1 })).toBe(1000 - 100 - 5);
  });

  it("prints a timeline a person can follow", () => {
    expect(formatTimeline(t)).toBe(
      [
        "N=4 (f=1, quorum M=3), tmax=4 steps per view; honest nodes 1, 2, 3; Byzantine node 4",
        "blocks relayed: 1   views started: 1   messages sent: 3, received: 2",
        "",
        "View 1: primary node 2, block relayed",
        "  t=2  node 2 sends PrepareRequest",
        "  t=3  node 1 receives PrepareRequest from node 2",
        "       node 4 (Byzantine) sends ChangeView  (no other node receives it)",
        "  t=4  node 1 sends Commit  (no other node receives it)",
        "       node 3 RELAYS BLOCK #1",
        "",
      ].join("\n"),
    );
  });

  it("survives a JSON round trip and the trace parser", () => {
    expect(parseTrace(JSON.parse(JSON.stringify(t)))).toEqual(t);
    expect(() => parseTrace({ ...t, format: "x" })).toThrow(/format must be "byzopt.trace\/1"/);
    expect(() => parseTrace({ ...t, events: [{ type: "send", time: 1, view: 1, node: 9, message: "Commit" }] })).toThrow(/events\[0\]\.node 9 is not a node of N=4/);
    expect(() => parseTrace({ ...t, events: [{ type: "gossip", time: 1, view: 1, node: 1 }] })).toThrow(/events\[0\]\.type must be one of "primary", .* \(got "gossip"\)/);
  });
});

describe("a solver's answer decodes to a consistent trace", () => {
  it("every receipt follows a send of the same payload, in the same view, at the same step (own) or later", async () => {
    const p = dbftParams({ n: 4, tmax: 5, objective: "P3" });
    const r = await highsSolver.solve(buildDbftModel(p).model);
    const t = traceFromMilp(p, r.values!);
    expect(traceObjective(t, p.objective)).toBe(r.objective);
    for (const e of t.events) {
      if (e.type !== "receive") continue;
      const send = t.events.find((s) => s.type === "send" && s.node === e.from && s.view === e.view && s.message === e.message);
      expect(send, JSON.stringify(e)).toBeDefined();
      expect(e.sentAt).toBe(send!.time);
      if (e.from === e.node) expect(e.time).toBe(send!.time);
      else expect(send!.time).toBeLessThan(e.time);
    }
  });
});
