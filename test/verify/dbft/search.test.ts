import { describe, expect, it } from "vitest";
import { checkInvariants } from "../../../verify/dbft/invariants.js";
import { checkProtocolRules } from "../../../verify/dbft/rules/protocol-rules.js";
import { replayCounterexample, counterexampleFile } from "../../../verify/dbft/counterexample.js";
import { type PropertyName, search, type SearchConfig } from "../../../verify/dbft/search.js";

import { config, safetyHoldsWithinF } from "../../helpers/search.js";

// Safety with at most F faulty nodes: 20,000 random executions each here, 100,000 in `make test-long`.
safetyHoldsWithinF(20_000);

/** Finds, shrinks and replays a counterexample; checks the saved form replays to the same violation. */
function findAndReplay(c: SearchConfig, property: PropertyName) {
  const r = search({ config: c, properties: [property], runs: 100_000, seed: 42 });
  expect(r.verdict).toBe("violated");
  const cx = r.counterexample!;
  expect(cx.property).toBe(property);
  expect(r.fastCheck).toBeDefined();
  expect(cx.schedule.delays.length).toBeLessThanOrEqual(cx.foundDelays);
  const saved = JSON.parse(JSON.stringify(counterexampleFile(c, 42, r, cx, "x.trace.json")));
  const again = replayCounterexample(saved);
  expect(again.violation).toBe(cx.violation);
  expect(JSON.stringify(again.result.trace)).toBe(JSON.stringify(cx.result.trace));
  return { r, cx };
}

describe("the search finds the known flaws, shrinks them and replays them", () => {
  it("a fork at N=4 with F+1 = 2 Byzantine nodes, within the 100,000 runs", () => {
    const { cx } = findAndReplay(config({ n: 4, byzantine: [3, 4] }), "safety");
    const honestBlocks = cx.result.blocks.slice(0, 2);
    expect(new Set(honestBlocks).size).toBe(2);
    expect(checkInvariants(cx.result.trace!).violations.map((v) => v.rule)).toContain("noFork");
    // The honest nodes broke no rule: the Byzantine ones did it.
    expect(checkProtocolRules(cx.result.trace!).ok).toBe(true);
  });

  it("a liveness lock at N=4 with one dead node (recovery modelled): two view-changing nodes and one committed", () => {
    const { cx } = findAndReplay(config({ n: 4, dead: [4] }), "liveness");
    expect(cx.result.outcome).toBe("locked");
    expect(cx.result.blocks).toEqual([null, null, null, null]);
    const t = cx.result.trace!;
    const committed = new Set(t.events.filter((e) => e.type === "commit").map((e) => e.node));
    expect(committed.size).toBeGreaterThanOrEqual(1);
    expect(committed.size).toBeLessThan(3);
    expect(checkInvariants(t).violations.map((v) => v.rule)).toEqual(["noLivenessLock"]);
    expect(checkProtocolRules(t).ok).toBe(true);
  });

  it("a liveness lock at N=4 with four honest nodes when recovery is left out; none with it in 20,000 runs", () => {
    const { cx } = findAndReplay(config({ n: 4, recovery: false }), "liveness");
    expect(cx.result.outcome).toBe("locked");
    expect(search({ config: config({ n: 4 }), properties: ["liveness"], runs: 20_000, seed: 42 }).verdict).toBe("holds");
  });

  it("at N=7 the same happens: a lock with one dead node, and without recovery one with no fault", () => {
    expect(findAndReplay(config({ n: 7, dead: [7] }), "liveness").cx.result.outcome).toBe("locked");
    expect(findAndReplay(config({ n: 7, recovery: false }), "liveness").cx.result.outcome).toBe("locked");
  });

  it("is deterministic: the same options find and shrink the same counterexample", () => {
    const c = config({ n: 4, byzantine: [3, 4] });
    const a = search({ config: c, properties: ["safety"], runs: 100_000, seed: 7 });
    const b = search({ config: c, properties: ["safety"], runs: 100_000, seed: 7 });
    expect(b.counterexample!.schedule).toEqual(a.counterexample!.schedule);
    expect(b.fastCheck).toEqual(a.fastCheck);
  });
});
