import { describe, expect, it } from "vitest";
import { InputError } from "../../formulations/input-error.js";
import { bookFromOrders, clearBook, flowCost, greedyMatch, type Order, parseOrdersCsv, parseOrdersJson, tradedBySide } from "../../formulations/tcda/index.js";
import { allocationWelfare } from "../../formulations/tcda/welfare.js";

const o = (id: string, side: "buy" | "sell", price: number, quantity: number, round = 0): Order => ({ id, side, price, quantity, round });

function clear(orders: Order[]) {
  const book = bookFromOrders(orders);
  const c = clearBook(book);
  const traded = Object.fromEntries(orders.map((x, k) => [x.id, c.traded[k]!]));
  return { book, c, traded };
}

describe("Procedures 1 and 2 on hand-computed books", () => {
  it("a book with a cut order", () => {
    // Units, highest first: 10B 10B 9S 9S 8B 8B 8B 6S 6S 5B 4S 4S. M = 6: position 7 is the third
    // 8B, so P = 8. Buyers before it: b1 (2) and two units of b2 (cut: 2 of 3). Sellers after it:
    // s2 (6S) and s1 (4S). s3 asks 9 > 8 and b3 bids 5 < 8: they do not trade.
    const { c, traded } = clear([o("b1", "buy", 10, 2), o("b2", "buy", 8, 3), o("b3", "buy", 5, 1), o("s1", "sell", 4, 2), o("s2", "sell", 6, 2), o("s3", "sell", 9, 2)]);
    expect(c.price).toBe(8);
    expect([c.supply, c.demand, c.volume]).toEqual([6, 6, 4]);
    expect(traded).toEqual({ b1: 2, b2: 2, b3: 0, s1: 2, s2: 2, s3: 0 });
  });

  it("ties: buyers before sellers at one price; within a side the earlier round, then the smaller id, trades first — whatever the input order", () => {
    // 5B 5S, M = 1: position 2 is the seller at 5, so P = 5 and one unit trades (buyers first).
    for (const orders of [[o("b", "buy", 5, 1), o("s", "sell", 5, 1)], [o("s", "sell", 5, 1), o("b", "buy", 5, 1)]]) {
      const { c, traded } = clear(orders);
      expect(c.price).toBe(5);
      expect(traded).toEqual({ b: 1, s: 1 });
    }
    // Three sellers tie at 4 for two units of demand: M = 5, units 7B 7B then the sellers, lowest
    // priority first (sellers trade from the bottom): s-b (round 1, larger id) at 3–4, s-a at 5, s-late
    // (round 0) at 6–7. Position 6 is s-late's first unit; sellers at 6 and after trade: s-late's two units.
    const orders = [o("s-b", "sell", 4, 2, 1), o("b", "buy", 7, 2), o("s-a", "sell", 4, 1, 1), o("s-late", "sell", 4, 2, 0)];
    for (const perm of [orders, [...orders].reverse(), [orders[2]!, orders[0]!, orders[3]!, orders[1]!]]) {
      const { c, traded } = clear(perm);
      expect(c.price).toBe(4);
      expect(traded).toEqual({ "s-b": 0, b: 2, "s-a": 0, "s-late": 2 });
    }
  });

  it("no demand: nothing trades; no supply: the top buyer sets the price and nothing trades", () => {
    expect(clear([o("s", "sell", 3, 2)]).c).toMatchObject({ price: null, volume: 0 });
    expect(clear([o("b1", "buy", 9, 1), o("b2", "buy", 7, 1)]).c).toMatchObject({ price: 9, volume: 0 });
  });

  it("traded supply equals traded demand, buyers pay at most their bid and sellers get at least their ask", () => {
    const orders = Array.from({ length: 60 }, (_, k) => o(`o${k}`, k % 3 ? "buy" : "sell", 1 + ((k * 37) % 11), 1 + ((k * 13) % 5)));
    const { book, c } = clear(orders);
    const s = tradedBySide(book, c.traded);
    expect(s.supply).toBe(s.demand);
    expect(s.supply).toBe(c.volume);
    orders.forEach((x, k) => {
      if (c.traded[k]! === 0) return;
      if (x.side === "buy") expect(x.price).toBeGreaterThanOrEqual(c.price!);
      else expect(x.price).toBeLessThanOrEqual(c.price!);
    });
  });
});

