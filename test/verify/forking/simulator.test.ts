import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Prng, runSeed } from "../../../verify/shared/prng.js";
import { buildDiamond, halfRingOffset } from "../../../verify/forking/lattice.js";

/** Offset number k (0 ≤ k < 4d) on the whole ring at distance d: the reference the half ring is checked against. */
function ringOffset(d: number, k: number): [number, number] {
  const q = Math.floor(k / d);
  const r = k - q * d;
  return q === 0 ? [d - r, r] : q === 1 ? [-r, d - r] : q === 2 ? [r - d, -r] : [r, r - d];
}
import { addShortLinks, LinkList, LONG, sampleLongLinks, sampleLongLinksCoupled } from "../../../verify/forking/links.js";
import { propagate, toGraph } from "../../../verify/forking/propagate.js";
import { latticeBall, shortestTimes } from "../../../verify/forking/reference.js";
import { simulateCoupledRun, simulateRun, simulateTopologyRun, type SimParams, stepFunction } from "../../../verify/forking/simulate.js";
import { parseTopology } from "../../../verify/forking/topology.js";

const base: SimParams = { n: 8, beta: 1, ds: 1, dl: 1.5, scale: 1, long: "adjacent", delay: "fixed", delta: 1, tMax: 16 };

describe("lattice and links", () => {
  it("the ring at distance d has 4d distinct points, all at distance d", () => {
    for (let d = 1; d <= 12; d++) {
      const seen = new Set<string>();
      for (let k = 0; k < 4 * d; k++) {
        const [x, y] = ringOffset(d, k);
        expect(Math.abs(x) + Math.abs(y)).toBe(d);
        seen.add(`${x},${y}`);
      }
      expect(seen.size).toBe(4 * d);
    }
  });

  it("the half ring at distance d is the 2d points of the ring with a larger id", () => {
    const g = buildDiamond(12);
    const u = g.idAt(0, 0);
    for (let d = 1; d <= 12; d++) {
      const ahead = new Set<number>();
      for (let k = 0; k < 4 * d; k++) {
        const [dx, dy] = ringOffset(d, k);
        const v = g.idAt(dx, dy);
        if (v > u) ahead.add(v);
      }
      const half = new Set<number>();
      for (let k = 0; k < 2 * d; k++) {
        const [dx, dy] = halfRingOffset(d, k);
        expect(Math.abs(dx) + Math.abs(dy)).toBe(d);
        half.add(g.idAt(dx, dy));
      }
      expect([...half].sort((a, b) => a - b)).toEqual([...ahead].sort((a, b) => a - b));
    }
  });

  it("ids sort the points by (x, y) and idAt inverts them", () => {
    const g = buildDiamond(5);
    for (let v = 0; v < g.size; v++) {
      expect(g.idAt(g.x[v], g.y[v])).toBe(v);
      if (v > 0) expect(g.x[v - 1] < g.x[v] || (g.x[v - 1] === g.x[v] && g.y[v - 1] < g.y[v])).toBe(true);
    }
    expect(g.idAt(6, 0)).toBe(-1);
    expect(g.dist[g.creator]).toBe(0);
  });

  it("the fast sampler draws only candidate pairs, each once, at distance ≥ 2", () => {
    for (const long of ["adjacent", "all"] as const) {
      const g = buildDiamond(8);
      const links = new LinkList();
      sampleLongLinks(g, 0.5, long, new Prng(3), links);
      const seen = new Set<number>();
      for (let i = 0; i < links.count; i++) {
        const [u, v] = [links.u[i], links.v[i]];
        expect(u).toBeLessThan(v);
        expect(Math.abs(g.x[u] - g.x[v]) + Math.abs(g.y[u] - g.y[v])).toBeGreaterThanOrEqual(2);
        if (long === "adjacent") {
          expect(g.layer[u]).toBeGreaterThanOrEqual(0);
          expect(Math.abs(g.layer[u] - g.layer[v])).toBe(1);
        }
        seen.add(u * g.size + v);
      }
      expect(seen.size).toBe(links.count);
    }
  });

  it("β = 0 links every candidate pair (the skip is zero)", () => {
    const g = buildDiamond(3);
    const fast = new LinkList();
    sampleLongLinks(g, 0, "all", new Prng(1), fast);
    const all = new LinkList();
    sampleLongLinksCoupled(g, [0], "all", new Prng(1), [all]);
    expect(fast.count).toBe(all.count);
    expect(all.count).toBe((g.size * (g.size - 1)) / 2 - 4 * 3 * 3); // every pair but the 4n² at distance 1
  });

  it("coupled draws: the links at β = 10 are a subset of those at β = 1, in every seed", () => {
    const g = buildDiamond(8);
    for (let s = 0; s < 20; s++) {
      const lists = [new LinkList(), new LinkList()];
      sampleLongLinksCoupled(g, [1, 10], "all", new Prng(runSeed(9, s)), lists);
      const big = new Set(Array.from({ length: lists[0].count }, (_, i) => `${lists[0].u[i]} ${lists[0].v[i]}`));
      for (let i = 0; i < lists[1].count; i++) expect(big.has(`${lists[1].u[i]} ${lists[1].v[i]}`)).toBe(true);
    }
  });
});

