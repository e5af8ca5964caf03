/**
 * One measured clearing, in a process of its own so that its peak RSS is the book's alone:
 * `node dist/bench/tcda-one.js ORDERS SEED` prints {generateSeconds, clearSeconds, matchSeconds, ...}.
 * The book is generated straight into typed arrays (no JSON): prices are integers 1..10000 (discrete, as
 * the paper assumes), quantities 1..100, ids in index order.
 */
import type { Book } from "../formulations/tcda/book.js";
import { clearBook, tradedBySide } from "../formulations/tcda/clearing.js";
import { greedyMatch } from "../formulations/tcda/greedy.js";
import { Prng } from "../verify/shared/prng.js";

const size = Number(process.argv[2]);
const rng = new Prng(Number(process.argv[3] ?? 1));
const t0 = performance.now();
const side = new Uint8Array(size);
const price = new Float64Array(size);
const quantity = new Float64Array(size);
const round = new Int32Array(size);
const rank = new Int32Array(size);
for (let k = 0; k < size; k++) {
  side[k] = rng.int(2);
  price[k] = 1 + rng.int(10000);
  quantity[k] = 1 + rng.int(100);
  rank[k] = k;
}
const book: Book = { size, side, price, quantity, round, rank, ids: null };
const t1 = performance.now();
const clearing = clearBook(book);
const t2 = performance.now();
const flows = greedyMatch(book, clearing.traded);
const t3 = performance.now();
const sides = tradedBySide(book, clearing.traded);
if (sides.supply !== sides.demand) throw new Error("traded supply and demand differ");
let winners = 0;
for (let k = 0; k < size; k++) if (clearing.traded[k]! > 0) winners++;
process.stdout.write(
  JSON.stringify({
    orders: size,
    generateSeconds: (t1 - t0) / 1000,
    clearSeconds: (t2 - t1) / 1000,
    matchSeconds: (t3 - t2) / 1000,
    price: clearing.price,
    volume: clearing.volume,
    winners,
    transactions: flows.count,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }) + "\n",
);
