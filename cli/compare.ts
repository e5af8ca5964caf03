import { existsSync, statSync } from "node:fs";
import { Command, Option } from "commander";
import { InputError } from "../lib/model.js";
import { compareFile, type FileComparison, SOLVER_NAMES, type SolverName } from "../lib/solvers.js";
import { positiveNumberArg } from "./options.js";
import { formatGap, stepNotice } from "./progress.js";

interface CompareCommandOptions {
  format?: "lp" | "mps";
  timeLimit: number;
  solvers?: string;
  direct: boolean;
  json?: boolean;
}

function solverList(value: string): SolverName[] {
  const names = value.split(",").map((s) => s.trim());
  for (const n of names) if (!(SOLVER_NAMES as readonly string[]).includes(n)) throw new InputError(`unknown solver ${JSON.stringify(n)}: available: ${SOLVER_NAMES.join(", ")}`);
  return names as SolverName[];
}

const num = (x: number | null) => (x === null ? "–" : String(Number(x.toPrecision(12))));

/** The text report of one file: its verdict line, one line per answer, then the notes. */
export function comparisonText(c: FileComparison): string {
  const head = c.readError
    ? `${c.file}: refused by byzopt's reader: ${c.readError}`
    : `${c.file}: ${c.verdict}${c.consensus ? ` (${c.consensus.status}${c.consensus.objective !== null ? ` ${num(c.consensus.objective)}` : ""})` : ""}`;
  const rows = c.cells.map((cell) => {
    const checked = cell.checked === null ? "" : cell.checked ? "checked" : "BREAKS THE MODEL";
    const what = cell.status === "refused" ? `refused: ${cell.message}` : `${cell.status.padEnd(10)} ${num(cell.objective).padStart(16)}  gap ${formatGap(cell.gap).padEnd(7)} ${cell.seconds.toFixed(1).padStart(6)} s  ${checked}`;
    return `  ${cell.who.padEnd(16)} ${what}`.trimEnd();
  });
  return [head, ...rows, ...c.notes.map((n) => `  note: ${n}`)].join("\n");
}

export function compareCommand(): Command {
  return new Command("compare")
    .description("solve model files with every backend, hand them to CBC and glpsol as they are, and say whether all verdicts agree")
    .argument("<FILE...>", "CPLEX LP (.lp) or MPS (.mps) files")
    .addOption(new Option("--format <lp|mps>", "file format (default: from each extension)").choices(["lp", "mps"]))
    .option("--time-limit <seconds>", "seconds each backend and program may take", positiveNumberArg, 60)
    .option("--solvers <list>", `backends to run, comma-separated (default: ${SOLVER_NAMES.join(",")})`)
    .option("--no-direct", "do not hand the files to CBC and glpsol as they are")
    .option("--json", "print the comparisons as JSON")
    .addHelpText(
      "after",
      [
        "",
        "A verdict counts when it is a proof about the model: optimal, infeasible or unbounded. Backends agree",
        "when their finished verdicts are the same and their optima match within 1e-6 (or the gap a solver",
        "proved its optimum to); every solution is checked by byzopt's evaluator. A native program that",
        "reads the file itself and finds the LP relaxation's optimum is 'explained' (it dropped the",
        "integrality); any other difference is 'disagree', and the exit code is 1.",
        "",
        "Examples:",
        "  byzopt compare model.mps",
        "  byzopt compare models/*.lp models/*.mps --time-limit 20 --json",
        "  byzopt compare big.lp --solvers highs,cbc --no-direct",
        "",
      ].join("\n"),
    )
    .action(async (files: string[], o: CompareCommandOptions) => {
      const solvers = o.solvers ? solverList(o.solvers) : undefined;
      for (const f of files) {
        if (!existsSync(f)) throw new InputError(`cannot read ${f}: no such file`);
        if (!statSync(f).isFile()) throw new InputError(`cannot read ${f}: not a file`);
      }
      const results: FileComparison[] = [];
      for (const [k, file] of files.entries()) {
        if (files.length > 1 && !o.json) stepNotice(`[${k + 1}/${files.length}] ${file}`);
        const c = await compareFile(file, { ...(o.format ? { format: o.format } : {}), timeLimit: o.timeLimit, ...(solvers ? { solvers } : {}), direct: o.direct });
        results.push(c);
        if (!o.json) process.stdout.write(comparisonText(c) + "\n");
      }
      if (o.json) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
      if (results.some((c) => c.verdict === "disagree")) process.exitCode = 1;
    });
}