describe("Procedure 3: matching", () => {
  it("the greedy conserves quantities and is deterministic; on this book it is not optimal", () => {
    // Sellers 4, 3, 3 and buyers 6, 4, all winning at P = 1. Greedy: 4→6, 3→4, 3→2, 1→1: 4 transactions.
    // Best: 4→4 and 3+3→6: 3 transactions.
    const orders = [o("b1", "buy", 10, 6), o("b2", "buy", 10, 4), o("s1", "sell", 1, 4), o("s2", "sell", 1, 3), o("s3", "sell", 1, 3)];
    const { book, c } = clear(orders);
    expect(c.volume).toBe(10);
    const g = greedyMatch(book, c.traded);
    expect(g.count).toBe(4);
    const flows = Array.from({ length: g.count }, (_, t) => `${orders[g.seller[t]!]!.id}->${orders[g.buyer[t]!]!.id}:${g.quantity[t]}`);
    expect(flows).toEqual(["s1->b1:4", "s2->b2:3", "s3->b1:2", "s3->b2:1"]);
    const sums = new Map<number, number>();
    for (let t = 0; t < g.count; t++) {
      sums.set(g.seller[t]!, (sums.get(g.seller[t]!) ?? 0) + g.quantity[t]!);
      sums.set(g.buyer[t]!, (sums.get(g.buyer[t]!) ?? 0) + g.quantity[t]!);
    }
    orders.forEach((_, k) => expect(sums.get(k)).toBe(c.traded[k]));
    expect(flowCost(g, { fixed: 2, perUnit: 0.5 })).toBe(4 * 2 + 10 * 0.5);
    expect(allocationWelfare(book, c.traded)).toBe(10 * 10 - 10 * 1);
  });

  it("the greedy matches the same way with huge quantities (a heap instead of buckets)", () => {
    // Scaling every quantity keeps every comparison of the greedy, so the flows scale too.
    const orders = Array.from({ length: 40 }, (_, k) => o(`o${k}`, k % 2 ? "buy" : "sell", 1 + ((k * 7) % 5), 1 + ((k * 11) % 9)));
    const small = clear(orders);
    const big = clear(orders.map((x) => ({ ...x, quantity: x.quantity * 1_000_000 })));
    const a = greedyMatch(small.book, small.c.traded);
    const b = greedyMatch(big.book, big.c.traded);
    expect(a.count).toBeGreaterThan(3);
    expect([...b.seller]).toEqual([...a.seller]);
    expect([...b.buyer]).toEqual([...a.buyer]);
    expect([...b.quantity]).toEqual([...a.quantity].map((q) => q * 1_000_000));
  });
});

describe("reading orders", () => {
  it("JSON and CSV give the same orders", () => {
    const json = parseOrdersJson('[{"id":"a","side":"buy","price":5,"quantity":2},{"id":7,"side":"sell","price":"4.5","quantity":"3","round":1}]');
    const csv = parseOrdersCsv("quantity,id,side,price,round\n2,a,buy,5,\n3,7,sell,4.5,1\n");
    expect(csv).toEqual(json);
    expect(json[1]).toEqual({ id: "7", side: "sell", price: 4.5, quantity: 3, round: 1 });
  });

  const bad: [string, RegExp][] = [
    ['[{"id":"a","side":"hold","price":5,"quantity":1}]', /order 1 \(id "a"\): side must be "buy" or "sell" \(got "hold"\)/],
    ['[{"id":"a","side":"buy","price":5,"quantity":0}]', /order 1 \(id "a"\): quantity must be a positive integer \(got 0\)/],
    ['[{"id":"a","side":"buy","price":5,"quantity":1.5}]', /quantity must be a positive integer \(got 1.5\)/],
    ['[{"id":"a","side":"buy","price":-1,"quantity":1}]', /price must be a finite number > 0/],
    ['[{"id":"a","side":"buy","price":"Infinity","quantity":1}]', /price must be a finite number > 0/],
    ['[{"id":"a","side":"buy","price":5,"quantity":1},{"id":"a","side":"sell","price":5,"quantity":1}]', /order 2 \(id "a"\): duplicate id \(also order 1\)/],
    ['[{"id":"a"', /malformed JSON/],
    ['{"id":"a"}', /expected a JSON array/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${text.slice(0, 50)}`, () => {
      expect(() => parseOrdersJson(text, "book.json")).toThrow(InputError);
      expect(() => parseOrdersJson(text, "book.json")).toThrow(message);
    });
  }

  it("refuses a CSV without the needed columns or with a short line", () => {
    expect(() => parseOrdersCsv("id,side,price\na,buy,1\n", "b.csv")).toThrow(/lacks "quantity"/);
    expect(() => parseOrdersCsv("id,side,price,quantity\na,buy,1\n", "b.csv")).toThrow(/line 2: expected 4 fields, got 3/);
  });
});
