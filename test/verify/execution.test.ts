import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftLayout, dbftParams } from "../../formulations/dbft2/index.js";
import { highsSolver } from "../../solvers/highs.js";
import { decodeExecution, executionObjective } from "../../verify/execution.js";
import { formatTimeline } from "../../verify/timeline.js";

describe("decoding a solution vector", () => {
  const p = { n: 4, tmax: 4 };
  const { vars: x, sets } = dbftLayout(p);
  const values = new Float64Array(x.cvCount.base + x.cvCount.size);
  const set = (col: number, v = 1) => (values[col] = v);
  // View 1: node 2 leads; its PrepareRequest reaches node 1 at step 3; node 3 relays at step 4.
  set(x.primary.col(2, 1));
  set(x.send.PrepareRequest.col(2, 2, 1));
  set(x.recv.PrepareRequest.col(2, 2, 2, 1));
  set(x.recv.PrepareRequest.col(3, 1, 2, 1));
  set(x.send.ChangeView.col(3, 4, 1));
  set(x.blockRelay.col(4, 3, 1));
  set(x.blockRelayed.col(1));
  set(x.cvCount.col(1, 1), 0.9999999); // solver noise rounds
  const e = decodeExecution(p, values);

  it("reads primaries, sends, receipts (not self-receipts) and numbered relays", () => {
    expect(e.views.map((v) => v.primary)).toEqual([2, null, null, null]);
    expect(e.blocks).toBe(1);
    expect(e.rounds).toBe(1);
    expect(e.messagesSent).toBe(2);
    expect(e.messagesReceived).toBe(2);
    expect(e.views[0]!.changeViewsReceived).toEqual([1, 0, 0, 0]);
    expect(e.roles).toEqual(["honest", "honest", "honest", "byzantine"]);
    expect(e.events).toEqual([
      { type: "send", view: 1, time: 2, node: 2, message: "PrepareRequest", receivedByOthers: 1 },
      { type: "send", view: 1, time: 3, node: 4, message: "ChangeView", receivedByOthers: 0 },
      { type: "receive", view: 1, time: 3, node: 1, from: 2, message: "PrepareRequest" },
      { type: "relay", view: 1, time: 4, node: 3, block: 1 },
    ]);
    expect(sets.M).toBe(3);
  });

  it("recomputes the objective from the execution", () => {
    expect(executionObjective(e, { w1: 1000, w2: 100, w3: 0 })).toBe(1100);
    expect(executionObjective(e, { w1: 1000, w2: -100, w3: -1 })).toBe(1000 - 100 - 4);
  });

  it("prints a timeline a person can follow", () => {
    expect(formatTimeline(e)).toBe(
      [
        "N=4 (f=1, quorum M=3), tmax=4 steps per view; honest nodes 1..3, Byzantine node 4",
        "blocks relayed: 1   views started: 1   messages sent: 2, received: 2",
        "",
        "View 1: primary node 2, block relayed",
        "  t=2  node 2 sends PrepareRequest",
        "  t=3  node 4 (Byzantine) sends ChangeView  (no other node receives it)",
        "       node 1 receives PrepareRequest from node 2",
        "  t=4  node 3 RELAYS BLOCK #1",
        "",
      ].join("\n"),
    );
  });
});

describe("a solver's answer decodes to a consistent execution", () => {
  it("every receipt follows a send of the same payload, in the same view, at least a step earlier", async () => {
    const p = dbftParams({ n: 4, tmax: 5, objective: "P3" });
    const r = await highsSolver.solve(buildDbftModel(p).model);
    const e = decodeExecution(p, r.values!);
    expect(executionObjective(e, p.objective)).toBe(r.objective);
    for (const ev of e.events) {
      if (ev.type !== "receive") continue;
      const send = e.events.find((s) => s.type === "send" && s.node === ev.from && s.view === ev.view && s.message === ev.message);
      expect(send, JSON.stringify(ev)).toBeDefined();
      expect(send!.time).toBeLessThan(ev.time);
    }
  });
});
