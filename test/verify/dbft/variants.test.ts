import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StateCodec } from "../../../formulations/dbft2/variants/codec.js";
import { classify, nodeText, normalise, stepSpellings, stepText } from "../../../formulations/dbft2/variants/describe.js";
import { Machine, type Step } from "../../../formulations/dbft2/variants/machine.js";
import { PREQ, PROTOCOLS, type VariantConfig } from "../../../formulations/dbft2/variants/types.js";
import { explore, replayWitness } from "../../../verify/dbft/explore/explorer.js";
import { parseSchedule, replaySchedule } from "../../../verify/dbft/variants/schedule.js";
import { searchWalks } from "../../../verify/dbft/variants/walk.js";
import { Prng } from "../../../verify/shared/prng.js";

const runs = new Map<string, ReturnType<typeof explore>>();
/** explore(), once per options in this file (several tests read the same complete runs). */
function explored(o: Parameters<typeof explore>[0]): ReturnType<typeof explore> {
  const key = JSON.stringify(o);
  if (!runs.has(key)) runs.set(key, explore(o));
  return runs.get(key)!;
}

const base = (c: Partial<VariantConfig> = {}): VariantConfig => ({ protocol: "dbft2.0", n: 4, maxView: 1, dead: [], faulty: [], pool: "shared", commitCount: "any", ...c });

describe("the explorer reproduces the spec's complete counts of dBFT 2.0 at N=4, MaxView 1 (no symmetry, as TLC counts)", () => {
  it("all good: 103,419 states, depth 27, no lock, 904 cut", () => {
    const r = explored({ config: base(), symmetry: false });
    expect(r).toMatchObject({ complete: true, states: 103_419, depth: 26, forks: 0, locks: 0, cuts: 904, keys: "exact" });
  });

  it("RMDead {0}: 167,048 states and 854 lock states; the shortest lock is one dead, one committed, two view changing (S1's shape)", () => {
    const r = explored({ config: base({ dead: [0] }), symmetry: false });
    expect(r).toMatchObject({ complete: true, states: 167_048, forks: 0, locks: 854 });
    const m = new Machine(r.config);
    const w = r.firstLock!;
    expect(w.steps.length).toBe(7);
    expect(replayWitness(m, w).nodes.slice().sort()).toEqual(["commitSent@0", "cv@0", "cv@0", "dead@0"]);
    expect(classify(m, replayWitness(m, w).state).kind).toBe("lock");
  });

  it("with symmetry the classes are the same and the state count falls at most by the group's size", () => {
    for (const config of [base(), base({ dead: [0] }), base({ protocol: "cv3", maxView: 0, faulty: [0] }), base({ protocol: "antimev", maxView: 0, dead: [2] }), base({ protocol: "ccv", maxView: 0 })]) {
      const plain = explored({ config, symmetry: false });
      const sym = explored({ config, symmetry: true });
      expect(sym.groupSize, JSON.stringify(config)).toBeGreaterThan(1);
      expect(sym.states).toBeLessThan(plain.states);
      expect(sym.states * sym.groupSize).toBeGreaterThanOrEqual(plain.states);
      expect([sym.forks > 0, sym.locks > 0, sym.cuts > 0]).toEqual([plain.forks > 0, plain.locks > 0, plain.cuts > 0]);
      expect(sym.depth).toBe(plain.depth);
    }
  });

  it("the 2.0 lock is absent from cv3 and present in antimev with a dead node (MaxView 0)", () => {
    expect(explore({ config: base({ protocol: "antimev", maxView: 0, dead: [0] }) }).locks).toBeGreaterThan(0);
    const cv3 = explore({ config: base({ protocol: "cv3", maxView: 0, dead: [0] }) });
    expect(cv3).toMatchObject({ complete: true, locks: 0, forks: 0 });
  });

  it("a Byzantine ChangeView3 locks cv3 at MaxView 0: the shortest lock takes 6 steps", () => {
    const r = explore({ config: base({ protocol: "cv3", maxView: 0, faulty: [0] }) });
    expect(r.complete).toBe(true);
    const m = new Machine(r.config);
    const steps = r.firstLock!.steps.map((s) => stepText(m, s));
    expect(steps.slice().sort()).toEqual(["n0 CV3", "n0 PReq", "n0 turns bad", "n1 PResp", "n2 PResp", "n3 PResp"]);
    expect(steps.at(-1)).toBe("n0 CV3");
    expect(replayWitness(m, r.firstLock!).nodes).toEqual(["bad@0", "prepareSent@0", "prepareSent@0", "prepareSent@0"]);
  });

  it("stops cleanly at a memory cap or a state limit and says it is incomplete", () => {
    const byStates = explore({ config: base({ dead: [0] }), maxStates: 5000 });
    expect(byStates).toMatchObject({ complete: false, stoppedBy: "states" });
    expect(byStates.states).toBeGreaterThanOrEqual(5000);
    const byMemory = explore({ config: base({ dead: [0] }), symmetry: false, memoryCap: 4.5 * 2 ** 20 });
    expect(byMemory).toMatchObject({ complete: false, stoppedBy: "memory" });
    expect(byMemory.bytes).toBeLessThanOrEqual(4.5 * 2 ** 20);
    expect(byMemory.states).toBeGreaterThan(40_000);
  });

  it("hash-compacted keys (wide states) reach the same counts as exact keys", () => {
    const exact = explored({ config: base({ dead: [0] }), symmetry: false });
    const hashed = explore({ config: base({ dead: [0] }), symmetry: false, hashKeys: true });
    expect(hashed.keys).toBe("hashed");
    expect([hashed.states, hashed.transitions, hashed.locks, hashed.cuts, hashed.depth]).toEqual([exact.states, exact.transitions, exact.locks, exact.cuts, exact.depth]);
    expect(hashed.firstLock!.steps).toEqual(exact.firstLock!.steps);
    const ccv = explored({ config: base({ protocol: "ccv", maxView: 0 }), symmetry: false });
    expect(ccv).toMatchObject({ keys: "hashed", complete: true, states: 3296, forks: 0, locks: 0 });
  });
});

