import { Command, CommanderError } from "commander";
import { InputError } from "../lib/model.js";
import { codagCommand } from "./codag.js";
import { dbftCommand } from "./dbft.js";
import { forkingCommand } from "./forking.js";
import { instancesCommand } from "./instances.js";
import { posCommand } from "./pos.js";
import { schemasCommand } from "./schemas.js";
import { solveFileCommand } from "./solve.js";
import { compareCommand } from "./compare.js";
import { sweepCommand } from "./sweep.js";
import { tcdaCommand } from "./tcda.js";
import { unlCommand } from "./unl.js";
import { verifyCommand } from "./verify.js";

export function buildProgram(): Command {
  const program = new Command("byzopt")
    .description("Blockchain consensus and market mechanisms as optimization problems: generate, solve and check them.")
    .version("0.1.0")
    .addHelpText(
      "after",
      [
        "",
        "Start here:",
        "  byzopt dbft stats --n 4 --tmax 5            sizes of the paper's smallest instance",
        "  byzopt dbft solve --n 4 --tmax 5 --objective P1   the attack with most blocks and views",
        "  byzopt instances --paper --out DIR          the paper's twelve instances as LP files",
        "  byzopt sweep --instances paper --compare --out DIR   prove the paper's instances, paper's model vs --strengthen",
        "  byzopt solve FILE.lp --solver cbc           any LP/MPS model with highs, glpk, jslp, cbc or glpsol",
        "  byzopt verify dbft --n 4 --dead 1 --out cex  search simulated runs for a liveness lock (or a fork)",
        "  byzopt tcda clear book.json --matcher milp   clear a double-auction book, fewest transactions",
        "  byzopt forking check --runs 50              the forking paper's model and claims against a simulator",
        "  byzopt unl worst-overlap --nodes 45 --unl-size 20 --byzantine 5 --t 4   how tight Ripple's overlap bound is",
        "  byzopt codag race --q 0.3 --k 10 --m 2 --z 1..6   CoDAG: an adversary's catch-up, formulas vs real DAGs",
        "  byzopt pos rates --n 20 --delta 16 --p-true 0.7,0.8,0.9   Proof of Service: exact reward and error rates",
        "  byzopt schemas list                         the JSON files byzopt reads and writes, with JSON Schemas",
        "",
        "Bad input prints one line on stderr and exits with code 2.",
        "",
      ].join("\n"),
    );
  program.addCommand(dbftCommand());
  program.addCommand(instancesCommand());
  program.addCommand(solveFileCommand());
  program.addCommand(compareCommand());
  program.addCommand(sweepCommand());
  program.addCommand(verifyCommand());
  program.addCommand(tcdaCommand());
  program.addCommand(forkingCommand());
  program.addCommand(unlCommand());
  program.addCommand(codagCommand());
  program.addCommand(posCommand());
  program.addCommand(schemasCommand());
  forEachCommand(program, (cmd) =>
    cmd
      .exitOverride()
      .showSuggestionAfterError()
      // Errors stay on one line ("unknown command 'x' (Did you mean y?)").
      .configureOutput({ outputError: (text, write) => write(text.trimEnd().replace(/\s*\n\s*/g, " ") + "\n") }),
  );
  return program;
}

/** Commands added with addCommand do not inherit settings, so they are applied to the whole tree. */
function forEachCommand(cmd: Command, apply: (c: Command) => void): void {
  apply(cmd);
  for (const sub of cmd.commands) forEachCommand(sub, apply);
}

/** Runs the CLI; returns the exit code instead of exiting so tests can call it. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its one-line error otherwise.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof InputError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`error: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}
