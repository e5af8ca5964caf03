/**
 * `make bench` (TCDA): clearing time and peak memory for 10⁴ … 10⁷ orders (price, winners and the
 * greedy matching, one core, each size in a fresh process), and the matching MILP's time by book size
 * for HiGHS and GLPK. Results: bench/results/tcda.json and the tcda section of bench/README.md.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bookFromOrders, clearBook, flowsFromSolution, greedyMatch, matchingModel, type Order } from "../formulations/tcda/index.js";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { solverNamed, solveModel } from "../solvers/registry.js";
import { Prng } from "../verify/shared/prng.js";
import { machine, measure, median } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SIZES = (process.env.BENCH_TCDA_SIZES ?? "10000,100000,1000000,10000000").split(",").map(Number);
const TARGET_SECONDS = 5;

interface OneRun {
  clearSeconds: number;
  matchSeconds: number;
  peakRssMB: number;
  winners: number;
  transactions: number;
}

async function clearing() {
  const rows = [];
  for (const size of SIZES) {
    const runs: OneRun[] = [];
    for (const seed of [1, 2, 3]) {
      process.stderr.write(`clearing ${size} orders (seed ${seed}) ...\n`);
      const m = await measure(process.execPath, [join(ROOT, "dist/bench/tcda-one.js"), String(size), String(seed)]);
      if (m.status !== 0) throw new Error(m.stderr);
      runs.push(JSON.parse(m.stdout) as OneRun);
    }
    const pick = (f: (r: OneRun) => number) => median(runs.map(f));
    rows.push({
      orders: size,
      clearSeconds: pick((r) => r.clearSeconds),
      matchSeconds: pick((r) => r.matchSeconds),
      totalSeconds: pick((r) => r.clearSeconds + r.matchSeconds),
      peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
      winners: runs[0]!.winners,
      transactions: runs[0]!.transactions,
    });
  }
  return rows;
}

/** A book whose winners are `sellers` sellers and `buyers` buyers with random quantities (all trade at P). */
function winnersBook(sellers: number, buyers: number, seed: number): Order[] {
  const rng = new Prng(seed);
  const s = Array.from({ length: sellers }, () => 1 + rng.int(20));
  const b = Array.from({ length: buyers }, () => 1 + rng.int(20));
  // Balance the totals on the last buyer or seller so that every order wins whole.
  const diff = s.reduce((x, y) => x + y, 0) - b.reduce((x, y) => x + y, 0);
  if (diff > 0) b.push(diff);
  else if (diff < 0) s.push(-diff);
  return [...s.map((q, k): Order => ({ id: `s${k}`, side: "sell", price: 1, quantity: q })), ...b.map((q, k): Order => ({ id: `b${k}`, side: "buy", price: 10, quantity: q }))];
}

async function matchingMilp() {
  const rows = [];
  for (const n of [4, 8, 12, 16, 24, 32]) {
    const orders = winnersBook(n, n, n);
    const book = bookFromOrders(orders);
    const c = clearBook(book);
    const greedy = greedyMatch(book, c.traded).count;
    const m = matchingModel(book, c.traded);
    const row: Record<string, unknown> = { sellers: m.sellers.length, buyers: m.buyers.length, pairs: m.sellers.length * m.buyers.length, greedy };
    for (const name of ["highs", "glpk"] as const) {
      process.stderr.write(`matching MILP ${m.sellers.length}x${m.buyers.length} with ${name} ...\n`);
      const r = await solveModel(solverNamed(name), m.model, { timeLimit: 60 });
      // The count is read from the flows (the objective carries the solver's rounding); a bound on a count rounds up.
      const transactions = r.values ? flowsFromSolution(m, r.values).count : null;
      const bound = r.bound === null ? null : Math.ceil(r.bound - 1e-6);
      row[name] = { status: r.status, transactions, bound, seconds: r.seconds };
    }
    rows.push(row);
  }
  return rows;
}

const clear = await clearing();
const milp = await matchingMilp();
const result = { machine: machine(), clearing: clear, matchingMilp: milp, targetSeconds: TARGET_SECONDS };
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
writeTextAtomically(join(ROOT, "bench", "results", "tcda.json"), JSON.stringify(result, null, 2) + "\n");
const big = clear.find((r) => r.orders === 10_000_000);
const m = result.machine;
type Cell = { status: string; transactions: number | null; bound: number | null; seconds: number };
const cell = (c: Cell) => (c.status === "optimal" ? `${c.transactions} in ${c.seconds.toFixed(2)} s` : `${c.status}: ${c.transactions ?? "–"} (bound ${c.bound ?? "–"}) at ${c.seconds.toFixed(0)} s`);
const md = [
  "## TCDA clearing and matching (`make bench`, bench/tcda.ts)",
  "",
  `Machine: ${m.cpu}, ${m.cores} cores (one used), ${m.memoryGB} GiB, Node ${m.node}; run on ${m.date}. Random books: prices 1..10000, quantities 1..100;`,
  "median of 3 seeds, each in a fresh process (peak RSS is the largest, and includes generating the book).",
  "",
  "| orders | price + winners s | greedy matching s | total s | peak RSS MB | winners | transactions |",
  "|---:|---:|---:|---:|---:|---:|---:|",
  ...clear.map((r) => `| ${r.orders.toLocaleString("en-US")} | ${r.clearSeconds.toFixed(3)} | ${r.matchSeconds.toFixed(3)} | ${r.totalSeconds.toFixed(3)} | ${r.peakRssMB.toFixed(0)} | ${r.winners.toLocaleString("en-US")} | ${r.transactions.toLocaleString("en-US")} |`),
  "",
  big ? `Target: 10⁷ orders cleared (winners and greedy matching included) in under ${TARGET_SECONDS} s on one core: ${big.totalSeconds < TARGET_SECONDS ? "met" : "NOT met"} (${big.totalSeconds.toFixed(2)} s).` : "",
  "",
  "Matching MILP (fewest transactions), every seller and buyer winning, limit 60 s: transactions found and time (a time-limited run shows its incumbent and bound).",
  "",
  "| sellers × buyers | pairs | greedy | HiGHS | GLPK |",
  "|---|---:|---:|---|---|",
  ...milp.map((r) => `| ${r.sellers} × ${r.buyers} | ${r.pairs} | ${r.greedy} | ${cell(r.highs as Cell)} | ${cell(r.glpk as Cell)} |`),
].join("\n");
updateReadmeSection(join(ROOT, "bench", "README.md"), "tcda", md);
process.stdout.write(md + "\n");
