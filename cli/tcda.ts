import { Command, Option } from "commander";
import { InputError } from "../lib/model.js";
import { allocationWelfare, type Book, bookFromOrders, clearBook, DEFAULT_MARKET, flowCost, type Flows, flowsFromSolution, greedyMatch, idOf, matchingModel, type Order, parseOrdersCsv, parseOrdersJson, Prng, runTcdaChecks, simulateMarket, type TradingCost } from "../lib/tcda.js";
import { readTextFile, writeTextAtomically } from "../solvers/atomic-file.js";
import { solveModel, SOLVER_NAMES, type SolveResult, solverNamed } from "../lib/solvers.js";
import { integerArg, numberListArg, positiveNumberArg } from "./options.js";

function readOrders(path: string, format?: string): Order[] {
  const text = readTextFile(path);
  const csv = format === "csv" || (format === undefined && /\.csv$/i.test(path));
  return csv ? parseOrdersCsv(text, path) : parseOrdersJson(text, path);
}

function parseCost(w: number[] | undefined): TradingCost {
  if (!w) return { fixed: 1, perUnit: 0 };
  if (w.length !== 2 || w[0]! < 0 || w[1]! < 0) throw new InputError("--cost needs two numbers >= 0: a,b for φ(x) = a·[x > 0] + b·x");
  return { fixed: w[0]!, perUnit: w[1]! };
}

interface Matched {
  readonly flows: Flows;
  readonly solve: SolveResult | null;
}

async function match(book: Book, traded: Float64Array, o: { matcher: string; solver: string; timeLimit?: number }, cost: TradingCost): Promise<Matched> {
  if (o.matcher === "greedy") return { flows: greedyMatch(book, traded), solve: null };
  const m = matchingModel(book, traded, cost);
  const solve = await solveModel(solverNamed(o.solver), m.model, o.timeLimit !== undefined ? { timeLimit: o.timeLimit } : {});
  if (!solve.values) throw new InputError(`the matching MILP ended ${solve.status} without a solution${solve.message ? `: ${solve.message}` : ""}`);
  return { flows: flowsFromSolution(m, solve.values), solve };
}