describe("propagation", () => {
  it("the bare lattice informs the ball 2k²+2k+1 at t = k (β = 10, n = 8: 1, 5, 13, …, 145)", () => {
    // At β = 10 most runs draw no long link (expected 0.13); take the first such run.
    const r = Array.from({ length: 20 }, (_, k) => simulateRun({ ...base, beta: 10 }, 1, k)).find((x) => x.longLinks === 0)!;
    expect(r).toBeDefined();
    expect(r.curve.slice(0, 9)).toEqual([1, 5, 13, 25, 41, 61, 85, 113, 145]);
    expect(r.layerFirst).toEqual([1, 2, 3, 5]);
    expect(r.uninformedIntegral).toBeCloseTo((2 * 8 * 9 * 17) / 3 / 145, 12);
  });

  it("the event queue agrees with Dijkstra, and I_sim never falls below the lattice ball (random n, β, modes)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.double({ min: 0, max: 4, noNaN: true }), fc.constantFrom("adjacent" as const, "all" as const), fc.constantFrom(1, 1.1), fc.nat(), (n, beta, long, scale, seed) => {
        const p = { ...base, n, beta, long, scale, tMax: 2 * n };
        const r = simulateRun(p, seed, 0);
        const g = buildDiamond(n);
        const links = new LinkList();
        addShortLinks(g, links);
        sampleLongLinks(g, beta, long, new Prng(runSeed(seed, 0)), links);
        const ref = shortestTimes(toGraph(g.size, links, (_, k) => (k === LONG ? 1.5 : 1)), g.creator, scale);
        for (let v = 0; v < g.size; v++) expect(r.time[v]).toBeCloseTo(ref[v], 9);
        r.curve.forEach((c, i) => expect(c).toBeGreaterThanOrEqual(latticeBall(i, scale, n)));
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it("ties break on (time, receiver, sender): a node reached by two senders at once credits the lower id", () => {
    const topo = parseTopology("a b 1\na c 1\nb d 1\nc d 1\n", "diamond.txt");
    const r = simulateTopologyRun(topo, 0, { scale: 1, delay: "fixed", delta: 1, tMax: 3 }, 1, 0);
    expect(Array.from(r.time)).toEqual([0, 1, 1, 2]);
    expect(r.propagation.from[3]).toBe(1);
    expect(Array.from(r.propagation.order)).toEqual([0, 1, 2, 3]);
  });

  it("exponential delays: same seed same times, another seed other times, and Δ scales them exactly", () => {
    const p = { ...base, delay: "exp" as const };
    const a = simulateRun(p, 5, 3);
    expect(Array.from(simulateRun(p, 5, 3).time)).toEqual(Array.from(a.time));
    expect(Array.from(simulateRun(p, 6, 3).time)).not.toEqual(Array.from(a.time));
    const [[one, scaled]] = simulateCoupledRun(p, [1], [1, 1.1], 5, 3);
    for (let v = 0; v < one.time.length; v++) expect(scaled.time[v]).toBeCloseTo(1.1 * one.time[v], 9);
    expect(stepFunction(one.time).at(-1)!.informed).toBe(145);
  });

  it("a node cut off from the creator is never informed and makes the integral infinite", () => {
    const topo = parseTopology("a b 2\nc d 1\n", "two.txt");
    const r = simulateTopologyRun(topo, 0, { scale: 1, delay: "fixed", delta: 1, tMax: 4 }, 1, 0);
    expect(r.informed).toBe(2);
    expect(r.curve).toEqual([1, 1, 2, 2, 2]);
    expect(r.uninformedIntegral).toBe(Infinity);
    expect(propagate(toGraph(4, topo.links, (i) => topo.delays[i]), 2, "fixed", 1, 0).time[3]).toBe(1);
  });
});

describe("topology files", () => {
  it("reads names, comments, commas and repeated links with the same delay", () => {
    const t = parseTopology("# a comment\nx, y, 0.5\ny z 2 # trailing\n\nz x 1\ny x 0.5\n", "t.txt");
    expect(t.names).toEqual(["x", "y", "z"]);
    expect(t.links.count).toBe(3);
    expect(Array.from(t.delays)).toEqual([0.5, 2, 1]);
  });

  it.each([
    ["a b\n", /t.txt:1: expected "u v delay"/],
    ["a b -1\n", /t.txt:1: the delay must be a positive number/],
    ["a b x\n", /the delay must be a positive number/],
    ["a a 1\n", /a link from a to itself/],
    ["a b 1\nb a 2\n", /t.txt:2: link b–a listed again with delay 2, was 1/],
    ["# nothing\n", /no links/],
  ])("refuses %j", (text, message) => {
    expect(() => parseTopology(text, "t.txt")).toThrow(message);
  });
});
