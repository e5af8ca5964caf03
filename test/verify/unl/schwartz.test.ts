import { describe, expect, it } from "vitest";
import { MT19937, uniformInt } from "../../../verify/unl/mt19937.js";
import { GOLDEN_PROGRESS } from "../../helpers/unl-golden.js";
import {
  buildSchwartzNetwork,
  MessageStore,
  packState,
  runSchwartz,
  SCHWARTZ_DEFAULTS,
  type SchwartzConfig,
  schwartzDecide,
  type SchwartzDelivery,
  type SchwartzNetwork,
  type SchwartzRunParams,
  simulateSchwartz,
} from "../../../verify/unl/schwartz.js";

// Reference values below were printed by small C++ programs built with g++ 12.2 (libstdc++ 12) and by the
// upstream simulator (ripple/simulator 05329f4, `g++ -O2 -std=c++11 -include cstddef`), the latter with its
// #define constants and the mt19937 seed turned into compile-time parameters and a delivery counter added.
// "legacy" values come from a C++ transcription of the pre-GCC-11 libstdc++ downscaling loop.

describe("mt19937", () => {
  it("matches std::mt19937 outputs", () => {
    const g = new MT19937();
    expect([g.next(), g.next(), g.next(), g.next(), g.next()]).toEqual([3499211612, 581869302, 3890346734, 3586334585, 545404204]);
    const h = new MT19937(5489);
    h.discard(9999);
    expect(h.next()).toBe(4123659995); // the 10000th output (C++ standard requirement)
    const s = new MT19937(42);
    expect([s.next(), s.next(), s.next()]).toEqual([1608637542, 3421126067, 4083286876]);
  });
});

describe("uniformInt (libstdc++ uniform_int_distribution<int>)", () => {
  // Eight draws from a fresh default-seeded engine, then the next raw output (to check the draw count).
  const cases: [number, number, number[], number][] = [
    [5, 50, [42, 11, 46, 43, 10, 49, 47, 15], 2715962298],
    [5, 200, [164, 31, 182, 168, 29, 194, 184, 48], 2715962298],
    [20, 30, [28, 21, 29, 29, 21, 30, 30, 22], 2715962298],
    [0, 999, [814, 135, 905, 835, 126, 968, 913, 221], 2715962298],
    [0, 0, [0, 0, 0, 0, 0, 0, 0, 0], 2715962298],
    [-7, 7, [5, -5, 6, 5, -6, 7, 6, -4], 2715962298],
    [0, 2147483647, [1749605806, 290934651, 1945173367, 1793167292, 272702102, 2080627695, 1961459714, 474666992], 2715962298],
    [-2147483648, 2147483647, [1351727964, -1565614346, 1742863086, 1438850937, -1602079444, 2013771743, 1775435781, -1198149663], 2715962298],
    [0, 1073741822, [874802902, 145467325, 972586682, 896583645, 136351050, 1040313846, 980729856, 237333496], 2715962298],
    // range 3·2³⁰: threshold 2³⁰, so Lemire redraws (16 raw outputs consumed for 8 values)
    [-2147483648, 1073741823, [-1711081672, 770276402, 542267290, 973457895, 794705923, -1435483160, -110511925, -1154808096], 418932835],
  ];
  it.each(cases)("lemire U{%i..%i}", (lo, hi, want, nextRaw) => {
    const g = new MT19937();
    expect(Array.from({ length: 8 }, () => uniformInt(g, lo, hi))).toEqual(want);
    expect(g.next()).toBe(nextRaw);
  });

  const legacy: [number, number, number[], number][] = [
    [5, 50, [42, 11, 46, 43, 10, 49, 47, 15], 2715962298],
    [0, 2147483647, [581869302, 545404204, 949333985, 1323567403, 418932835, 1196140740, 809094426, 676943009], 3117454609],
    [-2147483648, 2147483647, [1351727964, -1565614346, 1742863086, 1438850937, -1602079444, 2013771743, 1775435781, -1198149663], 2715962298],
    [0, 1073741822, [874802903, 145467325, 972586683, 896583646, 136351051, 1040313847, 980729857, 237333496], 2715962298],
    [-2147483648, 1073741823, [-1565614346, -1602079444, -1198149663, 568478650, -823916245, -1728550813, 202810917, -951342908], 809094426],
  ];
  it.each(legacy)("legacy U{%i..%i}", (lo, hi, want, nextRaw) => {
    const g = new MT19937();
    expect(Array.from({ length: 8 }, () => uniformInt(g, lo, hi, "legacy"))).toEqual(want);
    expect(g.next()).toBe(nextRaw);
  });

  it("differs between the two maps where libstdc++ 11 changed (U{0..999}, draw 39345)", () => {
    const a = new MT19937(), b = new MT19937();
    let first = -1, sumA = 0, sumB = 0;
    for (let i = 0; i < 100000; i++) {
      const x = uniformInt(a, 0, 999), y = uniformInt(b, 0, 999, "legacy");
      sumA += x;
      sumB += y;
      if (first < 0 && x !== y) {
        first = i;
        expect([x, y]).toEqual([316, 317]);
      }
    }
    expect(first).toBe(39345);
    expect([sumA, sumB]).toEqual([49856058, 49856062]);
  });

  it("rejects bad intervals", () => {
    expect(() => uniformInt(new MT19937(), 3, 2)).toThrow(RangeError);
    expect(() => uniformInt(new MT19937(), 0, 2 ** 31)).toThrow(RangeError);
  });
});

