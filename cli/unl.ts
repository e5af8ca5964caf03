import { Command, InvalidArgumentError, Option } from "commander";
import { match } from "ts-pattern";
import { formatOfPath, InputError, writeModelFile } from "../lib/model.js";
import { type ByzPlacement, clusterUnls, coreUnls, countingBound, csfForkablePairs, type FaultBudget, fullStartFromPair, overlapStats, parseUnlJson, quorum, quorumsFromSolution, type RngMap, RPCA_DEFAULTS, type RpcaByzantine, runSchwartz, SCHWARTZ_DEFAULTS, type SchwartzConfig, theorem8, type UnlConfig, type UnlGenerator, unlsFromSolution, worstOverlapClosedForm, worstOverlapModel, type WorstOverlapParams } from "../lib/unl.js";
import { readTextFile, writeTextAtomically } from "../solvers/atomic-file.js";
import { solveModel, SOLVER_NAMES, solverNamed } from "../lib/solvers.js";
import { csvRow } from "../verify/shared/csv.js";
import { gridCommand } from "./unl-grid.js";
import { simulateRpca } from "./unl-rpca.js";
import { integerArg, NODE_LIMIT_HELP, nonNegativeIntegerArg, positiveNumberArg } from "./options.js";

function readUnlFile(path: string, selfTrust: boolean): UnlConfig {
  return parseUnlJson(readTextFile(path), path, { selfTrust });
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
  strengthen?: boolean;
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
    .option("--strengthen", "add the valid inequality w(ab, v) + x_v + y_v ≤ u(a, v) + u(b, v) (the counting argument; same optimum, tight LP bound)")
    .addOption(new Option("--solver <name>", "backend").choices(SOLVER_NAMES).default("highs"))
    .option("--time-limit <seconds>", "time limit", positiveNumberArg)
    .option("--node-limit <nodes>", NODE_LIMIT_HELP, nonNegativeIntegerArg)
    .option("--out <file>", "also write the model (.lp or .mps)")
    .option("--unl-out <file>", "write the worst configuration as a UNL file (validator → UNL, with its Byzantine list)")
    .option("--json", "print the result as JSON")
    .addHelpText("after", ["", "Examples:", "  byzopt unl worst-overlap --nodes 45 --unl-size 20 --byzantine 5 --t 4", "  byzopt unl worst-overlap --nodes 20 --unl-size 8 --byzantine 2 --t 2 --model full --out w.lp", ""].join("\n"))
    .action(async (o: WorstOptions) => {
      const p: WorstOverlapParams = { nodes: o.nodes, unlSize: o.unlSize, byzantine: o.byzantine, maxByzantinePerUnl: o.t, quorumPct: o.quorumPct, selfTrust: o.selfTrust === true, model: o.model, strengthen: o.strengthen === true };
      const wm = worstOverlapModel(p);
      const solver = solverNamed(o.solver);
      // The full model is symmetric and finds good solutions slowly: start it from the pair model's optimum.
      let start: Float64Array | null = null;
      if (p.model === "full" && solver.takesStart) {
        const pair = worstOverlapModel({ ...p, model: "pair" });
        const pr = await solveModel(solver, pair.model, {});
        if (pr.values && pr.status === "optimal") start = fullStartFromPair(wm, pair, pr.values);
      }
      if (o.out) {
        const format = formatOfPath(o.out);
        if (!format) throw new InputError(`--out ${o.out}: the name must end in .lp or .mps`);
        writeModelFile(wm.model, o.out, format, [`byzopt unl worst-overlap: N=${p.nodes} n=${p.unlSize} f=${p.byzantine} t=${p.maxByzantinePerUnl} model=${p.model}`]);
      }
      const r = await solveModel(solver, wm.model, { ...(o.timeLimit !== undefined ? { timeLimit: o.timeLimit } : {}), ...(o.nodeLimit !== undefined ? { nodeLimit: o.nodeLimit } : {}), ...(start ? { start } : {}) });
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
        startFromPair: start ? start[wm.z] : null,
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
        // Sides as solved: the honest members of each quorum; a and b join their own side unless the other
        // quorum holds them; validators in neither quorum (the copies of UNL_a) stay on side A.
        const q = quorumsFromSolution(wm, r.values);
        const b = wm.trusting[1];
        const side = (members: number[], own: number, other: number[]) => [...new Set([...members.filter((v) => v > p.byzantine), ...(other.includes(own) ? [] : [own])])].sort((x, y) => x - y).map(name);
        const sideA = side(q.a, a, q.b);
        const sideB = side(q.b, b, q.a);
        writeTextAtomically(o.unlOut, JSON.stringify({ unls: lists, byzantine: Array.from({ length: p.byzantine }, (_, i) => name(i + 1)), quorumPct: p.quorumPct, sides: { A: sideA, B: sideB } }, null, 2) + "\n");
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

interface SimulateOptions {
  mode: "schwartz" | "rpca";
  nodes?: number;
  malicious?: number;
  maliciousPct?: number;
  consensusPct: number;
  seed?: number;
  rngMap: RngMap;
  maxTime?: number;
  fixNodeZero?: boolean;
  fixSuppress?: boolean;
  fixUnsignedState?: boolean;
  unlGen?: UnlGenerator;
  overlap?: number;
  unlFile?: string;
  json?: boolean;
  csv?: boolean;
  tally?: "all" | "honest";
  byz?: RpcaByzantine;
  byzPlacement?: ByzPlacement;
  runs?: number;
  ledgers?: number;
  svg?: string;
}

/** Options that belong to one mode only. */
const SCHWARTZ_ONLY = ["consensusPct", "rngMap", "fixNodeZero", "fixSuppress", "fixUnsignedState", "tally"] as const;
const RPCA_ONLY = ["byz", "byzPlacement", "runs", "ledgers", "svg"] as const;
const FLAG = (k: string) => "--" + k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

/**
 * A UNL file for the simulator: upstream's contrarian nodes are ids 0..M−1, so the file's Byzantine
 * validators take the lowest ids (in file order), the honest ones follow (in file order).
 */
export function simulatorIds(c: UnlConfig): { order: number[]; unls: number[][]; malicious: number } {
  const order = [...c.names.keys()].sort((a, b) => Number(c.byzantine[b]) - Number(c.byzantine[a]) || a - b);
  const idOf = new Map(order.map((v, id) => [v, id]));
  return { order, unls: order.map((v) => c.unls[v].map((w) => idOf.get(w)!)), malicious: c.byzantine.filter(Boolean).length };
}

function simulateCommand(): Command {
  const d = SCHWARTZ_DEFAULTS;
  return new Command("simulate")
    .description("Ripple consensus, simulated: upstream's original simulator draw for draw (schwartz), or rounds of ledgers with validations and forks (rpca)")
    .addOption(new Option("--mode <mode>", "schwartz: the upstream simulator, exactly; rpca: rippled's rounds, validations, fully-validated ledgers, forks").choices(["schwartz", "rpca"]).default("schwartz"))
    .option("--nodes <N>", `nodes (default: schwartz ${d.nodes}, rpca ${RPCA_DEFAULTS.nodes})`, integerArg)
    .option("--malicious <M>", `malicious nodes (default: schwartz ${d.malicious}, ids 0..M−1; rpca 0)`, nonNegativeIntegerArg)
    .option("--malicious-pct <pct>", "malicious nodes as a percentage of all (rounded down)", nonNegativeNumberArgPct)
    .option("--consensus-pct <pct>", "schwartz: stop when more than this share of all nodes agree", integerArg, d.consensusPct)
    .option("--seed <seed>", `seed (default: schwartz ${d.seed}, upstream's std::mt19937 default; rpca 1)`, nonNegativeIntegerArg)
    .addOption(new Option("--rng-map <map>", "schwartz: uniform_int_distribution's integer mapping, libstdc++ ≥ 11 or older").choices(["lemire", "legacy"]).default(d.rngMap))
    .option("--max-time <ms>", `stop (censored) at this simulated time (default: schwartz ${d.maxTime}, rpca ${RPCA_DEFAULTS.maxTime})`, integerArg)
    .addOption(new Option("--byz <kind>", "rpca: what the malicious validators do").choices(["silent", "contrarian", "equivocate"]).default("silent"))
    .addOption(new Option("--byz-placement <where>", "rpca: malicious validators at the top of the ranking (in the shared core) or ids 0..M−1").choices(["core", "ids"]).default("ids"))
    .option("--runs <R>", "rpca: runs with seeds seed, seed+1, …", integerArg)
    .option("--ledgers <L>", `rpca: stop once an honest validator fully validated this seq (default ${RPCA_DEFAULTS.ledgers})`, integerArg)
    .option("--svg <file>", "rpca: draw the fully-validated ledgers of the first run with a fork (else the first run)")
    .option("--fix-node-zero", "fix upstream's quirk: a merge never updates an existing entry about node 0")
    .option("--fix-suppress", "fix upstream's quirk: suppress into messages sent at ≥ now (should be > now)")
    .addOption(new Option("--tally <who>", "schwartz: the stop test counts every node (upstream) or the honest ones only (against ⌊(N − M)·CP/100⌋)").choices(["all", "honest"]))
    .option("--fix-unsigned-state", "fix upstream's quirk: −1 travels as 255, so a known −1 with a newer ts is learned again")
    .addOption(new Option("--unl-gen <kind>", "UNLs: upstream's random draw, a shared ranked core (core), or two groups around a core (clusters) (default: schwartz random, rpca core)").choices(["random", "core", "clusters"]))
    .option("--overlap <pct>", "with --unl-gen core|clusters: the share x of each UNL taken from the global ranking (rpca default 100)", nonNegativeNumberArgPct)
    .option("--unl-file <file>", "run these UNLs (JSON, as `unl bounds` reads; e.g. from `worst-overlap --unl-out`): the file sets the nodes and the malicious ones")
    .option("--json", "print the result as JSON")
    .option("--csv", "print the result as CSV (rpca: one row per run)")
    .addHelpText(
      "after",
      [
        "",
        "schwartz's defaults are upstream's: 1000 nodes, 15 malicious, 80 %, seed 5489, and the run ends at 631 ms",
        "with 74,929 messages on the wire and 249 sent per node.",
        "",
        "rpca stops when an honest validator fully validated seq 30 (--ledgers) or at 300 s. A fork while",
        "Theorem 8 holds for every honest pair (or a same-seq fork the counting bound rules out) is printed",
        "first and the command exits 3.",
        "",
        "Examples:",
        "  byzopt unl simulate",
        "  byzopt unl simulate --malicious-pct 25 --consensus-pct 70 --json",
        "  byzopt unl simulate --mode rpca --nodes 100 --runs 5",
        "  byzopt unl simulate --mode rpca --unl-gen clusters --overlap 40 --malicious 2 --byz equivocate --byz-placement core --svg fork.svg",
        "",
      ].join("\n"),
    )
    .action((o: SimulateOptions, cmd: Command) => {
      const fromCli = (k: string) => cmd.getOptionValueSource(k) === "cli";
      if (o.json && o.csv) throw new InputError("give --json or --csv, not both");
      const foreign = (o.mode === "schwartz" ? RPCA_ONLY : SCHWARTZ_ONLY).filter(fromCli);
      if (foreign.length > 0) throw new InputError(`${foreign.map(FLAG).join(", ")} ${foreign.length > 1 ? "apply" : "applies"} to --mode ${o.mode === "schwartz" ? "rpca" : "schwartz"} only`);
      if (o.mode === "rpca") {
        const file = o.unlFile !== undefined ? readUnlFile(o.unlFile, false) : undefined;
        if (file && (o.unlGen !== undefined || o.overlap !== undefined || o.malicious !== undefined || o.maliciousPct !== undefined || o.nodes !== undefined)) throw new InputError("--unl-file sets the validators, UNLs and Byzantine ones: drop --nodes, --unl-gen, --overlap and --malicious");
        process.exitCode = simulateRpca({
          ...(o.nodes !== undefined ? { nodes: o.nodes } : {}),
          ...(o.malicious !== undefined ? { malicious: o.malicious } : {}),
          ...(o.maliciousPct !== undefined ? { maliciousPct: o.maliciousPct } : {}),
          byz: o.byz ?? "silent",
          byzPlacement: o.byzPlacement ?? "ids",
          ...(o.unlGen !== undefined ? { unlGen: o.unlGen } : {}),
          ...(o.overlap !== undefined ? { overlap: o.overlap } : {}),
          ...(file ? { unlFile: file, unlFileName: o.unlFile } : {}),
          seed: o.seed ?? 1,
          runs: o.runs ?? 1,
          ledgers: o.ledgers ?? RPCA_DEFAULTS.ledgers,
          ...(o.maxTime !== undefined ? { maxTime: o.maxTime } : {}),
          ...(o.svg !== undefined ? { svg: o.svg } : {}),
          ...(o.json ? { json: true } : {}),
          ...(o.csv ? { csv: true } : {}),
        });
        return;
      }
      o.nodes ??= d.nodes;
      o.seed ??= d.seed;
      o.maxTime ??= d.maxTime;
      o.unlGen ??= "random";
      const given = o.unlFile !== undefined ? readUnlFile(o.unlFile, false) : undefined;
      const file = given ? simulatorIds(given) : undefined;
      if (file) {
        if (o.unlGen !== "random" || o.overlap !== undefined || o.malicious !== undefined || o.maliciousPct !== undefined) throw new InputError("--unl-file sets the UNLs and the malicious nodes: drop --unl-gen, --overlap and --malicious");
        o.nodes = file.unls.length;
        o.malicious = file.malicious;
      }
      if (!Number.isSafeInteger(o.nodes) || o.nodes < 2) throw new InputError(`--nodes must be an integer ≥ 2, got ${o.nodes}`);
      if (o.malicious !== undefined && o.maliciousPct !== undefined) throw new InputError("give --malicious or --malicious-pct, not both");
      const malicious = o.maliciousPct !== undefined ? Math.floor((o.nodes * o.maliciousPct) / 100) : (o.malicious ?? d.malicious);
      if (malicious > o.nodes) throw new InputError(`--malicious (${malicious}) exceeds --nodes (${o.nodes})`);
      if (o.consensusPct < 1 || o.consensusPct > 100) throw new InputError(`--consensus-pct must lie in 1..100, got ${o.consensusPct}`);
      if (o.maxTime < 1) throw new InputError(`--max-time must be ≥ 1 ms, got ${o.maxTime}`);
      if (o.nodes - 1 < d.unlMax || o.nodes - 1 < d.outboundLinks) throw new InputError(`${file ? `${o.unlFile} has ${o.nodes} validators; upstream's draws need` : `--nodes ${o.nodes} is too small for`} UNLs of up to ${d.unlMax} and ${d.outboundLinks} links per node (at least ${d.unlMax + 1})`);
      if ((o.unlGen === "random") !== (o.overlap === undefined)) throw new InputError(o.unlGen === "random" ? "--overlap needs --unl-gen core or clusters (upstream's random UNLs have no overlap knob)" : `--unl-gen ${o.unlGen} needs --overlap`);
      const generated =
        o.unlGen === "random" ? undefined : (o.unlGen === "core" ? coreUnls : clusterUnls)({ nodes: o.nodes, unlMin: d.unlMin, unlMax: d.unlMax, overlapPct: o.overlap!, seed: o.seed, rngMap: o.rngMap });
      const config: SchwartzConfig = {
        ...d,
        nodes: o.nodes,
        malicious,
        consensusPct: o.consensusPct,
        seed: o.seed,
        rngMap: o.rngMap,
        maxTime: o.maxTime,
        fixNodeZero: o.fixNodeZero === true,
        fixSuppress: o.fixSuppress === true,
        fixUnsignedState: o.fixUnsignedState === true,
        tally: o.tally ?? "all",
        ...(generated ? { unls: generated.unls } : file ? { unls: file.unls } : {}),
      };
      const live = !o.json && !o.csv;
      const r = runSchwartz(config, live ? (line) => process.stdout.write(line + "\n") : undefined);
      const { unls, ...rest } = r;
      const omega = overlapStats({ names: unls.map(String), unls, byzantine: unls.map((_, i) => i < malicious), quorumPct: 80 });
      if (o.csv) {
        const head = ["nodes", "malicious", "consensus_pct", "seed", "unl_gen", "overlap_pct", "converged", "censored", "radio_silence", "time_ms", "messages_on_wire", "messages_per_node", "deliveries", "omega_min", "omega_mean"];
        const row = [o.nodes, malicious, o.consensusPct, o.seed, file ? "file" : o.unlGen, o.overlap ?? "", String(r.converged), String(r.censored), String(r.radioSilence), r.timeMs, r.messagesOnWire, r.messagesPerNode, r.events, omega.min, omega.mean];
        process.stdout.write(`${head.join(",")}\n${csvRow(row)}\n`);
        return;
      }
      if (o.json) {
        const { unls: _given, ...shown } = config;
        process.stdout.write(JSON.stringify({ mode: "schwartz", config: shown, unlGen: file ? "file" : o.unlGen, ...(file && given ? { unlFile: o.unlFile, nodeNames: file.order.map((v) => given.names[v]) } : {}), overlapPct: o.overlap ?? null, omega: { min: omega.min, mean: omega.mean }, ...rest }, null, 2) + "\n");
        return;
      }
      const ending = r.converged ? `consensus at ${r.timeMs} ms (${r.positive}/${r.negative})` : r.radioSilence ? `radio silence at ${r.timeMs} ms: no consensus (${r.positive}/${r.negative})` : `no consensus by ${r.timeMs} ms (censored at --max-time; ${r.positive}/${r.negative})`;
      process.stdout.write(`${ending}: ${r.messagesOnWire.toLocaleString("en-US")} messages on the wire, ${r.messagesPerNode} sent per node, ${r.events.toLocaleString("en-US")} deliveries\n`);
      process.stdout.write(`UNLs (${file ? o.unlFile : o.unlGen}${o.overlap !== undefined ? `, overlap ${o.overlap} %` : ""}): honest pairs share ω min ${(100 * omega.min).toFixed(1)} %, mean ${(100 * omega.mean).toFixed(1)} %\n`);
    });
}

function nonNegativeNumberArgPct(v: string): number {
  const x = Number(v);
  if (v.trim() === "" || !Number.isFinite(x) || x < 0 || x > 100) throw new InvalidArgumentError("expected a percentage in 0..100.");
  return x;
}

export function unlCommand(): Command {
  return new Command("unl")
    .description("Ripple UNL consensus: the upstream simulator, a round-based one with forks, static safety bounds, the worst overlap that still forks, and the malicious × overlap grid")
    .addCommand(simulateCommand())
    .addCommand(boundsCommand())
    .addCommand(worstOverlapCommand())
    .addCommand(gridCommand());
}
