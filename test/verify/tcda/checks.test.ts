import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { bookFromOrders } from "../../../formulations/tcda/book.js";
import { clearBook } from "../../../formulations/tcda/clearing.js";
import { greedyMatch } from "../../../formulations/tcda/greedy.js";
import { flowsFromSolution, matchingModel } from "../../../formulations/tcda/matching-milp.js";
import type { Order } from "../../../formulations/tcda/orders.js";
import { solverNamed, solveModel } from "../../../solvers/registry.js";
import {
  balancedGroups,
  bookArbitrary,
  CLAIM_IDS,
  type ClaimId,
  type ClaimReport,
  findDeviation,
  flowViolation,
  minTransactions,
  referenceClearing,
  runTcdaChecks,
  traderDeviation,
} from "../../../verify/tcda/checks.js";

// The solver-backed claims run HiGHS in a worker from dist/: build first (`tsc -p .`, as `make test` does).

const o = (id: string, side: "buy" | "sell", price: number, quantity: number, round = 0): Order => ({ id, side, price, quantity, ...(round ? { round } : {}) });

/** Clears a book and returns P and each order's units, by id (the test's own bookkeeping). */
function clearById(orders: readonly Order[]): { price: number | null; traded: Record<string, number> } {
  const c = clearBook(bookFromOrders(orders));
  return { price: c.price, traded: Object.fromEntries(orders.map((x, k) => [x.id, c.traded[k]!])) };
}

/** A trader's utility computed here, independently of the module: buyer Σ(value − P), seller Σ(P − cost). */
function utilityHere(side: "buy" | "sell", truePrice: number, units: number, price: number | null): number {
  if (units === 0) return 0;
  return side === "buy" ? units * (truePrice - price!) : units * (price! - truePrice);
}

const HOLD: readonly ClaimId[] = [
  "clearing-rule",
  "equilibrium",
  "uniform-price",
  "budget-balance",
  "individual-rationality",
  "flow-conservation",
  "greedy-bound",
  "milp-bounds",
  "efficiency",
  "truthful-buyers-single",
];
const FAIL: readonly ClaimId[] = ["greedy-optimal", "truthful-buyers-multi", "truthful-sellers-single", "truthful-sellers-multi"];
const RUNS = 2000;
const SOLVER_RUNS = 200;

