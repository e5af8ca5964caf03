import { describe, expect, it } from "vitest";
import { checkInvariants } from "../../../verify/dbft/invariants.js";
import { checkProtocolRules } from "../../../verify/dbft/rules/protocol-rules.js";
import { RandomAdversary, RecordingAdversary, ScheduleAdversary, EMPTY_SCHEDULE } from "../../../verify/dbft/sim/adversary.js";
import { runSeed } from "../../../verify/shared/prng.js";
import { DbftSimulator, planShape, type SimConfig } from "../../../verify/dbft/sim/simulator.js";

const base: SimConfig = { n: 4, byzantine: [], dead: [], height: 1, maxViews: 6, blockTime: 30, maxDelay: 60, eventualDelivery: true, record: true };
const random = (c: SimConfig, seed: number) => new RandomAdversary(seed, planShape(c), { maxDelay: c.maxDelay, dropRate: 0, withholdRate: 0.4 });

describe("the dBFT 2.0 simulator", () => {
  it("on a perfect network every node relays the view-1 block; the primary rotates with the height", () => {
    for (const height of [0, 1, 2, 3]) {
      const r = new DbftSimulator({ ...base, height }).run(new ScheduleAdversary(planShape(base), EMPTY_SCHEDULE));
      expect(r.outcome).toBe("decided");
      expect(r.blocks).toEqual(["v1", "v1", "v1", "v1"]);
      const primary = r.trace!.events.find((e) => e.type === "primary")!;
      expect(primary).toMatchObject({ view: 1, node: (height % 4) + 1, time: 0 });
      expect(r.trace!.events.filter((e) => e.type === "commit")).toHaveLength(4);
    }
  });

  it("replays exactly: from its seed, and from the schedule written down while it ran", () => {
    const c = { ...base, byzantine: [4] };
    const a = new DbftSimulator(c).run(random(c, 99));
    const b = new DbftSimulator(c).run(random(c, 99));
    expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
    const source = random(c, 99);
    const recorder = new RecordingAdversary(source, source.plan);
    new DbftSimulator({ ...c, record: false }).run(recorder);
    const replayed = new DbftSimulator(c).run(new ScheduleAdversary(planShape(c), recorder.schedule()));
    expect(JSON.stringify(replayed.trace)).toBe(JSON.stringify(a.trace));
    expect(new DbftSimulator(c).run(random(c, 100)).trace).not.toEqual(a.trace);
  });

  it("dead nodes never act; Byzantine and dead nodes are marked in the trace", () => {
    const c = { ...base, byzantine: [4], dead: [3] };
    const r = new DbftSimulator(c).run(random(c, 5));
    expect(r.trace!.roles).toEqual(["honest", "honest", "dead", "byzantine"]);
    expect(r.trace!.events.some((e) => e.node === 3)).toBe(false);
  });

  for (const [label, c] of [
    ["N=4, no faults", base],
    ["N=4, one Byzantine", { ...base, byzantine: [4] }],
    ["N=4, one dead", { ...base, dead: [4] }],
    ["N=7, two Byzantine", { ...base, n: 7, byzantine: [6, 7] }],
    ["N=7, two dead, recovery off", { ...base, n: 7, dead: [6, 7], recovery: false }],
  ] as [string, SimConfig][]) {
    it(`${label}: honest nodes keep the protocol rules and the quorum and lock invariants in 200 random runs`, () => {
      const outcomes = new Set<string>();
      for (let k = 0; k < 200; k++) {
        const cfg = { ...c, height: k % c.n };
        const r = new DbftSimulator(cfg).run(random(cfg, runSeed(11, k)));
        outcomes.add(r.outcome);
        const protocol = checkProtocolRules(r.trace!);
        expect(protocol.violations, `run ${k}`).toEqual([]);
        const invariants = checkInvariants(r.trace!).violations.filter((v) => v.rule !== "noLivenessLock" && v.rule !== "noFork");
        expect(invariants, `run ${k}`).toEqual([]);
        expect(r.fork).toBe(false);
      }
      expect(outcomes.has("decided")).toBe(true);
    });
  }

  it("a run without recovery can lock where the same run with recovery decides", () => {
    let differs = 0;
    for (let k = 0; k < 300; k++) {
      const withRecovery = new DbftSimulator({ ...base, record: false }).run(random(base, runSeed(5, k)));
      const without = new DbftSimulator({ ...base, record: false, recovery: false }).run(random(base, runSeed(5, k)));
      expect(withRecovery.outcome).not.toBe("locked");
      if (without.outcome === "locked") differs++;
    }
    expect(differs).toBeGreaterThan(10);
  });
});
