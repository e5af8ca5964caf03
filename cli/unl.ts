import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { match } from "ts-pattern";
import { InputError } from "../formulations/input-error.js";
import { countingBound, csfForkablePairs, type FaultBudget, overlapStats, parseUnlJson, quorum, theorem8, type UnlConfig, unlsFromSolution, worstOverlapClosedForm, worstOverlapModel, type WorstOverlapParams } from "../formulations/unl/index.js";
import { formatOfPath, writeModelFile } from "../instances/generate.js";
import { fsErrorReason, writeTextAtomically } from "../solvers/atomic-file.js";
import { SOLVER_NAMES, solverNamed, solveModel } from "../solvers/registry.js";
import { integerArg, NODE_LIMIT_HELP, nonNegativeIntegerArg, positiveNumberArg } from "./options.js";

function readUnlFile(path: string, selfTrust: boolean): UnlConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${fsErrorReason(err, "read")}`);
  }
  return parseUnlJson(text, path, { selfTrust });
}

/** Every static check of spec §3 on one configuration, with names instead of ids. */
export function boundsReport(c: UnlConfig, budget: FaultBudget) {
  const name = (i: number) => c.names[i];
  const t8 = theorem8(c, budget);
  const csf = csfForkablePairs(c);
  const counting = countingBound(c);
  const stats = overlapStats(c);
  return {
    validators: c.names.length,
    byzantine: c.names.filter((_, i) => c.byzantine[i]),
    quorumPct: c.quorumPct,
    overlap: { min: stats.min, mean: stats.mean, honestPairs: stats.pairs },
    theorem8: {
      budget,
      holds: t8.violations.length === 0,
      orderedPairs: t8.pairs,
      violations: t8.violations.length,
      minSlack: t8.minSlack && { i: name(t8.minSlack.i), j: name(t8.minSlack.j), overlap: t8.minSlack.overlap, slack: t8.minSlack.slack },
      firstViolations: t8.violations.slice(0, 10).map((v) => ({ i: name(v.i), j: name(v.j), overlap: v.overlap, slack: v.slack })),
    },
    csf: { distinctUnls: csf.distinctUnls, forkablePairs: csf.forkable.length, first: csf.forkable.slice(0, 10).map(([a, b]) => [name(a), name(b)]) },
    counting: {
      honestPairs: counting.pairs,
      forkablePairs: counting.forkable.length,
      missedByCsf: counting.missedByCsf.length,
      first: counting.forkable.slice(0, 10).map((p) => ({ i: name(p.i), j: name(p.j), overlap: p.overlap, byzantineShared: p.byzantineShared })),
    },
  };
}

function boundsCommand(): Command {
  return new Command("bounds")
    .description("the static safety checks of a UNL configuration: Theorem 8 (Chase–MacBrough), csf's forkable pairs, the counting bound, overlaps")
    .requiredOption("--unl-file <file>", 'JSON: {"validator": ["trusted", …], …} or {"unls": {…}, "byzantine": […], "quorumPct": 80}')
    .addOption(new Option("--budget <kind>", "Theorem 8's t_i: Byzantine actually in UNL_i, or the design's n_i − q_i").choices(["actual", "design"]).default("actual"))
    .option("--self-trust", "allow a validator in its own UNL")
    .option("--json", "print the report as JSON")
    .addHelpText("after", ["", "Exit code 0 whatever the verdicts (a violated bound is a finding).", "", "Example:", "  byzopt unl bounds --unl-file unls.json --budget design --json", ""].join("\n"))
    .action((o: { unlFile: string; budget: FaultBudget; selfTrust?: boolean; json?: boolean }) => {
      const r = boundsReport(readUnlFile(o.unlFile, o.selfTrust === true), o.budget);
      if (o.json) {
        process.stdout.write(JSON.stringify(r, null, 2) + "\n");
        return;
      }
      const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
      const t8 = r.theorem8;
      process.stdout.write(
        [
          `${r.validators} validators, ${r.byzantine.length} Byzantine, quorum ${r.quorumPct} %; honest overlap ω: min ${pct(r.overlap.min)}, mean ${pct(r.overlap.mean)}`,
          `Theorem 8 (${t8.budget} budget): ${t8.holds ? "holds" : "VIOLATED"} for ${t8.orderedPairs - t8.violations} of ${t8.orderedPairs} ordered honest pairs` +
            (t8.minSlack ? `; least slack ${t8.minSlack.slack} (${t8.minSlack.i}, ${t8.minSlack.j}, overlap ${t8.minSlack.overlap})` : ""),
          `csf forkablePairs: ${r.csf.forkablePairs} of the pairs of ${r.csf.distinctUnls} distinct UNLs`,
          `counting bound: ${r.counting.forkablePairs} honest pairs can fork (${r.counting.missedByCsf} of them not flagged by csf)`,
        ].join("\n") + "\n",
      );
    });
}

interface WorstOptions {
  nodes: number;
  unlSize: number;
  byzantine: number;
  t: number;
  quorumPct: number;
  selfTrust?: boolean;
  model: "pair" | "full";
  solver: string;
  timeLimit?: number;
  nodeLimit?: number;
  out?: string;
  json?: boolean;
  unlOut?: string;
}

function worstOverlapCommand(): Command {
  return new Command("worst-overlap")
    .description("the largest minimum UNL overlap that still admits two honest-disjoint quorums (a fork), as a MILP, beside Theorem 8 and the closed form")
    .requiredOption("--nodes <N>", "validators", integerArg)
    .requiredOption("--unl-size <n>", "UNL size of every validator", integerArg)
    .option("--byzantine <f>", "Byzantine validators (ids 1..f)", nonNegativeIntegerArg, 0)
    .option("--t <t>", "at most t Byzantine in any UNL", nonNegativeIntegerArg, 0)
    .option("--quorum-pct <pct>", "quorum q = ⌈pct·n/100⌉", positiveNumberArg, 80)
    .option("--self-trust", "every validator trusts itself")
    .addOption(new Option("--model <kind>", "pair: the two forking validators' UNLs (others copy a's); full: every honest UNL").choices(["pair", "full"]).default("pair"))
    .addOption(new Option("--solver <name>", "backend").choices(SOLVER_NAMES).default("highs"))
    .option("--time-limit <seconds>", "time limit", positiveNumberArg)
    .option("--node-limit <nodes>", NODE_LIMIT_HELP, nonNegativeIntegerArg)
    .option("--out <file>", "also write the model (.lp or .mps)")
    .option("--unl-out <file>", "write the worst configuration as a UNL file (validator → UNL, with its Byzantine list)")
    .option("--json", "print the result as JSON")
    .addHelpText("after", ["", "Examples:", "  byzopt unl worst-overlap --nodes 45 --unl-size 20 --byzantine 5 --t 4", "  byzopt unl worst-overlap --nodes 20 --unl-size 8 --byzantine 2 --t 2 --model full --out w.lp", ""].join("\n"))
    .action(async (o: WorstOptions) => {
      const p: WorstOverlapParams = { nodes: o.nodes, unlSize: o.unlSize, byzantine: o.byzantine, maxByzantinePerUnl: o.t, quorumPct: o.quorumPct, selfTrust: o.selfTrust === true, model: o.model };
      const wm = worstOverlapModel(p);
      if (o.out) {
        const format = formatOfPath(o.out);
        if (!format) throw new InputError(`--out ${o.out}: the name must end in .lp or .mps`);
        try {
          writeModelFile(wm.model, o.out, format, [`byzopt unl worst-overlap: N=${p.nodes} n=${p.unlSize} f=${p.byzantine} t=${p.maxByzantinePerUnl} model=${p.model}`]);
        } catch (err) {
          throw new InputError(`cannot write ${o.out}: ${fsErrorReason(err)}`);
        }
      }
      const r = await solveModel(solverNamed(o.solver), wm.model, { ...(o.timeLimit !== undefined ? { timeLimit: o.timeLimit } : {}), ...(o.nodeLimit !== undefined ? { nodeLimit: o.nodeLimit } : {}) });
      const n = p.unlSize;
      const q = quorum(n, p.quorumPct);
      const closed = worstOverlapClosedForm(p);
      // Theorem 8 with equal sizes and t_ij = t: O > n/2 + n − q + t.
      const theorem = Math.floor(n / 2 + n - q + Math.min(p.maxByzantinePerUnl, n)) + 1;
      const result = {
        params: p,
        quorum: q,
        status: r.status,
        overlap: r.objective ?? null,
        bound: r.bound ?? null,
        gap: r.gap ?? null,
        seconds: r.seconds,
        closedForm: closed,
        theorem8Needs: theorem,
        csfLine: Math.ceil(2 * (1 - p.quorumPct / 100) * n),
      };
      if (o.unlOut && r.values) {
        const unls = unlsFromSolution(wm, r.values);
        const a = wm.trusting[0];
        const name = (v: number) => `v${v}`;
        const lists: Record<string, string[]> = {};
        for (let k = 1; k <= p.nodes; k++) {
          const own = unls.get(k) ?? copyOf(unls.get(a)!, k, p.nodes, p.selfTrust);
          lists[name(k)] = own.map(name);
        }
        writeTextAtomically(o.unlOut, JSON.stringify({ unls: lists, byzantine: Array.from({ length: p.byzantine }, (_, i) => name(i + 1)), quorumPct: p.quorumPct }, null, 2) + "\n");
      }
      if (o.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + "\n");
        return;
      }
      const verdict = match(r.status)
        .with("optimal", () => `worst overlap ${result.overlap} of ${n} (${((100 * result.overlap!) / n).toFixed(0)} %), proved`)
        .with("infeasible", () => "infeasible: no two honest-disjoint quorums fit, at any overlap")
        .otherwise((s) => `${s}: incumbent ${result.overlap ?? "none"}, bound ${result.bound ?? "none"}`);
      process.stdout.write(
        `${verdict}\nclosed form O* = ${closed.overlap}${closed.applies ? "" : " (does not apply: the lists do not fit)"}; Theorem 8 needs O ≥ ${theorem}; csf flags O < ${result.csfLine}\n`,
      );
    });
}

/** A UNL for a validator the pair model does not model: a's list, itself replaced by another validator. */
function copyOf(list: readonly number[], k: number, nodes: number, selfTrust: boolean): number[] {
  const out = list.filter((v) => v !== k);
  if (selfTrust && !out.includes(k)) out.unshift(k);
  for (let v = 1; out.length < list.length && v <= nodes; v++) if (v !== k && !out.includes(v)) out.push(v);
  return out.slice(0, list.length);
}

export function unlCommand(): Command {
  return new Command("unl")
    .description("Ripple UNL consensus: static safety bounds and the worst overlap that still forks (the simulators come next)")
    .addCommand(boundsCommand())
    .addCommand(worstOverlapCommand());
}