function clearCommand(): Command {
  return new Command("clear")
    .description("clear one round of the TCDA: the price, the winners (some cut), and who trades with whom")
    .argument("<ORDERS>", "orders as a JSON array of {id, side, price, quantity} (or CSV with that header)")
    .addOption(new Option("--format <json|csv>", "input format (default: from the extension, else JSON)").choices(["json", "csv"]))
    .addOption(new Option("--matcher <name>", "greedy: the paper's; milp: fewest transactions, exactly").choices(["greedy", "milp"]).default("greedy"))
    .addOption(new Option("--solver <name>", "backend for --matcher milp").choices(SOLVER_NAMES).default("highs"))
    .option("--cost <a,b>", "trading cost φ(x) = a·[x > 0] + b·x for the MILP (default 1,0: the number of transactions)", numberListArg)
    .option("--time-limit <seconds>", "time limit of the MILP", positiveNumberArg)
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      [
        "",
        "The price is the (M+1)-th highest of all unit prices (M = units offered). At one price, buyers rank",
        "before sellers, and within a side the earlier round, then the smaller id, trades first, whatever the",
        "order of the input.",
        "",
        "Example:",
        "  byzopt tcda clear book.json --matcher milp --json",
        "",
      ].join("\n"),
    )
    .action(async (file: string, o: { format?: string; matcher: string; solver: string; cost?: number[]; timeLimit?: number; json?: boolean }) => {
      const orders = readOrders(file, o.format);
      const book = bookFromOrders(orders);
      const clearing = clearBook(book);
      const cost = parseCost(o.cost);
      const { flows, solve } = clearing.volume > 0 ? await match(book, clearing.traded, o, cost) : { flows: { count: 0, seller: new Int32Array(0), buyer: new Int32Array(0), quantity: new Float64Array(0) }, solve: null };
      const winners = orders.flatMap((ord, k) => (clearing.traded[k]! > 0 ? [{ id: ord.id, side: ord.side, price: ord.price, quantity: ord.quantity, traded: clearing.traded[k]! }] : []));
      const result = {
        orders: orders.length,
        supply: clearing.supply,
        demand: clearing.demand,
        price: clearing.price,
        priceSetter: clearing.priceSetter === null ? null : idOf(book, clearing.priceSetter),
        volume: clearing.volume,
        welfare: allocationWelfare(book, clearing.traded),
        winners,
        matcher: o.matcher,
        ...(solve ? { solver: solve.solver, status: solve.status, bound: solve.bound, gap: solve.gap } : {}),
        transactions: flows.count,
        cost: flowCost(flows, cost),
        flows: Array.from({ length: flows.count }, (_, t) => ({ seller: idOf(book, flows.seller[t]!), buyer: idOf(book, flows.buyer[t]!), quantity: flows.quantity[t]! })),
      };
      if (o.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + "\n");
        return;
      }
      const out = [`${file}: ${orders.length} orders; supply M = ${result.supply} units, demand N = ${result.demand} units`];
      if (result.price === null) out.push("no demand: nothing trades");
      else {
        out.push(`clearing price P = ${result.price} (the (M+1)-th unit price, set by ${result.priceSetter}); ${result.volume} units trade; welfare ${result.welfare}`);
        out.push("", "winners:");
        for (const w of winners) out.push(`  ${w.side === "buy" ? "buy " : "sell"} ${w.id.padEnd(12)} ${String(w.traded).padStart(6)} of ${String(w.quantity).padEnd(6)} at ${w.price}${w.traded < w.quantity ? "  (cut)" : ""}`);
        const unproved = (r: SolveResult) => `${r.status}, not proved optimal: bound ${r.bound ?? "none"}${r.gap === null ? "" : `, gap ${(100 * r.gap).toFixed(1)}%`}`;
        const how = solve ? `${o.matcher} with ${solve.solver}: ${solve.status === "optimal" ? "optimal" : unproved(solve)}` : "greedy";
        out.push("", `transactions (${how}): ${flows.count}, cost ${result.cost}`);
        for (const f of result.flows) out.push(`  ${f.seller} -> ${f.buyer}: ${f.quantity}`);
      }
      process.stdout.write(out.join("\n") + "\n");
    });
}

function simulateCommand(): Command {
  return new Command("simulate")
    .description("continuous trading: rounds of arrivals and departures; unmatched remainders carry over")
    .requiredOption("--rounds <R>", "rounds", integerArg)
    .requiredOption("--traders <K>", "new orders per round", integerArg)
    .option("--seed <S>", "seed: the same seed gives the same market", integerArg, 1)
    .option("--departure <p>", "chance that a resting order leaves before each round", Number, DEFAULT_MARKET.departure)
    .addOption(new Option("--matcher <name>", "greedy or milp").choices(["greedy", "milp"]).default("greedy"))
    .addOption(new Option("--solver <name>", "backend for --matcher milp").choices(SOLVER_NAMES).default("highs"))
    .option("--json", "print the rounds as JSON")
    .addHelpText("after", `\nPrices are integers uniform in ${DEFAULT_MARKET.priceMin}..${DEFAULT_MARKET.priceMax} for both sides, quantities 1..${DEFAULT_MARKET.maxQuantity}; traders report truthfully.\n\nExample:\n  byzopt tcda simulate --rounds 20 --traders 50 --seed 7\n`)
    .action(async (o: { rounds: number; traders: number; seed: number; departure: number; matcher: string; solver: string; json?: boolean }) => {
      if (!Number.isInteger(o.rounds) || o.rounds < 1) throw new InputError(`--rounds must be a positive integer (got ${o.rounds})`);
      if (!Number.isInteger(o.traders) || o.traders < 0) throw new InputError(`--traders must be an integer >= 0 (got ${o.traders})`);
      if (!(o.departure >= 0 && o.departure <= 1)) throw new InputError(`--departure must be a probability in [0, 1] (got ${o.departure})`);
      const rng = new Prng(o.seed >>> 0);
      const matcher = (book: Book, traded: Float64Array) => match(book, traded, o, { fixed: 1, perUnit: 0 }).then((m) => m.flows);
      const rounds = await simulateMarket({ ...DEFAULT_MARKET, rounds: o.rounds, traders: o.traders, departure: o.departure }, () => rng.float(), matcher);
      if (o.json) {
        process.stdout.write(JSON.stringify({ seed: o.seed, matcher: o.matcher, rounds }, null, 2) + "\n");
        return;
      }
      const head = "round  orders  supply  demand   price  volume  trades  welfare  carried  left";
      const rows = rounds.map((r) =>
        [r.round, r.orders, r.supply, r.demand, r.price ?? "-", r.volume, r.trades, r.welfare, r.carried, r.departures].map((v, k) => String(v).padStart([5, 8, 8, 8, 8, 8, 8, 9, 9, 6][k]!)).join(""),
      );
      const total = rounds.reduce((s, r) => ({ volume: s.volume + r.volume, trades: s.trades + r.trades, welfare: s.welfare + r.welfare }), { volume: 0, trades: 0, welfare: 0 });
      process.stdout.write([head, ...rows, `total: ${total.volume} units in ${total.trades} transactions, welfare ${total.welfare}`].join("\n") + "\n");
    });
}

