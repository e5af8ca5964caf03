import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectTcdaCheckVerdicts } from "../helpers/tcda-check.js";
import { byzopt, tempDir } from "../helpers/cli.js";
import { expectConforms } from "../helpers/schemas.js";

const dir = tempDir();
afterAll(() => dir.remove());

function file(name: string, text: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

// Sellers 4, 3, 3 and buyers 6, 4 all win at P = 1: the greedy needs 4 transactions, the best is 3.
const GREEDY_NOT_OPTIMAL = [
  { id: "b1", side: "buy", price: 10, quantity: 6 },
  { id: "b2", side: "buy", price: 10, quantity: 4 },
  { id: "s1", side: "sell", price: 1, quantity: 4 },
  { id: "s2", side: "sell", price: 1, quantity: 3 },
  { id: "s3", side: "sell", price: 1, quantity: 3 },
];

interface Cleared {
  price: number;
  volume: number;
  transactions: number;
  status?: string;
  winners: { id: string; traded: number }[];
  flows: { seller: string; buyer: string; quantity: number }[];
}

function clearJson(args: string[]): Cleared {
  const r = byzopt(["tcda", "clear", ...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Cleared;
}

/** Every winner's traded quantity is the sum of its flows. */
function expectConserved(c: Cleared): void {
  const sums = new Map<string, number>();
  for (const f of c.flows) {
    sums.set(f.seller, (sums.get(f.seller) ?? 0) + f.quantity);
    sums.set(f.buyer, (sums.get(f.buyer) ?? 0) + f.quantity);
  }
  expect(Object.fromEntries(sums)).toEqual(Object.fromEntries(c.winners.map((w) => [w.id, w.traded])));
}

describe("byzopt tcda clear", () => {
  const book = file("greedy-not-optimal.json", JSON.stringify(GREEDY_NOT_OPTIMAL));

  it("the MILP matcher beats the greedy where the greedy is not optimal, with every backend", () => {
    const greedy = clearJson([book]);
    expect([greedy.price, greedy.volume, greedy.transactions]).toEqual([1, 10, 4]);
    expectConserved(greedy);
    for (const solver of ["highs", "glpk", "jslp", "cbc", "glpsol"]) {
      const milp = clearJson([book, "--matcher", "milp", "--solver", solver]);
      expect(milp.status).toBe("optimal");
      expect(milp.transactions).toBe(3);
      expectConserved(milp);
    }
  });

  it("reads CSV, cuts the marginal order and prints the same result as the JSON book", () => {
    const csv = file("cut.csv", ["id,side,price,quantity", "b1,buy,10,2", "b2,buy,8,3", "b3,buy,5,1", "s1,sell,4,2", "s2,sell,6,2", "s3,sell,9,2"].join("\n") + "\n");
    const json = file(
      "cut.json",
      JSON.stringify([
        { id: "b1", side: "buy", price: 10, quantity: 2 },
        { id: "b2", side: "buy", price: 8, quantity: 3 },
        { id: "b3", side: "buy", price: 5, quantity: 1 },
        { id: "s1", side: "sell", price: 4, quantity: 2 },
        { id: "s2", side: "sell", price: 6, quantity: 2 },
        { id: "s3", side: "sell", price: 9, quantity: 2 },
      ]),
    );
    const a = clearJson([csv]);
    expect(a.price).toBe(8);
    expect(a.winners.map((w) => [w.id, w.traded])).toEqual([
      ["b1", 2],
      ["b2", 2],
      ["s1", 2],
      ["s2", 2],
    ]);
    const text = byzopt(["tcda", "clear", csv]);
    expect(text.stdout).toMatch(/clearing price P = 8/);
    expect(text.stdout).toMatch(/buy  b2 +2 of 3 +at 8 +\(cut\)/);
    const b = clearJson([json]);
    expect({ ...b }).toEqual({ ...a });
  });

  it("reads RFC 4180 CSV: quoted ids with commas, quotes and a newline, a byte-order mark, CRLF; it clears as its JSON twin", () => {
    const ids = ["Smith, J.", 'the "big" buyer', "b3", "seller\nnorth", "s2, ltd", "s3"];
    const rows = [
      ["b", "buy", 10, 2],
      ["b", "buy", 8, 3],
      ["b", "buy", 5, 1],
      ["s", "sell", 4, 2],
      ["s", "sell", 6, 2],
      ["s", "sell", 9, 2],
    ].map(([, side, price, quantity], k) => ({ id: ids[k]!, side: side as string, price: price as number, quantity: quantity as number }));
    const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const csv = file("quoted.csv", "\ufeff" + ["id,side,price,quantity", ...rows.map((r) => [quote(r.id), r.side, ` ${r.price}`, r.quantity].join(","))].join("\r\n") + "\r\n");
    const json = file("quoted.json", JSON.stringify(rows));
    expectConforms("orders", json);
    const fromCsv = clearJson([csv]);
    expect(fromCsv.price).toBe(8);
    expect(fromCsv.winners.map((w) => w.id)).toEqual(["Smith, J.", 'the "big" buyer', "seller\nnorth", "s2, ltd"]);
    expect({ ...fromCsv }).toEqual({ ...clearJson([json]) });
    // An unclosed quote is one line, exit 2.
    const broken = byzopt(["tcda", "clear", file("unclosed.csv", 'id,side,price,quantity\n"b1,buy,1,1\n')]);
    expect(broken.status).toBe(2);
    expect(broken.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(broken.stderr).toMatch(/malformed CSV: .*quote/i);
  });

  it("prices a general trading cost a·[x > 0] + b·x", () => {
    const c = clearJson([book, "--matcher", "milp", "--cost", "5,2"]);
    expect(c.transactions).toBe(3);
    expect((c as unknown as { cost: number }).cost).toBe(3 * 5 + 10 * 2);
  });

  it("rejects bad books with one line naming the order, exit 2", () => {
    const cases: [string, string, RegExp][] = [
      ["side.json", JSON.stringify([{ id: "x1", side: "bid", price: 1, quantity: 1 }]), /order 1 \(id "x1"\): side must be "buy" or "sell" \(got "bid"\)/],
      ["qty0.json", JSON.stringify([{ id: "x2", side: "buy", price: 1, quantity: 0 }]), /order 1 \(id "x2"\): quantity must be a positive integer \(got 0\)/],
      ["qtyfrac.json", JSON.stringify([{ id: "x3", side: "buy", price: 1, quantity: 1.5 }]), /order 1 \(id "x3"\): quantity must be a positive integer \(got 1.5\)/],
      ["nan.csv", "id,side,price,quantity\nx4,sell,abc,1\n", /order 1 \(id "x4"\): price must be a finite number > 0 \(got "abc"\)/],
      ["inf.json", '[{"id":"x5","side":"sell","price":1e999,"quantity":1}]', /order 1 \(id "x5"\): price must be a finite number > 0 \(got Infinity\)/],
      ["dup.json", JSON.stringify([{ id: "x6", side: "buy", price: 1, quantity: 1 }, { id: "x6", side: "sell", price: 1, quantity: 1 }]), /order 2 \(id "x6"\): duplicate id \(also order 1\)/],
      ["broken.json", '[{"id": "x7", ', /malformed JSON/],
      ["broken.csv", "id,side,price\nx8,buy,1\n", /the CSV header lacks "quantity"/],
      ["short.csv", "id,side,price,quantity\nx9,buy,1\n", /line 2: expected 4 fields, got 3/],
    ];
    for (const [name, text, message] of cases) {
      const r = byzopt(["tcda", "clear", file(name, text)]);
      expect(r.status, name).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n"), name).toHaveLength(1);
      expect(r.stderr, name).toMatch(message);
    }
    const missing = byzopt(["tcda", "clear", join(dir.path, "none.json")]);
    expect([missing.status, missing.stderr.trim().split("\n").length]).toEqual([2, 1]);
  });
});

describe("byzopt tcda simulate", () => {
  it("is deterministic for a seed, carries remainders over, and reports per-round price and volume", () => {
    const args = ["tcda", "simulate", "--rounds", "12", "--traders", "30", "--seed", "5", "--json"];
    const a = byzopt(args);
    const b = byzopt(args);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const { rounds } = JSON.parse(a.stdout) as { rounds: { round: number; orders: number; price: number | null; volume: number; trades: number; carried: number; welfare: number }[] };
    expect(rounds).toHaveLength(12);
    expect(rounds.some((r) => r.carried > 0)).toBe(true);
    expect(rounds.some((r, k) => k > 0 && r.orders > 30)).toBe(true);
    for (const r of rounds) {
      if (r.volume > 0) expect(r.trades).toBeGreaterThan(0);
      expect(r.welfare).toBeGreaterThanOrEqual(0);
    }
    const other = byzopt(["tcda", "simulate", "--rounds", "12", "--traders", "30", "--seed", "6", "--json"]);
    expect(other.stdout).not.toBe(a.stdout);
    // The MILP matcher (a HiGHS solve a round) over 6 rounds: the same volume and price as the greedy, fewer trades.
    const short = JSON.parse(byzopt(["tcda", "simulate", "--rounds", "6", "--traders", "30", "--seed", "5", "--json"]).stdout) as { rounds: { volume: number; trades: number; price: number | null }[] };
    const milp = byzopt(["tcda", "simulate", "--rounds", "6", "--traders", "30", "--seed", "5", "--matcher", "milp", "--json"]);
    const m = JSON.parse(milp.stdout) as { rounds: { volume: number; trades: number; price: number | null }[] };
    expect(m.rounds).toHaveLength(6);
    short.rounds.forEach((r, k) => {
      expect(m.rounds[k]!.volume).toBe(r.volume);
      expect(m.rounds[k]!.price).toBe(r.price);
      expect(m.rounds[k]!.trades).toBeLessThanOrEqual(r.trades);
    });
  });

  it("refuses a bad argument with exit 2", () => {
    const r = byzopt(["tcda", "simulate", "--rounds", "0", "--traders", "5"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--rounds must be a positive integer/);
    expect(readdirSync(dir.path).every((f) => !f.startsWith("."))).toBe(true);
  });
});

describe("byzopt tcda check", () => {
  it("--runs 300 --seed 1 reports every claim: the ones that hold hold, the false ones come with a counterexample (10,000 books in make test-long)", () => {
    expectTcdaCheckVerdicts(300, ["--out", join(dir.path, "check.txt")]);
    // The text report of the same run (--out), with the same verdicts and the first counterexample.
    const text = { stdout: readFileSync(join(dir.path, "check.txt"), "utf8") };
    expect(text.stdout).toMatch(/10 of 14 claims held; 4 have a counterexample\./);
    expect(text.stdout).toMatch(/COUNTEREXAMPLE {2}truthful-sellers-single: .*\n.*asking 2 instead: wins 1 unit at P=2, utility 1/);
  });

  it("refuses jslp, which cannot take the batched models", () => {
    const r = byzopt(["tcda", "check", "--solver", "jslp"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are highs, glpk, cbc, glpsol/);
  });
});
