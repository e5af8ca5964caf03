import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Command, Option } from "commander";
import { InputError } from "../lib/model.js";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { COMMIT_COUNTS, DEFAULT_UNDELIVERED, explore, type ExploreResult, faultsTolerated, POOLS, PROTOCOLS, type Protocol, SCHEDULE_FORMAT, type ScheduleFile, type VariantConfig, type WalkReport, searchWalks, Machine, stepText, type Witness, type WalkProperty, replayWitness, runSteps } from "../lib/dbft.js";
import { integerArg, positiveNumberArg } from "./options.js";
import type { VerifyDbftOptions } from "./verify.js";
import { formatTimeline, modelTrace, renderExecutionHtml, renderExecutionSvg, type Step as ModelStep } from "../lib/dbft.js";

/** What each rule-set model is, for reports. */
export const PROTOCOL_NAMES: Readonly<Record<Protocol, string>> = {
  "dbft2.0": "dBFT 2.0 (TLA+ model dbft/dbft.tla)",
  cv3: "dBFT 2.1, three-staged view change (dbft2.1_threeStagedCV/dbftCV3.tla)",
  ccv: "dBFT 2.1, centralized view change (dbft2.1_centralizedCV/dbftCentralizedCV.tla)",
  antimev: "dBFT 2.0 with the anti-MEV CommitAck round (dbft_antiMEV/dbft.tla)",
  multipool: "dBFT 2.0 with per-node pools (dbftMultipool/dbftMultipool.tla)",
};

function set(nodes: readonly number[]): string {
  return `{${nodes.join(", ")}}`;
}

/** One line naming a scope. */
export function describeVariant(c: VariantConfig): string {
  const f = faultsTolerated(c.n);
  const pool = c.protocol === "multipool" ? `per-node pools, at most ${c.undelivered ?? DEFAULT_UNDELIVERED} undelivered messages` : `${c.pool} pool`;
  const commits = c.protocol === "dbft2.0" || c.protocol === "antimev" ? `; Commits of ${c.commitCount === "any" ? "any view" : "the current view"} count` : "";
  return `${PROTOCOL_NAMES[c.protocol]}: N=${c.n} (F=${f}, M=${c.n - f}), MaxView ${c.maxView}, RMDead ${set(c.dead)}, RMFault ${set(c.faulty)}; ${pool}${commits}`;
}

/** A node list as the models write RMDead and RMFault: "0,2", or "" / "none" for the empty set. */
export function nodeListArg(value: string): number[] {
  const v = value.trim();
  if (v === "" || v === "none" || v === "{}") return [];
  const parts = v.replace(/^\{|\}$/g, "").split(",").map((s) => s.trim());
  if (parts.some((s) => !/^\d+$/.test(s))) throw new InputError(`expected node numbers from 0, comma-separated, e.g. 0 or 0,1 (got ${JSON.stringify(value)})`);
  return parts.map(Number);
}

/** A schedule file for a witness of the explorer or the random search. */
export function witnessSchedule(config: VariantConfig, name: string, title: string, steps: readonly string[], outcome: "fork" | "lock" | "cut", nodes: readonly string[]): ScheduleFile {
  const { protocol, pool, commitCount } = config;
  return { format: SCHEDULE_FORMAT, name, title, config, steps, expect: [{ when: { protocol, pool, commitCount }, outcome, nodes }] };
}