describe("schwartz network draws", () => {
  it("follows Sim.cpp's draw order (e2c, UNL size, UNL ids)", () => {
    const net = buildSchwartzNetwork(SCHWARTZ_DEFAULTS);
    expect(net.e2c[0]).toBe(42);
    expect(net.unls[0]).toEqual([905, 835, 126, 968, 913, 221, 632, 308, 97, 547, 278, 188, 546, 992, 957, 996, 964, 967, 157, 725, 970]);
    const links = net.links.reduce((a, l) => a + l.length, 0);
    expect(links).toBe(2 * 10 * 1000);
    for (const l of net.links.flat()) expect(l.latency >= 15 && l.latency <= 300).toBe(true);
  });

  it("external UNLs replace the drawn ones without moving the links", () => {
    const cfg = { ...SCHWARTZ_DEFAULTS, nodes: 60, malicious: 5, seed: 3 };
    const drawn = buildSchwartzNetwork(cfg);
    const unls = drawn.unls.map((_, i) => [(i + 1) % 60, (i + 2) % 60]);
    const given = buildSchwartzNetwork({ ...cfg, unls });
    expect(given.links).toEqual(drawn.links);
    expect(given.e2c).toEqual(drawn.e2c);
    expect(given.unls).toEqual(unls);
    const same = runSchwartz({ ...cfg, unls: drawn.unls.map((u) => [...u]) });
    expect({ ...same, unls: [] }).toEqual({ ...runSchwartz(cfg), unls: [] });
  });
});

describe("schwartz golden default run (upstream output)", () => {
  it("631 ms, 74,929 on the wire, 249 per node and the six progress lines", () => {
    const lines: string[] = [];
    const r = runSchwartz(SCHWARTZ_DEFAULTS, (l) => lines.push(l));
    const progress = [...GOLDEN_PROGRESS];
    expect(r.progress).toEqual(progress);
    expect(lines).toEqual(progress);
    expect(r).toMatchObject({ converged: true, censored: false, radioSilence: false, timeMs: 631, messagesOnWire: 74929, messagesPerNode: 249 });
    expect([r.positive, r.negative]).toEqual([199, 801]);
    expect(r.events).toBe(194284); // receiveMessage calls, counted in an instrumented upstream build
    expect(r.unls).toHaveLength(1000);
  });
});