describe("packing a state is lossless, and canonical forms are shared by renamed states", () => {
  it("random walks of every protocol pack and unpack to the same state", () => {
    for (const protocol of PROTOCOLS) {
      for (const pool of ["shared", "local"] as const) {
        if (protocol === "multipool" && pool === "shared") continue;
        const m = new Machine(base({ protocol, pool, maxView: 2, faulty: [3] }));
        const codec = new StateCodec(m, true);
        const rng = new Prng(7);
        const words = new Uint32Array(codec.words);
        let s = m.initial();
        const steps: Step[] = [];
        for (let k = 0; k < 60; k++) {
          codec.pack(s, words, 0);
          expect(codec.unpack(words, 0)).toEqual(s);
          m.steps(s, steps);
          const ok = steps.filter((st) => m.withinBounds(m.apply(s, st)));
          if (ok.length === 0) break;
          s = m.apply(s, ok[rng.int(ok.length)]!);
        }
      }
    }
  });
});

const SCENARIOS = join("instances", "dbft-scenarios");

describe("the scenario schedules S1-S5 replay as the spec states, under every setting they name", () => {
  for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith(".json"))) {
    it(file, () => {
      const path = join(SCENARIOS, file);
      const schedule = parseSchedule(JSON.parse(readFileSync(path, "utf8")), path);
      expect(replaySchedule(schedule).reproduced, replaySchedule(schedule).mismatch ?? "").toBe(true);
      for (const e of schedule.expect) {
        if (!e.when) continue;
        const r = replaySchedule(schedule, e.when);
        if (r.expectation !== e) continue; // an earlier expectation covers these settings
        expect(r.reproduced, `${JSON.stringify(e.when)}: ${r.mismatch}`).toBe(true);
      }
    });
  }

  it("a schedule that does not hold under other settings is reported, not passed", () => {
    const path = join(SCENARIOS, "S2-four-good-nodes.json");
    const schedule = parseSchedule(JSON.parse(readFileSync(path, "utf8")), path);
    const wrong = { ...schedule, expect: [{ outcome: "lock" as const }] };
    const r = replaySchedule(wrong, { commitCount: "any" });
    expect(r.reproduced).toBe(false);
    expect(r.mismatch).toBe("the run ends open, expected lock");
  });
});

