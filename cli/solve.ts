import { Command, Option } from "commander";
import { modelStats, readModelFile } from "../lib/model.js";
import { SOLVER_NAMES, solverNamed } from "../lib/solvers.js";
import { NODE_LIMIT_HELP, nonNegativeIntegerArg, nonNegativeNumberArg, positiveNumberArg } from "./options.js";
import { resultLine, solutionCheck, solveWithProgress } from "./solve-output.js";

interface SolveFileOptions {
  format?: "lp" | "mps";
  solver: string;
  timeLimit?: number;
  nodeLimit?: number;
  gap?: number;
  json?: boolean;
  all?: boolean;
}

/** Non-zero values by variable name, in column order. */
function namedValues(names: readonly string[], values: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (let c = 0; c < values.length; c++) if (Math.abs(values[c]!) > 1e-9) out[names[c]!] = values[c]!;
  return out;
}

export function solveFileCommand(): Command {
  return new Command("solve")
    .description("solve any LP or MPS model file with the chosen backend")
    .argument("<FILE>", "a CPLEX LP (.lp) or MPS (.mps) file")
    .addOption(new Option("--format <lp|mps>", "file format (default: from the extension)").choices(["lp", "mps"]))
    .addOption(new Option("--solver <name>", "backend").choices(SOLVER_NAMES).default("highs"))
    .option("--time-limit <seconds>", "stop after this many seconds and report incumbent, bound and gap", positiveNumberArg)
    .option("--node-limit <nodes>", NODE_LIMIT_HELP, nonNegativeIntegerArg)
    .option("--gap <rel>", "accept a solution within this relative gap", nonNegativeNumberArg)
    .option("--json", "print the result as JSON, with the non-zero values by variable name")
    .option("--all", "list every non-zero value in text output (default: the first 40)")
    .addHelpText(
      "after",
      [
        "",
        "The file is read into byzopt's model and handed to the backend as data (HiGHS, glpk, jslp) or",
        "written as LP for the native programs (cbc, glpsol). An MPS maximisation that byzopt wrote as a",
        "negated minimisation is read back as the maximisation, so the objective keeps its sign.",
        "The solver's values are checked against the model by byzopt (JSON: check).",
        "",
        "Examples:",
        "  byzopt solve dbft-2-4-5.lp --solver cbc",
        "  byzopt solve dbft-2-4-5.mps --solver glpk --time-limit 60 --json",
        "  byzopt solve dbft-2-4-10.lp --solver cbc --node-limit 100",
        "",
      ].join("\n"),
    )
    .action(async (file: string, o: SolveFileOptions) => {
      const solver = solverNamed(o.solver);
      const model = readModelFile(file, o.format);
      const result = await solveWithProgress(solver, model, model.name, { timeLimit: o.timeLimit, nodeLimit: o.nodeLimit, relGap: o.gap });
      const check = solutionCheck(model, result);
      const names = model.colNames();
      const values = result.values ? namedValues(names, result.values) : null;
      if (o.json) {
        const { values: _v, ...rest } = result;
        process.stdout.write(JSON.stringify({ file, model: { name: model.name, direction: model.objective.direction, ...modelStats(model) }, ...rest, seconds: Number(result.seconds.toFixed(3)), check, values }, null, 2) + "\n");
      } else {
        const s = modelStats(model);
        const out = [`${file}: ${model.objective.direction}imize, ${s.vars} variables (${s.binaries} binary, ${s.integers} integer), ${s.constraints} constraints, ${s.nonzeros} non-zeros`, resultLine(result)];
        if (check) out.push(check.feasible ? "checked by byzopt: the values satisfy every row, bound and integrality" : `warning: the values break the model (row violation ${check.rowViolation}, worst row ${check.worstRow})`);
        if (values) {
          const entries = Object.entries(values);
          const shown = o.all ? entries : entries.slice(0, 40);
          out.push("", `non-zero values (${entries.length}):`, ...shown.map(([k, v]) => `  ${k} = ${Number(v.toFixed(9))}`));
          if (shown.length < entries.length) out.push(`  ... ${entries.length - shown.length} more (--all or --json)`);
        }
        process.stdout.write(out.join("\n") + "\n");
      }
      if (result.status === "error") process.exitCode = 1;
    });
}