describe("schwartz default run with the unsigned-char fix", () => {
  // Upstream with Core.h's NodeState::state declared `signed char` prints 632 ms, 74,919 on the wire, 249 per
  // node (194,699 deliveries): the golden 631 ms depends on −1 travelling as 255. (The node-0 fix leaves the
  // default run unchanged; the suppression fix only adds 2 deliveries.)
  it("632 ms, 74,919 on the wire", () => {
    expect(runSchwartz({ ...SCHWARTZ_DEFAULTS, fixUnsignedState: true })).toMatchObject({
      converged: true,
      timeMs: 632,
      messagesOnWire: 74919,
      messagesPerNode: 249,
      events: 194699,
    });
  });
});

/** Upstream built with other constants / seeds (each value printed by that build). */
describe("schwartz vs upstream builds with other constants", () => {
  const small = (over: Partial<SchwartzConfig>): SchwartzConfig => ({ ...SCHWARTZ_DEFAULTS, ...over });

  it("N=200, M=40, seed 4", () => {
    const r = runSchwartz(small({ nodes: 200, malicious: 40, seed: 4 }));
    expect(r.progress).toEqual([
      "Time: 100 ms  100/100",
      "Time: 200 ms  101/99",
      "Time: 300 ms  82/118",
      "Time: 400 ms  75/125",
      "Time: 500 ms  78/122",
      "Time: 600 ms  45/155",
      "Time: 700 ms  45/155",
    ]);
    expect(r).toMatchObject({ converged: true, timeMs: 740, messagesOnWire: 14863, messagesPerNode: 280, events: 45276 });
  });

  it("N=50, M=5, UNL 10–15, seed 7; N=120, M=25, SELF_WEIGHT 2, BASE_DELAY 3, PACKETS_ON_WIRE 2, seed 10", () => {
    expect(runSchwartz(small({ nodes: 50, malicious: 5, unlMin: 10, unlMax: 15, seed: 7 }))).toMatchObject({
      converged: true,
      timeMs: 492,
      messagesOnWire: 3522,
      messagesPerNode: 177,
      events: 6357,
    });
    expect(runSchwartz(small({ nodes: 120, malicious: 25, selfWeight: 2, baseDelay: 3, packetsOnWire: 2, seed: 10 }))).toMatchObject({
      converged: true,
      timeMs: 534,
      messagesOnWire: 6550,
      messagesPerNode: 142,
      events: 12989,
    });
  });

  it("N=100, M=30, seed 3: radio silence at 1685 ms; each fix flag equals upstream with that one-line fix", () => {
    const cfg = small({ nodes: 100, malicious: 30, seed: 3 });
    const r = runSchwartz(cfg);
    expect(r).toMatchObject({ converged: false, radioSilence: true, timeMs: 1685, events: 46225, messagesOnWire: 0 });
    expect(r.progress).toHaveLength(16);
    expect(r.progress.at(-1)).toBe("Time: 1600 ms  28/72");
    // Util.cpp: `message_iterator != data.end()` without `&& message_iterator->first`
    expect(runSchwartz({ ...cfg, fixNodeZero: true })).toMatchObject({ radioSilence: true, timeMs: 1667, events: 46252 });
    // Sim.cpp: suppression when `lm_send_time > master_time`
    expect(runSchwartz({ ...cfg, fixSuppress: true })).toMatchObject({ radioSilence: true, timeMs: 1685, events: 46242 });
    // Core.h: NodeState::state as `signed char`
    const u = runSchwartz({ ...cfg, fixUnsignedState: true });
    expect(u).toMatchObject({ radioSilence: true, timeMs: 1718, events: 48180 });
    expect(u.progress.at(-1)).toBe("Time: 1704 ms  28/72");
  });

  it("censors at maxTime", () => {
    const r = runSchwartz(small({ nodes: 100, malicious: 30, seed: 3, maxTime: 1000 }));
    expect(r).toMatchObject({ converged: false, censored: true, radioSilence: false });
    expect(r.timeMs).toBeLessThanOrEqual(1000);
    expect(r.timeMs).toBeGreaterThan(990);
    expect(r.messagesOnWire).toBeGreaterThan(0);
  });
});