describe("ccv's CHOOSE of a PrepareRequest", () => {
  const steps = ["n0 PReq", "n1 PResp", "n2 PResp", "n0 CV2", "n1 CV2", "n2 CV2", "n1 DoCV2", "n0 follows DoCV2", "n0 PResp", "n2 follows DoCV2", "n2 PResp", "n0 Commit", "n1 Commit", "n2 Commit", "n0 accepts", "n1 turns bad", "n1 PReq", "n2 accepts"];
  const run = (m: Machine) => {
    let s = m.initial();
    const all: Step[] = [];
    for (const text of steps) {
      m.steps(s, all);
      const step = all.find((x) => stepSpellings(m, x).includes(normalise(text)));
      expect(step, text).toBeDefined();
      s = m.apply(s, step!);
    }
    return Array.from({ length: m.n }, (_, r) => nodeText(m, s, r));
  };

  it("takes the smallest source view whatever order the messages were first seen in: a bad primary's second proposal makes no fork", () => {
    const config = base({ protocol: "ccv", maxView: 1, faulty: [1] });
    const fresh = run(new Machine(config));
    const seenFirst = new Machine(config);
    seenFirst.u.id(PREQ, 1, 1, 0, 1); // the bad node's PrepareRequest of view 1, source 1, seen before the honest one
    expect(run(seenFirst)).toEqual(fresh);
    expect(fresh).toEqual(["blockAccepted@1 s0", "bad@1", "blockAccepted@1 s0", "initialized@0"]);
  });
});

describe("the random search over rule-set models", () => {
  it("finds the dead-node lock of 2.0 and antimev at N=4 and N=7, each replayable", () => {
    for (const protocol of ["dbft2.0", "antimev"] as const) {
      for (const [n, dead] of [[4, [3]], [7, [5, 6]]] as const) {
        const config = base({ protocol, n, maxView: 2, dead: [...dead] });
        const r = searchWalks({ config, properties: ["safety", "liveness"], runs: 2000, seed: 1 });
        expect(r.verdict, `${protocol} N=${n}`).toBe("violated");
        expect(r.failure!.property).toBe("liveness");
        const replay = replaySchedule({ format: "byzopt.dbft-schedule/1", name: "x", title: "x", config, steps: r.failure!.steps, expect: [{ outcome: "lock" }] });
        expect(replay.reproduced).toBe(true);
        expect(replay.finalNodes.filter((x) => x.startsWith("dead")).length).toBe(dead.length);
      }
    }
  });

  it("finds no fork or lock of cv3 with one dead node in 2,000 runs (shared pool), and a lock with one bad node", () => {
    expect(searchWalks({ config: base({ protocol: "cv3", maxView: 2, dead: [3] }), properties: ["safety", "liveness"], runs: 2000, seed: 1 }).verdict).toBe("holds");
    const bad = searchWalks({ config: base({ protocol: "cv3", maxView: 2, faulty: [3] }), properties: ["liveness"], runs: 2000, seed: 1 });
    expect(bad.verdict).toBe("violated");
  });

  it("is deterministic: the same seed gives the same report", () => {
    const o = { config: base({ protocol: "ccv" as const, maxView: 2, dead: [3] }), properties: ["safety", "liveness"] as const, runs: 300, seed: 9 };
    expect(JSON.stringify(searchWalks(o))).toBe(JSON.stringify(searchWalks(o)));
  });
});
