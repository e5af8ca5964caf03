/**
 * `byzopt codag build` and `codag select`: a DAG from Generate, the Fig. 7 fixture or a file; its path
 * counts, navigator, candidates and picture.
 */
import { Command, Option } from "commander";
import { checkGenerateOptions, Dag, dagPictureSvg, dagToJson, fig7Dag, honestDag, navigator, parseDagJson, Prng, reverseConnectivity, selectEachLevel, selectLevels, stabilityDepth, type TieRule } from "../lib/codag.js";
import { InputError } from "../lib/model.js";
import { readTextFile, writeTextAtomically, writeTextFilesAtomically } from "../solvers/atomic-file.js";
import { csvRow } from "../verify/shared/csv.js";
import { integerArg, integerListArg, positiveNumberArg } from "./options.js";

interface SourceOptions {
  dag?: string;
  fixture?: string;
  k: number;
  m: number;
  blocks?: number;
  levels?: number;
  tie: string;
  seed: number;
}

/** Where the DAG comes from: a file, the Fig. 7 fixture, or Generate (the default). */
function sourceOptions(cmd: Command): Command {
  return cmd
    .option("--dag <FILE>", 'a DAG file {"blocks": [{"id", "parents", "miner"?}, ...]} (any order; genesis has no parents)')
    .addOption(new Option("--fixture <name>", "the paper's Fig. 7 (five levels of three, each block referencing the whole level below)").choices(["fig7"]))
    .option("--k <K>", "level width bound K (Generate, and Select's candidates per level)", integerArg, 3)
    .option("--m <m>", "parents per block m (Algorithm 2: 2; Fig. 7: K)", integerArg, 2)
    .option("--blocks <N>", "Generate N honest blocks after genesis (default 15)", integerArg)
    .option("--levels <L>", "Generate until level L is full (instead of --blocks)", integerArg)
    .addOption(new Option("--tie <rule>", "which of equally connected blocks Generate takes as parents").choices(["random", "lowest-id"]).default("random"))
    .option("--seed <S>", "seed of the random tie rule", integerArg, 1);
}

function loadDag(o: SourceOptions): { dag: Dag; source: string } {
  if (o.dag !== undefined && o.fixture !== undefined) throw new InputError("give either --dag or --fixture, not both");
  if (o.dag !== undefined) {
    return { dag: parseDagJson(readTextFile(o.dag), o.dag), source: o.dag };
  }
  if (o.fixture === "fig7") return { dag: fig7Dag(), source: "Fig. 7" };
  checkGenerateOptions({ K: o.k, m: o.m });
  if (o.blocks !== undefined && o.levels !== undefined) throw new InputError("give either --blocks or --levels, not both");
  if (o.blocks !== undefined && (!Number.isInteger(o.blocks) || o.blocks < 0)) throw new InputError(`--blocks must be an integer >= 0 (got ${o.blocks})`);
  if (o.levels !== undefined && (!Number.isInteger(o.levels) || o.levels < 0)) throw new InputError(`--levels must be an integer >= 0 (got ${o.levels})`);
  const blocks = o.levels !== undefined ? o.k * o.levels : (o.blocks ?? 15);
  const rng = new Prng(o.seed >>> 0);
  const tieRule: TieRule = o.tie === "lowest-id" ? "lowestId" : "random";
  const dag = honestDag(new Dag(), blocks, { K: o.k, m: o.m, tieRule, random: () => rng.float() });
  return { dag, source: `Generate, K = ${o.k}, m = ${o.m}, ${blocks} blocks, tie rule ${o.tie}${tieRule === "random" ? `, seed ${o.seed}` : ""}` };
}

/** --navigator ID: the block R counts from, instead of the navigator rule. */
function navigatorOf(dag: Dag, id: number | undefined): number {
  if (id === undefined) return navigator(dag);
  const v = dag.indexOf(id);
  if (v === undefined) throw new InputError(`--navigator ${id}: no such block`);
  return v;
}