describe("schwartz update rule (step 6)", () => {
  const p = { unlThresh: 10, selfWeight: 1, biasDivisor: 250 };
  it("+1 switches only when the balance is below −SELF_WEIGHT", () => {
    expect(schwartzDecide(1, 10, -2, false, 0, p)).toBe(-1);
    expect(schwartzDecide(1, 10, -1, false, 0, p)).toBe(1);
    expect(schwartzDecide(-1, 10, 2, false, 0, p)).toBe(1);
    expect(schwartzDecide(-1, 10, 1, false, 0, p)).toBe(-1);
  });
  it("needs UNL_THRESH known UNL positions", () => {
    expect(schwartzDecide(1, 9, -9, false, 0, p)).toBe(1);
    expect(schwartzDecide(1, 10, -9, false, 0, p)).toBe(-1);
  });
  it("the bias ⌊t/250⌋ reaches −2 at 500 ms", () => {
    expect(schwartzDecide(1, 10, 0, false, 499, p)).toBe(1); // 0 − 1 = −1: not < −1
    expect(schwartzDecide(1, 10, 0, false, 500, p)).toBe(-1); // 0 − 2 = −2
    expect(schwartzDecide(-1, 10, 3, false, 500, p)).toBe(-1); // 3 − 2 = 1: not > 1
    expect(schwartzDecide(-1, 10, 4, false, 500, p)).toBe(1);
  });
  it("a malicious node negates its balance before the bias", () => {
    expect(schwartzDecide(-1, 10, -3, true, 0, p)).toBe(1); // UNL leans −1, so it flips to +1
    expect(schwartzDecide(1, 10, 2, true, 0, p)).toBe(-1);
    expect(schwartzDecide(-1, 10, -3, true, 500, p)).toBe(-1); // 3 − 2 = 1
    expect(schwartzDecide(-1, 10, -3, false, 0, p)).toBe(-1); // honest: stays
  });
});

describe("schwartz message edits", () => {
  const changes = (entries: [number, number, number][]): [Int32Array, Int32Array, number] => [
    Int32Array.from(entries.map((e) => e[0])),
    Int32Array.from(entries.map((e) => packState(e[1], e[2]))),
    entries.length,
  ];
  const received = (store: MessageStore, dir: number, entries: [number, number, number][]): number => {
    const id = store.open(9, 8, dir);
    const [k, v, n] = changes(entries);
    store.addAll(id, k, v, n);
    store.resolve(id);
    return id;
  };

  it("merge keeps the newer ts, skips the recipient, keeps the creation copy's entry about it", () => {
    const store = new MessageStore(10, 4, false);
    const m = store.open(1, 2, 0);
    store.addAll(m, ...changes([[2, 1, -1], [3, 1, 1], [4, 2, -1]]));
    store.merge(m, ...changes([[2, 3, -1], [3, 2, -1], [4, 1, 1], [5, 1, 1]]));
    expect(store.entries(m)).toEqual([[2, 1, -1], [3, 2, -1], [4, 2, -1], [5, 1, 1]]);
  });

  it("merge never updates an existing entry about node 0 (quirk), unless fixNodeZero", () => {
    for (const fix of [false, true]) {
      const store = new MessageStore(10, 4, fix);
      const m = store.open(1, 2, 0);
      store.addAll(m, ...changes([[0, 1, -1]]));
      store.merge(m, ...changes([[0, 2, 1], [3, 1, 1]]));
      expect(store.entries(m)).toEqual([[0, fix ? 2 : 1, fix ? 1 : -1], [3, 1, 1]]);
    }
    // A node-0 entry that was absent (or suppressed) is inserted normally.
    const store = new MessageStore(10, 4, false);
    const m = store.open(1, 2, 0);
    store.merge(m, ...changes([[0, 2, 1]]));
    expect(store.entries(m)).toEqual([[0, 2, 1]]);
  });

  it("suppression deletes entries whose received ts is ≥, never the one about the sender", () => {
    const store = new MessageStore(10, 4, false);
    const m = store.open(1, 2, 0); // pending 1 → 2; node 2 is the sender of the received message
    store.addAll(m, ...changes([[2, 1, -1], [3, 2, 1], [4, 2, -1], [5, 1, 1]]));
    const r = received(store, 1, [[2, 5, 1], [3, 2, 1], [4, 1, -1], [5, 3, -1], [6, 1, 1]]);
    store.suppress(m, r);
    expect(store.entries(m)).toEqual([[2, 1, -1], [4, 2, -1]]);
    // Edits after the suppression apply on top of it.
    store.merge(m, ...changes([[3, 3, -1]]));
    store.resolve(m);
    expect(store.entries(m)).toEqual([[2, 1, -1], [3, 3, -1], [4, 2, -1]]);
  });

  it("a received message named by a pending suppression outlives its delivery", () => {
    const store = new MessageStore(10, 4, false);
    const m = store.open(1, 2, 0);
    store.addAll(m, ...changes([[3, 1, 1]]));
    const r = received(store, 1, [[3, 1, 1]]);
    store.suppress(m, r);
    store.release(r);
    const other = received(store, 2, [[7, 1, 1]]); // would reuse r's id if r had been freed
    expect(other).not.toBe(r);
    expect(store.size(m)).toBe(0);
  });
});