describe("the paper's claims at seed 1 (2,000 books a claim; 200 solved with HiGHS for the solver-backed ones)", () => {
  let reports: ClaimReport[] = [];
  const byId = (id: ClaimId) => reports.find((r) => r.id === id)!;

  beforeAll(async () => {
    reports = await runTcdaChecks({ runs: RUNS, seed: 1, solverRuns: SOLVER_RUNS });
  });

  it("reports every claim once, in order, with a statement naming its source", () => {
    expect(reports.map((r) => r.id)).toEqual([...CLAIM_IDS]);
    expect([...HOLD, ...FAIL].sort()).toEqual([...CLAIM_IDS].sort());
    for (const r of reports) {
      expect(r.statement.length).toBeGreaterThan(40);
      expect(r.seconds).toBeGreaterThanOrEqual(0);
    }
    expect(byId("equilibrium").statement).toMatch(/Theorem 3/);
    expect(byId("truthful-buyers-single").statement).toMatch(/Theorem 4/);
    expect(byId("truthful-sellers-multi").statement).toMatch(/Theorem 5/);
  });

  for (const id of HOLD) {
    it(`${id} holds`, () => {
      const r = byId(id);
      expect(r.verdict, r.counterexample?.explanation).toBe("held");
      expect(r.counterexample).toBeUndefined();
      const solverBacked = id === "milp-bounds" || id === "efficiency";
      expect(r.runs).toBe(solverBacked ? SOLVER_RUNS : RUNS);
      if (solverBacked || id === "flow-conservation") expect(r.solverRuns).toBe(SOLVER_RUNS);
    });
  }

  for (const id of FAIL) {
    it(`${id} fails, with a small counterexample that fast-check can replay`, () => {
      const r = byId(id);
      expect(r.verdict).toBe("counterexample");
      const cx = r.counterexample!;
      expect(cx.seed).toBe(1);
      expect(cx.path).toMatch(/^\d+(:\d+)*$/);
      expect(cx.explanation.length).toBeGreaterThan(20);
      expect(cx.orders.filter((x) => x.side === "buy").length).toBeLessThanOrEqual(4);
      expect(cx.orders.filter((x) => x.side === "sell").length).toBeLessThanOrEqual(4);
      expect(r.runs).toBeLessThanOrEqual(RUNS);
    });
  }

  for (const id of ["truthful-buyers-multi", "truthful-sellers-single", "truthful-sellers-multi"] as const) {
    it(`${id}: the deviation really pays, re-cleared and re-computed here`, () => {
      const cx = byId(id).counterexample!;
      const d = cx.deviation!;
      const side = id.includes("buyers") ? "buy" : "sell";
      expect(d.side).toBe(side);
      const k = cx.orders.findIndex((x) => x.id === d.trader);
      const trader = cx.orders[k]!;
      expect(trader.side).toBe(side);
      // The truth is the order as booked; the report never claims more units than the truth.
      expect(d.truth).toEqual({ price: trader.price, quantity: trader.quantity });
      expect(d.report.quantity).toBeGreaterThanOrEqual(1);
      expect(d.report.quantity).toBeLessThanOrEqual(d.truth.quantity);
      expect(d.report.price).toBeGreaterThan(0);
      if (id.endsWith("single")) {
        expect(cx.orders.every((x) => x.quantity === 1)).toBe(true);
        expect(d.report.quantity).toBe(1);
      }
      const truthful = clearById(cx.orders);
      const deviating = clearById(cx.orders.map((x, j) => (j === k ? { ...x, price: d.report.price, quantity: d.report.quantity } : x)));
      const u0 = utilityHere(side, d.truth.price, truthful.traded[d.trader]!, truthful.price);
      const u1 = utilityHere(side, d.truth.price, deviating.traded[d.trader]!, deviating.price);
      expect(u1).toBeGreaterThan(u0);
      expect([u0, u1]).toEqual([d.utilityTruthful, d.utilityDeviating]);
      expect(deviating.traded[d.trader]).toBeLessThanOrEqual(d.truth.quantity);
      expect(cx.explanation).toContain(d.trader);
      expect(cx.explanation).toContain(`utility ${u1}`);
    });
  }

  it("sellers: even single-unit, the seller whose ask sets P gains by asking more", () => {
    const d = byId("truthful-sellers-single").counterexample!.deviation!;
    expect(d.report.price).toBeGreaterThan(d.truth.price);
    expect(d.truthful.price).toBe(d.truth.price); // truthful, it sets P at its own cost: utility 0
    expect(byId("truthful-sellers-single").counterexample!.explanation).toMatch(/sets P/);
  });

  it("greedy-optimal: the MILP really makes fewer transactions than the greedy on the counterexample", async () => {
    const cx = byId("greedy-optimal").counterexample!;
    const book = bookFromOrders(cx.orders);
    const c = clearBook(book);
    const greedy = greedyMatch(book, c.traded);
    const m = matchingModel(book, c.traded);
    const r = await solveModel(solverNamed("highs"), m.model, { relGap: 0 });
    expect(r.status).toBe("optimal");
    const milp = flowsFromSolution(m, r.values!);
    expect(flowViolation(cx.orders, book, c.traded, milp, "MILP")).toBeNull();
    expect(milp.count).toBeLessThan(greedy.count);
  });
});