function checkCommand(): Command {
  return new Command("check")
    .description("check the paper's claims on random markets (fast-check): each claim held, or its smallest counterexample")
    .option("--runs <R>", "random books per claim (the solver-backed claims use fewer, as reported)", integerArg, 1000)
    .option("--seed <S>", "fast-check seed: the same seed gives the same report", integerArg, 1)
    .addOption(new Option("--solver <name>", "backend for the MILP and welfare claims (jslp cannot take the batched models)").choices(SOLVER_NAMES.filter((n) => n !== "jslp")).default("highs"))
    .option("--json", "print the report as JSON")
    .option("--out <file>", "also write the text report to a file (with --json, the JSON goes to stdout)")
    .addHelpText("after", "\nExit code 0 whatever the verdicts: a claim that fails is a finding, not an error.\n\nExamples:\n  byzopt tcda check --runs 10000 --seed 1\n  byzopt tcda check --runs 10000 --json --out tcda-check.txt > tcda-check.json\n")
    .action(async (o: { runs: number; seed: number; solver: string; json?: boolean; out?: string }) => {
      if (!Number.isInteger(o.runs) || o.runs < 1) throw new InputError(`--runs must be a positive integer (got ${o.runs})`);
      const onProgress = process.stderr.isTTY ? (claim: string, done: number) => process.stderr.write(`\r\x1b[K${claim}: ${done} books`) : undefined;
      const reports = await runTcdaChecks({ runs: o.runs, seed: o.seed >>> 0, solver: solverNamed(o.solver).name, ...(onProgress ? { onProgress } : {}) });
      if (onProgress) process.stderr.write("\r\x1b[K");
      const text = checkText(reports);
      if (o.out) writeTextAtomically(o.out, text);
      process.stdout.write(o.json ? JSON.stringify({ runs: o.runs, seed: o.seed, claims: reports }, null, 2) + "\n" : text);
    });
}

/** The check's report as text: one line per claim, its counterexample below it, the tally. */
function checkText(reports: Awaited<ReturnType<typeof runTcdaChecks>>): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(`${r.verdict === "held" ? "held          " : "COUNTEREXAMPLE"}  ${r.id}: ${r.statement} (${r.runs} books, ${r.seconds.toFixed(1)} s)`);
    if (r.counterexample) {
      out.push(`                ${r.counterexample.explanation}`);
      out.push(`                book: ${JSON.stringify(r.counterexample.orders)}`);
    }
  }
  const held = reports.filter((r) => r.verdict === "held").length;
  out.push("", `${held} of ${reports.length} claims held; ${reports.length - held} have a counterexample.`);
  return out.join("\n") + "\n";
}

export function tcdaCommand(): Command {
  return new Command("tcda")
    .description("the truthful continuous double auction of Blockcloud: clear books, simulate markets, check its claims")
    .addCommand(clearCommand())
    .addCommand(simulateCommand())
    .addCommand(checkCommand());
}