function buildCommand(): Command {
  return sourceOptions(new Command("build"))
    .description("build a CoDAG by Generate (or read one, or the Fig. 7 fixture): levels, path counts C, navigator, candidates")
    .option("--navigator <id>", "count R from this block instead of the navigator rule's choice", integerArg)
    .option("--q <q>", "adversary share q: also print which levels are confirmed (L − l ≥ z*(q, ε), exact Lemma 2)", positiveNumberArg)
    .option("--epsilon <ε>", "catch-up risk accepted for confirmation", positiveNumberArg, 1e-3)
    .option("--out <FILE>", "write the DAG (with C, R and candidates) as a DAG file")
    .option("--csv <FILE>", "write one row per block: id, level, parents, miner, C, R, candidate")
    .option("--svg <FILE>", "draw the DAG like the paper's Fig. 7 (the last 12 levels)")
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      [
        "",
        "Blocks join the top level until it holds K, then open the next; each references the m most",
        "connected blocks one level below (C = paths to genesis, stored at creation). Equal C is the rule,",
        "not the exception (every level of an honest DAG shares one C), so --tie decides the parents.",
        "",
        "Examples:",
        "  byzopt codag build --fixture fig7 --navigator 14 --svg fig7.svg",
        "  byzopt codag build --k 10 --m 2 --blocks 100000 --q 0.2 --json",
        "  byzopt codag build --dag mydag.json --k 3 --svg mydag.svg",
        "",
      ].join("\n"),
    )
    .action((o: SourceOptions & { navigator?: number; q?: number; epsilon: number; out?: string; csv?: string; svg?: string; json?: boolean }) => {
      if (o.q !== undefined && !(o.q < 1)) throw new InputError(`--q must lie strictly between 0 and 1 (got ${o.q})`);
      const { dag, source } = loadDag(o);
      const x = navigatorOf(dag, o.navigator);
      // Every level's candidates in one streaming pass; R of every block (about K·L²/2 bits on a long DAG)
      // only when a file needs it.
      const candidates = new Set<number>();
      selectEachLevel(dag, { K: o.k }, (s) => s.candidates.forEach((c) => candidates.add(c.index)), x);
      const R = o.out || o.csv || o.svg ? reverseConnectivity(dag, x) : null;
      const widths = dag.levels.map((l) => l.length);
      const maxWidth = widths.reduce((a, b) => Math.max(a, b), 0);
      const overfull = widths.flatMap((w, l) => (l > 0 && w > o.k ? [l] : []));
      const zStar = o.q === undefined ? null : stabilityDepth(o.q, o.epsilon, "exact");
      const confirmedUpTo = zStar === null || !Number.isFinite(zStar) ? null : dag.maxLevel - zStar;
      const summary = {
        source,
        blocks: dag.size,
        levels: dag.maxLevel + 1,
        maxLevel: dag.maxLevel,
        maxWidth,
        overfullLevels: overfull,
        tips: dag.tips().length,
        navigator: { id: dag.blocks[x]!.id, level: dag.blocks[x]!.level, C: dag.C[x]!.toString() },
        candidates: candidates.size,
        ...(o.q !== undefined ? { q: o.q, epsilon: o.epsilon, zStar: Number.isFinite(zStar) ? zStar : null, confirmedUpToLevel: confirmedUpTo !== null && confirmedUpTo >= 0 ? confirmedUpTo : null } : {}),
      };
      const files: { path: string; text: string }[] = [];
      if (R && o.out) files.push({ path: o.out, text: JSON.stringify(dagToJson(dag, { R, candidates }), null, 1) + "\n" });
      if (R && o.csv) {
        const rows = [csvRow(["id", "level", "parents", "miner", "C", "R", "candidate"])];
        for (const b of dag.blocks) rows.push(csvRow([b.id, b.level, b.parents.map((p) => dag.blocks[p]!.id).join(" "), b.miner, dag.C[b.index]!.toString(), R[b.index]!.toString(), candidates.has(b.index) ? 1 : 0]));
        files.push({ path: o.csv, text: rows.join("\n") + "\n" });
      }
      if (R && o.svg) files.push({ path: o.svg, text: dagPictureSvg(dag, { title: `CoDAG (${source}), K = ${o.k}`, R, candidates, navigator: x }) });
      writeTextFilesAtomically(files);
      if (o.json) {
        process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
        return;
      }
      const out = [
        `${source}: ${dag.size} blocks on levels 0..${dag.maxLevel}, widest level ${summary.maxWidth}${overfull.length ? ` (over K = ${o.k} on levels ${overfull.join(", ")})` : ""}, ${summary.tips} tips`,
        `navigator ${summary.navigator.id} (level ${summary.navigator.level}), C = ${summary.navigator.C.length > 40 ? `${summary.navigator.C.slice(0, 12)}… (${summary.navigator.C.length} digits)` : summary.navigator.C}`,
        `${candidates.size} candidates over all levels (Select, K = ${o.k})`,
      ];
      if (o.q !== undefined) {
        const depth = `z*(q = ${o.q}, ε = ${o.epsilon}) = ${zStar} levels`;
        out.push(zStar === null || !Number.isFinite(zStar) ? `q = ${o.q} >= 1/2: no depth makes a level safe` : confirmedUpTo! < 0 ? `${depth}: no level is confirmed yet` : `${depth}: levels 0..${confirmedUpTo} are confirmed`);
      }
      process.stdout.write(out.join("\n") + "\n");
    });
}