describe("schwartz crafted networks", () => {
  const params = (over: Partial<SchwartzRunParams> = {}): SchwartzRunParams => ({
    malicious: 0,
    consensusPct: 80,
    baseDelay: 1,
    selfWeight: 0,
    packetsOnWire: 3,
    biasDivisor: 1_000_000,
    maxTime: 60000,
    fixNodeZero: false,
    fixSuppress: false,
    unlThresh: 1,
    ...over,
  });
  const undirected = (n: number, edges: [number, number, number][]): SchwartzNetwork["links"] => {
    const links: { to: number; latency: number }[][] = Array.from({ length: n }, () => []);
    for (const [a, b, latency] of edges) {
      links[a].push({ to: b, latency });
      links[b].push({ to: a, latency });
    }
    return links;
  };
  const run = (net: SchwartzNetwork, p: SchwartzRunParams) => {
    const log: SchwartzDelivery[] = [];
    const r = simulateSchwartz(net, p, undefined, (d) => log.push(d));
    return { r, log };
  };

  // 0 —10ms— 1 —30ms— 2. Node 0 (−1, UNL [1]) learns 1 = +1 at 10 ms and switches to +1 (ts 2). Node 1 relays
  // 0's initial −1 toward 2 at 10 ms, held until 21 ms (a packet is still on the wire); at 20 ms it merges
  // 0 = (ts 2, +1) into that pending message. Upstream keeps the old entry about node 0, so node 2 (UNL [0])
  // learns −1 and stays; with the fix it learns +1, switches, and 3 > ⌊3·0.8⌋ nodes are positive.
  const nodeZero: SchwartzNetwork = { nodes: 3, e2c: [0, 0, 0], unls: [[1], [], [0]], links: undirected(3, [[0, 1, 10], [1, 2, 30]]) };

  it("node-0 quirk: the stale entry about node 0 reaches node 2 and consensus is never reached", () => {
    const { r, log } = run(nodeZero, params());
    expect(log.find((d) => d.time === 51)).toMatchObject({ from: 1, to: 2, entries: [[0, 1, -1]] });
    expect(r).toMatchObject({ converged: false, radioSilence: true, timeMs: 51, positive: 2, negative: 1 });
  });

  it("node-0 fix: node 2 learns the newer entry and switches", () => {
    const { r, log } = run(nodeZero, params({ fixNodeZero: true }));
    expect(log.find((d) => d.time === 51)).toMatchObject({ from: 1, to: 2, entries: [[0, 2, 1]] });
    expect(r).toMatchObject({ converged: true, timeMs: 51, positive: 3, negative: 0, messagesOnWire: 1 });
  });

  // Nodes 1, 2, 3 (node 0 idle): 3 —5ms— 1 —10ms— 2 —19ms— 3. At 19 ms node 2 (−1, UNL [3]) first gets 3's
  // initial +1 and switches, sending {3: ts 1, 2: ts 2} to node 1 at once (send time 19); then, in the same
  // millisecond, node 1's relay of {3: ts 1} arrives. Upstream's `≥` suppresses the entry about 3 from the
  // message already sent at 19 ms; with `>` it stays.
  const suppress: SchwartzNetwork = {
    nodes: 4,
    e2c: [0, 0, 0, 0],
    unls: [[], [], [3], []],
    links: undirected(4, [[3, 1, 5], [1, 2, 10], [2, 3, 19]]),
  };

  it("suppression quirk (≥): a message sent this very millisecond still loses entries", () => {
    const { log } = run(suppress, params());
    expect(log.filter((d) => d.time === 19 && d.to === 2).map((d) => d.from)).toEqual([3, 1]);
    expect(log.find((d) => d.time === 29 && d.from === 2 && d.to === 1)?.entries).toEqual([[2, 2, 1]]);
  });

  it("suppression fix (>): the message sent at 19 ms keeps its entries", () => {
    const { log } = run(suppress, params({ fixSuppress: true }));
    expect(log.find((d) => d.time === 29 && d.from === 2 && d.to === 1)?.entries).toEqual([[2, 2, 1], [3, 1, 1]]);
  });

  it("a malicious node flips against its UNL", () => {
    // Node 0 (malicious, −1) hears node 2 = −1 at 10 ms: balance −1, negated +1 > 0, so it flips to +1.
    const net: SchwartzNetwork = { nodes: 3, e2c: [0, 0, 0], unls: [[2], [], []], links: undirected(3, [[0, 2, 10], [0, 1, 50]]) };
    const honest = run(net, params()).log.find((d) => d.time === 20 && d.from === 0);
    const bad = run(net, params({ malicious: 1 }));
    expect(honest).toBeUndefined();
    expect(bad.log.find((d) => d.time === 20 && d.from === 0 && d.to === 2)?.entries).toEqual([[0, 2, 1], [2, 1, -1]]);
    expect(bad.r.positive).toBe(2);
  });

  it("rejects malformed networks and parameters", () => {
    const oneWay: SchwartzNetwork = { nodes: 2, e2c: [0, 0], unls: [[], []], links: [[{ to: 1, latency: 5 }], []] };
    expect(() => simulateSchwartz(oneWay, params())).toThrow(/reverse/);
    expect(() => simulateSchwartz(nodeZero, params({ packetsOnWire: 0 }))).toThrow(RangeError);
    expect(() => runSchwartz({ ...SCHWARTZ_DEFAULTS, nodes: 20 })).toThrow(/unlMax/);
  });
});

describe("--tally honest (spec P1's control)", () => {
  it("at 30 % malicious of 200 nodes the upstream tally never reaches 80 %, the honest-only tally does; below, both converge", () => {
    const run = (pct: number, tally: "all" | "honest") => runSchwartz({ ...SCHWARTZ_DEFAULTS, nodes: 200, malicious: Math.floor(2 * pct), tally });
    const all30 = run(30, "all");
    const honest30 = run(30, "honest");
    expect(all30.converged).toBe(false);
    expect(honest30.converged).toBe(true);
    // The honest tally stops when more than ⌊140·0.8⌋ = 112 honest nodes agree (the count shown is over all nodes).
    expect(honest30.negative).toBeGreaterThan(112);
    expect(run(10, "all").converged).toBe(true);
    expect(run(10, "honest").converged).toBe(true);
  });
});