describe("hand-computed", () => {
  // Book: b1 buys 2@10, b2 1@7, b3 1@4; s1 sells 1@3, s2 2@6, s3 1@8. M = 4 units offered.
  // Units, highest first: 10b1 10b1 8s3 7b2 6s2 6s2 4b3 3s1. Position M+1 = 5 holds s2's first unit: P = 6,
  // and it is a seller's, so it trades. Buyers before 5: b1 (2 units), b2 (1). Sellers from 5 on: s2 (2),
  // s1 (1). s3 (ask 8 > 6) and b3 (bid 4 < 6) do not trade. Volume 3.
  // Utilities at P = 6: b1 2·(10−6) = 8, b2 7−6 = 1, s2 2·(6−6) = 0, s1 6−3 = 3; welfare 20+7−12−3 = 12 = 8+1+0+3.
  // Greedy: s2 (2) with b1 (2), then s1 (1) with b2 (1): 2 transactions = max(c, d), the fewest possible.
  // s2 sets P at its cost and gets nothing; asking 7 instead, the list is 10 10 8s3 7b2 7s2 7s2 4 3 (at 7
  // the buyer first): position 5 is s2's first unit, P = 7, s2 still sells 2: utility 2·(7−6) = 2 > 0.
  const book = [o("b1", "buy", 10, 2), o("b2", "buy", 7, 1), o("b3", "buy", 4, 1), o("s1", "sell", 3, 1), o("s2", "sell", 6, 2), o("s3", "sell", 8, 1)];

  it("P, winners, utilities, greedy", () => {
    const { price, traded } = clearById(book);
    expect(price).toBe(6);
    expect(traded).toEqual({ b1: 2, b2: 1, b3: 0, s1: 1, s2: 2, s3: 0 });
    const u = Object.fromEntries(book.map((x) => [x.id, utilityHere(x.side, x.price, traded[x.id]!, price)]));
    expect(u).toEqual({ b1: 8, b2: 1, b3: 0, s1: 3, s2: 0, s3: 0 });
    expect(referenceClearing(book)).toEqual({ price: 6, priceSetter: 4, traded: [2, 1, 0, 1, 2, 0] });
    const b = bookFromOrders(book);
    const c = clearBook(b);
    expect(c.priceSetter).toBe(4);
    const g = greedyMatch(b, c.traded);
    expect(g.count).toBe(2);
    expect(Array.from({ length: g.count }, (_, t) => [book[g.seller[t]!]!.id, book[g.buyer[t]!]!.id, g.quantity[t]])).toEqual([
      ["s2", "b1", 2],
      ["s1", "b2", 1],
    ]);
  });

  it("s2 gains by asking 7; the search finds a deviation for s2 at least as good", () => {
    const asking7 = clearById(book.map((x) => (x.id === "s2" ? { ...x, price: 7 } : x)));
    expect(asking7.price).toBe(7);
    expect(asking7.traded.s2).toBe(2);
    expect(utilityHere("sell", 6, asking7.traded.s2!, asking7.price)).toBe(2);
    const d = traderDeviation(book, 4, { multiUnit: false })!;
    expect(d.trader).toBe("s2");
    expect(d.utilityTruthful).toBe(0);
    expect(d.utilityDeviating).toBeGreaterThanOrEqual(2);
  });

  it("the fewest transactions: c + d − (most groups with equal supply and demand)", () => {
    expect(minTransactions([2, 1], [2, 1])).toBe(2);
    expect(minTransactions([2, 2], [3, 1])).toBe(3); // no balanced split: c + d − 1
    expect(minTransactions([3, 2, 2], [4, 3])).toBe(3); // {3 | 3} and {2, 2 | 4}: 5 − 2
    expect(minTransactions([5], [1, 1, 1, 1, 1])).toBe(5);
    expect(minTransactions([], [])).toBe(0);
    // The witness: groups that balance, covering every trader once, count = c + d − groups.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), (s, d) => {
        const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        fc.pre(total(s) === total(d));
        const { count, groups } = balancedGroups(s, d);
        expect(count).toBe(s.length + d.length - groups.length);
        for (const g of groups) expect(total(g.sellers.map((i) => s[i]!))).toBe(total(g.buyers.map((j) => d[j]!)));
        expect(groups.flatMap((g) => g.sellers).sort()).toEqual(s.map((_, i) => i));
        expect(groups.flatMap((g) => g.buyers).sort()).toEqual(d.map((_, j) => j));
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it("the greedy is not optimal: sellers 3, 2, 2 and buyers 4, 3 (every price 1)", () => {
    // Greedy: s3 (3) with b1 (4), b1 keeps 1; s1 (2) with b2 (3), b2 keeps 1; s2 (2) splits over b2 and b1:
    // 4 transactions. The optimum pairs s3 with b2 (3) and s1, s2 with b1 (4): 3.
    const orders = [o("b1", "buy", 1, 4), o("b2", "buy", 1, 3), o("s1", "sell", 1, 2), o("s2", "sell", 1, 2), o("s3", "sell", 1, 3)];
    const b = bookFromOrders(orders);
    const c = clearBook(b);
    expect(Array.from(c.traded)).toEqual([4, 3, 2, 2, 3]);
    const g = greedyMatch(b, c.traded);
    expect(Array.from({ length: g.count }, (_, t) => `${orders[g.seller[t]!]!.id}>${orders[g.buyer[t]!]!.id}:${g.quantity[t]}`).sort()).toEqual(["s1>b2:2", "s2>b1:1", "s2>b2:1", "s3>b1:3"]);
    expect(minTransactions([2, 2, 3], [4, 3])).toBe(3);
  });
});

describe("single-unit buyers: truthful bidding is dominant (Theorem 4 holds here), exhaustively on tiny books", () => {
  // A unit buyer that wins pays the others' M-th highest unit price, whatever it bids above it; one that
  // bids below it does not win. Ties do not help: the buyer's place among equal prices is fixed by its
  // round and id, not by its bid. All books of 1–3 unit buyers and 1–3 unit sellers with prices 1..3 and
  // rounds 0..1, every price deviation tried (the search is exhaustive over price for integer books).
  it("no unit buyer gains, in 66,564 books", () => {
    const orders = (n: number, side: "buy" | "sell"): Order[][] => {
      if (n === 0) return [[]];
      const out: Order[][] = [];
      for (const rest of orders(n - 1, side)) for (let p = 1; p <= 3; p++) for (let r = 0; r <= 1; r++) out.push([...rest, o(`${side === "buy" ? "b" : "s"}${n}`, side, p, 1, r)]);
      return out;
    };
    let books = 0;
    const found: string[] = [];
    for (let nb = 1; nb <= 3; nb++)
      for (let ns = 1; ns <= 3; ns++)
        for (const buys of orders(nb, "buy"))
          for (const sells of orders(ns, "sell")) {
            books++;
            const d = findDeviation([...buys, ...sells], "buy", { multiUnit: false });
            if (d && found.length < 3) found.push(JSON.stringify([...buys, ...sells]));
          }
    expect(books).toBe(66_564);
    expect(found).toEqual([]);
  });

  it("a unit buyer among multi-unit traders does not gain either (random books)", () => {
    const arb = bookArbitrary({ singleUnit: false }).map((orders) => orders.map((x) => (x.id === "b1" ? { ...x, quantity: 1 } : x)));
    fc.assert(
      fc.property(arb, (orders) => traderDeviation(orders, 0, { multiUnit: false }) === null),
      { seed: 7, numRuns: 3000 },
    );
  });
});

describe("the clearing does not depend on the order of the input", () => {
  it("permuted books clear alike: P, each id's units, and the greedy's transactions", () => {
    const arb = bookArbitrary({ singleUnit: false }).chain((orders) => fc.tuple(fc.constant(orders), fc.shuffledSubarray(orders, { minLength: orders.length, maxLength: orders.length })));
    const summary = (orders: readonly Order[]) => {
      const b = bookFromOrders(orders);
      const c = clearBook(b);
      const g = greedyMatch(b, c.traded);
      const units = orders.map((x, k) => `${x.id}:${c.traded[k]}`).sort();
      const flows = Array.from({ length: g.count }, (_, t) => `${orders[g.seller[t]!]!.id}>${orders[g.buyer[t]!]!.id}:${g.quantity[t]}`).sort();
      return { price: c.price, setter: c.priceSetter === null ? null : orders[c.priceSetter]!.id, units, flows };
    };
    fc.assert(
      fc.property(arb, ([orders, permuted]) => {
        expect(summary(permuted)).toEqual(summary(orders));
      }),
      { seed: 3, numRuns: 2000 },
    );
  });
});

describe("options", () => {
  it("runs only the claims asked for; the same seed gives the same report", async () => {
    const a = await runTcdaChecks({ runs: 300, seed: 5, claims: ["truthful-sellers-single", "equilibrium"] });
    const b = await runTcdaChecks({ runs: 300, seed: 5, claims: ["equilibrium", "truthful-sellers-single"] });
    expect(a.map((r) => r.id)).toEqual(["equilibrium", "truthful-sellers-single"]);
    const strip = (rs: ClaimReport[]) => rs.map(({ seconds: _s, ...rest }) => rest);
    expect(strip(a)).toEqual(strip(b));
  });

  it("refuses a number of runs that is not a positive integer", async () => {
    await expect(runTcdaChecks({ runs: 0, seed: 1 })).rejects.toThrow(/positive integer/);
  });
});