function selectCommand(): Command {
  return sourceOptions(new Command("select"))
    .description("Select (Algorithm 3): each level's candidates by paths from the navigator, ties at the border, reward split")
    .option("--level <l,...>", "levels to select, comma-separated (default: every level)", integerListArg)
    .option("--require-ancestor", "drop blocks the navigator does not reach (R = 0) first (A13)")
    .option("--navigator <id>", "count R from this block instead of the navigator rule's choice", integerArg)
    .option("--csv <FILE>", "write one row per candidate: level, id, R, reward, border")
    .option("--json", "print the selection as JSON")
    .addHelpText(
      "after",
      [
        "",
        "A level keeps all its blocks when at most K remain; else the K with most paths from the navigator",
        "(R), plus every block tied with the K-th. Above the border a candidate earns 1 unit; t blocks tied at",
        "the border share the remaining K − a units.",
        "",
        "Examples:",
        "  byzopt codag select --fixture fig7 --navigator 14 --k 2 --level 3",
        "  byzopt codag select --dag forked.json --k 3 --require-ancestor --json",
        "",
      ].join("\n"),
    )
    .action((o: SourceOptions & { level?: number[]; requireAncestor?: boolean; navigator?: number; csv?: string; json?: boolean }) => {
      const { dag, source } = loadDag(o);
      for (const l of o.level ?? []) if (l < 0 || l > dag.maxLevel) throw new InputError(`--level ${l}: the DAG has levels 0..${dag.maxLevel}`);
      const x = navigatorOf(dag, o.navigator);
      const levels = selectLevels(dag, { K: o.k, requireAncestor: o.requireAncestor ?? false }, o.level, x);
      const rows = levels.map((s) => ({
        level: s.level,
        considered: s.considered,
        borderR: s.borderR === null ? null : s.borderR.toString(),
        candidates: s.candidates.map((c) => ({ id: dag.blocks[c.index]!.id, R: c.R.toString(), reward: c.reward, border: c.border })),
      }));
      if (o.csv) {
        const lines = [csvRow(["level", "id", "R", "reward", "border"])];
        for (const r of rows) for (const c of r.candidates) lines.push(csvRow([r.level, c.id, c.R, c.reward, c.border ? 1 : 0]));
        writeTextAtomically(o.csv, lines.join("\n") + "\n");
      }
      if (o.json) {
        process.stdout.write(JSON.stringify({ source, K: o.k, navigator: dag.blocks[x]!.id, levels: rows }, null, 2) + "\n");
        return;
      }
      const out = [`${source}: navigator ${dag.blocks[x]!.id}, K = ${o.k}`];
      for (const r of rows) {
        const list = r.candidates.map((c) => `${c.id} (R ${c.R.length > 12 ? `${c.R.slice(0, 6)}…e${c.R.length - 1}` : c.R}${c.border ? `, ${+c.reward.toFixed(4)} unit` : ""})`).join(", ");
        out.push(`level ${String(r.level).padStart(3)}: ${r.candidates.length} of ${r.considered}${r.borderR !== null ? ` (border R ${r.borderR})` : ""}: ${list}`);
      }
      process.stdout.write(out.join("\n") + "\n");
    });
}

export const codagDagCommands = [buildCommand, selectCommand];