function saveSchedule(dir: string, file: string, schedule: ScheduleFile): string {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create ${dir}: ${(err as Error).message}`);
  }
  const path = join(dir, file);
  writeTextAtomically(path, JSON.stringify(schedule, null, 2) + "\n");
  return path;
}

/** Writes a model run's trace (JSON), picture (SVG) and page (HTML) to the paths given. */
export function saveModelRun(paths: { trace?: string | undefined; svg?: string | undefined; html?: string | undefined }, config: VariantConfig, steps: readonly ModelStep[], title: string, meta: Record<string, unknown>): void {
  const trace = modelTrace(new Machine(config), steps, meta);
  if (paths.trace) writeTextAtomically(paths.trace, JSON.stringify(trace, null, 2) + "\n");
  const svg = paths.svg || paths.html ? renderExecutionSvg(trace, { title }) : "";
  if (paths.svg) writeTextAtomically(paths.svg, svg);
  if (paths.html) writeTextAtomically(paths.html, renderExecutionHtml({ title, summary: `${describeVariant(config)}\n${String(meta.outcome ?? "")}`, svg, timeline: formatTimeline(trace) }));
}

/** Saves a witness as <kind>.json (schedule), .trace.json, .svg and .html; returns the schedule's path. */
function saveWitnessFiles(dir: string, kind: string, schedule: ScheduleFile, steps: readonly ModelStep[]): string {
  const path = saveSchedule(dir, `${kind}.json`, schedule);
  saveModelRun({ trace: join(dir, `${kind}.trace.json`), svg: join(dir, `${kind}.svg`), html: join(dir, `${kind}.html`) }, schedule.config, steps, schedule.title, { schedule: schedule.name, outcome: kind });
  return path;
}

function thousands(x: number): string {
  return x.toLocaleString("en-US");
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

interface ExploreCliOptions {
  protocol: Protocol;
  n: number;
  maxView: number;
  dead: string;
  faulty: string;
  pool?: (typeof POOLS)[number];
  commitCount: (typeof COMMIT_COUNTS)[number];
  undelivered?: number;
  symmetry: boolean;
  memory: number;
  maxStates?: number;
  stopOn?: "fork" | "lock" | "any";
  out?: string;
  json?: boolean;
}

/** The scope of `verify explore` from its options. */
export function exploreConfig(o: Pick<ExploreCliOptions, "protocol" | "n" | "maxView" | "dead" | "faulty" | "pool" | "commitCount" | "undelivered">): VariantConfig {
  const config: VariantConfig = {
    protocol: o.protocol,
    n: o.n,
    maxView: o.maxView,
    dead: nodeListArg(o.dead),
    faulty: nodeListArg(o.faulty),
    pool: o.pool ?? (o.protocol === "multipool" ? "local" : "shared"),
    commitCount: o.commitCount,
    ...(o.protocol === "multipool" ? { undelivered: o.undelivered ?? DEFAULT_UNDELIVERED } : {}),
  };
  new Machine(config); // checks it
  return config;
}

function progressLine(label: string): { update(text: string): void; stop(): void } {
  const stream = process.stderr;
  if (!stream.isTTY) return { update() {}, stop() {} };
  return {
    update(text) {
      stream.write(`\r\x1b[K${label}: ${text}`);
    },
    stop() {
      stream.write("\r\x1b[K");
    },
  };
}

function witnessLines(m: Machine, w: Witness | null, what: string): string[] {
  if (!w) return [];
  return [`  shortest ${what} (${w.steps.length} steps): ${w.steps.map((s) => stepText(m, s)).join("; ")}`];
}

/** The report of an exploration, in words; "proved within the bound" only when complete. */
export function exploreText(r: ExploreResult, seconds: number, files: Record<string, string>): string {
  const m = new Machine(r.config);
  const out = [describeVariant(r.config)];
  const sym = r.groupSize > 1 ? `symmetry: ${r.groupSize} renamings of interchangeable nodes` : "no symmetry";
  const keys = r.keys === "exact" ? `exact keys, ${r.keyBytes} bytes` : `128-bit hashed keys (hash compaction)`;
  const rate = `${seconds.toFixed(2)} s, ${thousands(Math.round(r.expanded / Math.max(seconds, 1e-9)))} states/s, ${mb(r.bytes)} (${(r.bytes / Math.max(r.states, 1)).toFixed(1)} bytes/state)`;
  if (r.complete) out.push(`complete: ${thousands(r.states)} distinct states, ${thousands(r.transitions)} transitions, depth ${r.depth + 1} (states on the longest shortest path); ${sym}; ${keys}; ${rate}`);
  else out.push(`INCOMPLETE: stopped ${r.stoppedBy === "memory" ? "by the memory cap" : r.stoppedBy === "found" ? "at the first violation (--stop-on)" : "by the state limit"} after expanding ${thousands(r.expanded)} of ${thousands(r.states)} states found (depth ${r.depth + 1} reached); ${sym}; ${keys}; ${rate}`);
  const bound = r.complete ? `within the bound (MaxView ${r.config.maxView})` : `among the ${thousands(r.expanded)} states expanded`;
  out.push(r.forks ? `safety: VIOLATED: ${thousands(r.forks)} fork states` : `safety: no fork ${bound}${r.complete ? ": proved within the bound" : " (not a proof)"}`);
  out.push(...witnessLines(m, r.firstFork, "fork"));
  out.push(r.locks ? `liveness: VIOLATED: ${thousands(r.locks)} lock states (fewer than M accepted, no honest step enabled)` : `liveness: no lock ${bound}${r.complete ? " (not a proof of liveness beyond it)" : " (not a proof)"}`);
  out.push(...witnessLines(m, r.firstLock, "lock"));
  out.push(`cut at the bound: ${thousands(r.cuts)} states whose only honest steps leave MaxView (undecided here)${r.decided ? `; ${thousands(r.decided)} states with M accepted` : ""}`);
  for (const [k, v] of Object.entries(files)) out.push(`  saved the ${k} as ${v} (replay: byzopt verify replay ${v}), with .trace.json, .svg and .html beside it`);
  return out.join("\n") + "\n";
}

function saveWitnesses(dir: string, r: ExploreResult): Record<string, string> {
  const files: Record<string, string> = {};
  const m = new Machine(r.config);
  for (const [kind, w] of [["fork", r.firstFork], ["lock", r.firstLock], ["cut", r.firstCut]] as const) {
    if (!w) continue;
    const { nodes } = replayWitness(m, w);
    files[kind] = saveWitnessFiles(dir, kind, witnessSchedule(r.config, `shortest-${kind}`, `Shortest ${kind} found by verify explore: ${describeVariant(r.config)}`, w.steps.map((s) => stepText(m, s)), kind, nodes), w.steps);
  }
  return files;
}

export function verifyExploreCommand(): Command {
  return new Command("explore")
    .description("explore every state of a small scope of a dBFT rule-set model (breadth first) and report forks, locks and cuts")
    .addOption(new Option("--protocol <name>", "the rule set").choices(PROTOCOLS).default("dbft2.0"))
    .option("--n <N>", "nodes 0..N-1 (RM)", integerArg, 4)
    .option("--max-view <V>", "MaxView: views 0..V are explored (the models assume V <= 2)", integerArg, 1)
    .option("--dead <nodes>", "RMDead: nodes that may die, e.g. 0 or 0,1 (default none)", "")
    .option("--faulty <nodes>", "RMFault: nodes that may turn bad, e.g. 0 (default none)", "")
    .addOption(new Option("--pool <mode>", "shared: guards read every message sent (TLA+); local: what the node received (default shared; multipool: local)").choices(POOLS))
    .addOption(new Option("--commit-count <which>", "dbft2.0/antimev: MoreThanFNodesCommitted counts Commits of any view (since 0ff31fd) or the current one").choices(COMMIT_COUNTS).default("any"))
    .option("--undelivered <K>", `multipool: MaxUndeliveredMessages (default ${DEFAULT_UNDELIVERED})`, integerArg)
    .option("--no-symmetry", "count every state, as TLC does, without merging renamings of interchangeable nodes")
    .option("--memory <GB>", "stop cleanly before the explorer's arrays exceed this", positiveNumberArg, 8)
    .option("--max-states <S>", "stop after this many states", integerArg)
    .addOption(new Option("--stop-on <what>", "stop at the first fork, lock or either (as TLC does); its trace is still a shortest one").choices(["fork", "lock", "any"]))
    .option("--out <DIR>", "save the shortest fork, lock and cut found as replayable schedules (<kind>.json)")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      [
        "",
        "Every step adds a message, raises a view or advances a state, so the graph has no cycle: under weak",
        "fairness of the honest steps, a reachable lock is exactly a liveness violation within the bound. A",
        "complete run proves the absence of forks and locks within the bound only; a stopped run proves nothing.",
        "Exit code 1 when a fork or a lock is found.",
        "",
        "Examples:",
        "  byzopt verify explore --protocol dbft2.0 --max-view 1 --dead 0 --no-symmetry   167,048 states, 854 locks",
        "  byzopt verify explore --protocol cv3 --max-view 0 --faulty 0 --out cex          a lock with one bad node",
        "  byzopt verify explore --protocol cv3 --max-view 2 --memory 8                    as far as 8 GB allows",
        "",
      ].join("\n"),
    )
    .action((o: ExploreCliOptions) => {
      const config = exploreConfig(o);
      if (o.maxStates !== undefined && (!Number.isInteger(o.maxStates) || o.maxStates < 1)) throw new InputError(`--max-states must be a positive integer (got ${o.maxStates})`);
      const progress = progressLine("exploring");
      const started = performance.now();
      let result: ExploreResult;
      try {
        result = explore({
          config,
          symmetry: o.symmetry,
          memoryCap: o.memory * 2 ** 30,
          ...(o.maxStates !== undefined ? { maxStates: o.maxStates } : {}),
          ...(o.stopOn ? { stopOn: o.stopOn } : {}),
          onProgress: (p) => {
            const s = (performance.now() - started) / 1000;
            progress.update(`${thousands(p.states)} states, ${thousands(p.expanded)} expanded, depth ${p.depth + 1}, ${thousands(Math.round(p.expanded / Math.max(s, 1e-9)))} states/s, ${mb(p.bytes)}`);
          },
        });
      } finally {
        progress.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      const files = o.out ? saveWitnesses(o.out, result) : {};
      if (o.json) {
        const m = new Machine(config);
        const w = (x: Witness | null) => (x ? { steps: x.steps.map((s) => stepText(m, s)), nodes: replayWitness(m, x).nodes } : null);
        process.stdout.write(JSON.stringify({ ...result, firstFork: w(result.firstFork), firstLock: w(result.firstLock), firstCut: w(result.firstCut), tlcDepth: result.depth + 1, seconds: Number(seconds.toFixed(3)), files }, null, 2) + "\n");
      } else process.stdout.write(exploreText(result, seconds, files));
      if (result.forks || result.locks) process.exitCode = 1;
    });
}

/** `verify dbft --protocol <model>`: the random search over a rule-set model. */
export type ModelSearchOptions = Omit<VerifyDbftOptions, "protocol"> & { protocol: Protocol };

/** RMFault is the last K nodes and RMDead the K before them, as `verify dbft` places Byzantine and dead nodes. */
export function searchVariantConfig(o: ModelSearchOptions): VariantConfig {
  const byzantine = Array.from({ length: o.byzantine }, (_, k) => o.n - o.byzantine + k);
  const dead = Array.from({ length: o.dead }, (_, k) => o.n - o.byzantine - o.dead + k);
  const config: VariantConfig = {
    protocol: o.protocol,
    n: o.n,
    maxView: (o.views ?? 3) - 1,
    dead,
    faulty: byzantine,
    pool: o.pool ?? (o.protocol === "multipool" ? "local" : "shared"),
    commitCount: o.commitCount,
    ...(o.protocol === "multipool" ? { undelivered: DEFAULT_UNDELIVERED } : {}),
  };
  new Machine(config);
  return config;
}

export function runModelSearch(o: ModelSearchOptions, properties: readonly WalkProperty[]): void {
  const config = searchVariantConfig(o);
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new InputError(`--runs must be a positive integer (got ${o.runs})`);
  const progress = progressLine("searching");
  const started = performance.now();
  let report: WalkReport;
  try {
    report = searchWalks({ config, properties, runs: o.runs, seed: o.seed >>> 0, shrink: o.shrink, onProgress: (k) => progress.update(`${thousands(k)} runs`) });
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const f = report.failure;
  const files: Record<string, string> = {};
  if (f && o.out) {
    const kind = f.property === "safety" ? "fork" : "lock";
    const schedule = witnessSchedule(config, `${kind}-seed-${o.seed >>> 0}-run-${f.run + 1}`, `${f.violation} (verify dbft --protocol ${config.protocol}, run ${f.run + 1})`, f.steps, kind, f.nodes);
    files.schedule = saveWitnessFiles(o.out, kind, schedule, runSteps(config, f.steps).steps.map((x) => x.step));
  }
  if (o.json) {
    process.stdout.write(JSON.stringify({ config, properties, seed: o.seed >>> 0, ...report, seconds: Number(seconds.toFixed(3)), files }, null, 2) + "\n");
  } else {
    const out = [describeVariant(config)];
    const effort = `${thousands(report.runs)} random runs (${thousands(report.decided)} reached M accepted, ${thousands(report.cut)} stopped at MaxView), ${seconds.toFixed(2)} s`;
    if (!f) out.push(`${properties.join(" and ")}: held in all ${effort}: not found in ${thousands(report.runs)} runs (not a proof)`);
    else {
      out.push(`${f.property}: VIOLATED in run ${f.run + 1} (seed ${f.runSeed}) of ${effort}`, `  ${f.violation}`, `  ${f.steps.length} steps (of ${f.foundSteps} found): ${f.steps.join("; ")}`, `  nodes at the end: ${f.nodes.join(", ")}`);
      if (files.schedule) out.push(`  saved ${files.schedule} (replay: byzopt verify replay ${files.schedule}), with .trace.json, .svg and .html beside it`);
      else out.push("  (use --out DIR to save it as a replayable schedule)");
    }
    process.stdout.write(out.join("\n") + "\n");
  }
  if (f) process.exitCode = 1;
}
