import { Command, Option } from "commander";
import { FILE_FORMATS, InputError, parseFileFormat } from "../lib/model.js";
import { generateInstances, gridOf, PAPER_GRID } from "../lib/dbft.js";
import { dbftParamsFromOptions, DBFT_OPTION_HELP, integerListArg, numberListArg } from "./options.js";
import { stepNotice } from "./progress.js";

interface InstancesOptions {
  paper?: boolean;
  n?: number[];
  tmax?: number[];
  out: string;
  format: string;
  objective?: string;
  weights?: number[];
  direction?: string;
  deliver?: number[];
  strengthen?: boolean | string;
  json?: boolean;
}

export function instancesCommand(): Command {
  return new Command("instances")
    .description("write a set of dBFT 2.0 instances as dbft-2-N-tmax.lp (or .mps) plus catalog.json with their statistics")
    .option("--paper", "the twelve instances of the paper's Table 1")
    .option("--n <list>", "node counts for a grid, e.g. 4,7", integerListArg)
    .option("--tmax <list>", "steps per view for a grid, e.g. 5,10", integerListArg)
    .requiredOption("--out <DIR>", "directory to write into (created if missing)")
    .addOption(new Option("--format <lp|mps>", "file format").choices(FILE_FORMATS).default("lp"))
    .option("--objective <preset>", DBFT_OPTION_HELP.objective)
    .option("--weights <w1,w2,w3>", DBFT_OPTION_HELP.weights, numberListArg)
    .option("--direction <min|max>", DBFT_OPTION_HELP.direction)
    .option("--deliver <list>", DBFT_OPTION_HELP.deliver, integerListArg)
    .option("--strengthen [families]", DBFT_OPTION_HELP.strengthen)
    .option("--json", "print the catalog as JSON")
    .addHelpText(
      "after",
      [
        "",
        "The paper set is about 1.2 GB of LP text (dbft-2-19-25 alone is ~450 MB).",
        "",
        "Examples:",
        "  byzopt instances --paper --out instances-paper",
        "  byzopt instances --n 4,7 --tmax 5,10 --objective P3 --deliver 3,4 --out grid --format mps",
        "",
      ].join("\n"),
    )
    .action((o: InstancesOptions) => {
      if (o.paper && (o.n || o.tmax)) throw new InputError("give either --paper or --n and --tmax, not both");
      if (!o.paper && !(o.n && o.tmax)) throw new InputError("choose the instances: --paper, or --n LIST and --tmax LIST");
      const grid = o.paper ? PAPER_GRID : gridOf(o.n!, o.tmax!);
      // Validates objective, weights and delivery once, with the first grid point, before anything is written.
      const first = dbftParamsFromOptions({ ...o, n: grid[0]!.n, tmax: grid[0]!.tmax });
      const catalog = generateInstances(grid, {
        outDir: o.out,
        format: parseFileFormat(o.format),
        objective: first.objective,
        deliver: first.deliver,
        strengthen: first.strengthen,
        onInstance: (g, k, total) => stepNotice(`[${k + 1}/${total}] dbft-2-${g.n}-${g.tmax}`),
      });
      if (o.json) {
        process.stdout.write(JSON.stringify(catalog, null, 2) + "\n");
        return;
      }
      const lines = catalog.instances.map((e) => `${e.file.padEnd(18)} ${String(e.stats.vars).padStart(8)} vars ${String(e.stats.constraints).padStart(8)} rows ${String(e.stats.nonzeros).padStart(9)} nz ${String(e.bytes).padStart(10)} bytes`);
      process.stdout.write(`${lines.join("\n")}\nwrote ${catalog.instances.length} instances and catalog.json to ${o.out}\n`);
    });
}
