import { mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { Command, Option } from "commander";
import { InputError } from "../lib/model.js";
import { readTextFile, writeTextAtomically } from "../solvers/atomic-file.js";
import { parseJsonText } from "../lib/formats.js";
import { checkInvariants, checkModelRules, checkProtocolRules, checkSimConfig, type CounterexampleFile, counterexampleFile, DEFAULT_CHUNK, formatTimeline, parseCounterexample, parseTrace, PROPERTIES, type PropertyName, renderExecutionHtml, renderExecutionSvg, replayCounterexample, type RuleReport, type SearchConfig, searchParallel, type SearchReport, type Trace } from "../lib/dbft.js";
import { defaultJobs } from "../lib/grid.js";
import { integerArg, positiveNumberArg } from "./options.js";
import { checkModelTrace, COMMIT_COUNTS, parseSchedule, replayMilp, POOLS, PROTOCOLS, type Protocol, replaySchedule, SCHEDULE_FORMAT } from "../lib/dbft.js";
import { describeVariant, runModelSearch, saveModelRun, verifyExploreCommand } from "./verify-models.js";

/** The options of `verify dbft`. */
export interface VerifyDbftOptions {
  protocol: "neo" | Protocol;
  pool?: (typeof POOLS)[number];
  commitCount: (typeof COMMIT_COUNTS)[number];
  n: number;
  byzantine: number;
  dead: number;
  views?: number;
  runs: number;
  seed: number;
  property: string;
  out?: string;
  json?: boolean;
  recovery: boolean;
  shrink: boolean;
  blockTime: number;
  maxDelay: number;
  deadLost?: boolean;
  jobs: number;
  chunk: number;
}

function nodeList(nodes: readonly number[]): string {
  return nodes.length ? nodes.join(", ") : "none";
}

/** Byzantine nodes are the last K, dead ones the K before them: which node leads which view varies with the height. */
export function searchConfig(o: VerifyDbftOptions): SearchConfig {
  const { n } = o;
  if (!Number.isInteger(o.byzantine) || o.byzantine < 0) throw new InputError(`--byzantine must be an integer >= 0 (got ${o.byzantine})`);
  if (!Number.isInteger(o.dead) || o.dead < 0) throw new InputError(`--dead must be an integer >= 0 (got ${o.dead})`);
  const byzantine = Array.from({ length: o.byzantine }, (_, k) => n - o.byzantine + 1 + k);
  const dead = Array.from({ length: o.dead }, (_, k) => n - o.byzantine - o.dead + 1 + k);
  const config: SearchConfig = {
    n,
    byzantine,
    dead,
    maxViews: o.views ?? Math.min(n, 8),
    blockTime: o.blockTime,
    maxDelay: o.maxDelay,
    eventualDelivery: true,
    recovery: o.recovery,
    deadCountAsLost: o.deadLost ?? false,
  };
  checkSimConfig({ ...config, height: 0, record: false });
  return config;
}

function describeConfig(c: SearchConfig): string {
  const f = Math.floor((c.n - 1) / 3);
  return `dBFT 2.0 simulation: N=${c.n} (F=${f}, M=${2 * f + 1}); Byzantine ${nodeList(c.byzantine)}; dead ${nodeList(c.dead)}${c.dead.length ? (c.deadCountAsLost ? " (counted lost)" : " (crashed this height, not counted lost)") : ""}; views 1..${c.maxViews}; block time ${c.blockTime} ticks; delays 0..${c.maxDelay}; recovery ${c.recovery === false ? "off (not modelled)" : "on"}`;
}

function properties(value: string): PropertyName[] {
  if (value === "all") return [...PROPERTIES];
  if ((PROPERTIES as readonly string[]).includes(value)) return [value as PropertyName];
  throw new InputError(`unknown property ${JSON.stringify(value)}: use safety, liveness or all`);
}

const PREFIX: Record<PropertyName, string> = { safety: "fork", liveness: "lock" };

/** Writes the counterexample (replayable schedule), its trace, picture and page; returns the paths. */
function saveCounterexample(dir: string, config: SearchConfig, seed: number, report: SearchReport): Record<string, string> {
  const c = report.counterexample!;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create ${dir}: ${(err as Error).message}`);
  }
  const prefix = PREFIX[c.property];
  const files = { counterexample: join(dir, `${prefix}.json`), trace: join(dir, `${prefix}.trace.json`), svg: join(dir, `${prefix}.svg`), html: join(dir, `${prefix}.html`) };
  writeTextAtomically(files.trace, JSON.stringify(c.result.trace, null, 2) + "\n");
  writeTextAtomically(files.counterexample, JSON.stringify(counterexampleFile(config, seed, report, c, basename(files.trace)), null, 2) + "\n");
  const title = `${c.property === "safety" ? "Fork" : "Liveness lock"}: N=${config.n}, Byzantine ${nodeList(config.byzantine)}, dead ${nodeList(config.dead)}`;
  const svg = renderExecutionSvg(c.result.trace!, { title });
  writeTextAtomically(files.svg, svg);
  writeTextAtomically(files.html, renderExecutionHtml({ title, summary: `${describeConfig(config)}\n${c.violation}`, svg, timeline: formatTimeline(c.result.trace!) }));
  return files;
}

function progressLine(): { update(runs: number): void; stop(): void } {
  const stream = process.stderr;
  if (!stream.isTTY) return { update() {}, stop() {} };
  const started = performance.now();
  return {
    update(runs) {
      const s = (performance.now() - started) / 1000;
      stream.write(`\r\x1b[Ksearching: ${runs} runs, ${s.toFixed(1)} s, ${Math.round(runs / Math.max(s, 1e-9))} runs/s`);
    },
    stop() {
      stream.write("\r\x1b[K");
    },
  };
}

function verifyDbftCommand(): Command {
  return new Command("dbft")
    .description("simulate dBFT 2.0 (or a rule-set model of it or of a proposed fix) under an adversary and search for a fork or a liveness lock")
    .requiredOption("--n <N>", "validators (4..31; rule-set models 4..10)", integerArg)
    .addOption(new Option("--protocol <name>", "neo: Neo's dBFT 2.0 as its nodes run it, timed (recovery, timers); dbft2.0, cv3, ccv, antimev, multipool: the TLA+ rule sets of nspcc-dev/dbft, stepped at random").choices(["neo", ...PROTOCOLS]).default("neo"))
    .addOption(new Option("--pool <mode>", "rule-set models: shared (guards read every message sent, as the TLA+ models) or local (what the node received); default shared, multipool local").choices(POOLS))
    .addOption(new Option("--commit-count <which>", "dbft2.0/antimev: MoreThanFNodesCommitted counts Commits of any view (since 0ff31fd) or of the current one").choices(COMMIT_COUNTS).default("any"))
    .option("--byzantine <K>", "Byzantine nodes (the last K); they ignore the commit lock, withhold and equivocate as the search chooses", integerArg, 0)
    .option("--dead <K>", "dead nodes (the K before the Byzantine ones), silent from the start of the height", integerArg, 0)
    .option("--views <V>", "horizon: views a run may reach (default N, at most 8; rule-set models: 3, that is MaxView 2)", integerArg)
    .option("--runs <R>", "random runs to try", integerArg, 10000)
    .option("--seed <S>", "seed of the whole search: the same seed finds and shrinks the same counterexample", integerArg, 1)
    .addOption(new Option("--property <name>", "what to check").choices(["safety", "liveness", "all"]).default("all"))
    .option("--out <DIR>", "save a counterexample there: <fork|lock>.json (replayable), .trace.json, .svg and .html")
    .option("--json", "print the report as JSON")
    .option("--no-recovery", "leave Neo's RecoveryRequest/RecoveryMessage out of the model")
    .option("--no-shrink", "report the failing run as found, without shrinking it")
    .option("--dead-lost", "let the others count dead nodes as lost (as if they died before the previous height)")
    .option("--block-time <T>", "block time in ticks", positiveNumberArg, 30)
    .option("--max-delay <D>", "largest message delay in ticks", integerArg, 60)
    .option("--jobs <N>", `worker threads (default: the cores, here ${defaultJobs()}); the report is the same for every N`, integerArg, defaultJobs())
    .option("--chunk <R>", "runs per worker task with --jobs > 1", integerArg, DEFAULT_CHUNK)
    .addHelpText(
      "after",
      [
        "",
        "Safety: no two honest nodes relay different blocks. Liveness: the run does not end locked, that is",
        "in a state where no block has been produced and no node's state can ever change again (every timer",
        "fired and every message arrived without effect), with eventual delivery between honest nodes.",
        "Each run draws its delays and Byzantine strategy from a seed; a failing run is written down as a",
        "schedule and shrunk by fast-check. Exit code: 0 if every run kept the properties, 1 if one broke them.",
        "",
        "Examples:",
        "  byzopt verify dbft --n 4 --byzantine 2 --property safety --out cex     a fork with F+1 Byzantine nodes",
        "  byzopt verify dbft --n 4 --dead 1 --property liveness --out cex        a lock with one dead node",
        "  byzopt verify dbft --n 7 --byzantine 2 --runs 100000 --property safety --jobs 2",
        "  byzopt verify dbft --protocol cv3 --n 4 --byzantine 1 --out cex       the three-staged view change, one bad node",
        "",
        "With a rule-set model (--protocol other than neo) a run takes, at random, one enabled step after another",
        "(honest, delivery with --pool local, or a fault: dying, turning bad, a bad node's message) until none is",
        "left; it fails at a fork or at a lock (fewer than M accepted and no honest step enabled). RMFault is the",
        "last --byzantine nodes, RMDead the --dead before them; --jobs, --chunk and the timing options do not apply.",
        "",
      ].join("\n"),
    )
    .action(async (o: VerifyDbftOptions) => {
      const props = properties(o.property);
      if (o.protocol !== "neo") return runModelSearch({ ...o, protocol: o.protocol }, props);
      if (o.pool !== undefined || o.commitCount !== "any") throw new InputError("--pool and --commit-count apply to the rule-set models (--protocol dbft2.0, cv3, ccv, antimev, multipool), not to neo");
      const config = searchConfig(o);
      if (!Number.isInteger(o.runs) || o.runs < 1) throw new InputError(`--runs must be a positive integer (got ${o.runs})`);
      if (!Number.isInteger(o.jobs) || o.jobs < 1) throw new InputError(`--jobs must be a positive integer (got ${o.jobs})`);
      if (!Number.isInteger(o.chunk) || o.chunk < 1) throw new InputError(`--chunk must be a positive integer (got ${o.chunk})`);
      const progress = progressLine();
      let report: SearchReport;
      try {
        report = await searchParallel({ config, properties: props, runs: o.runs, seed: o.seed >>> 0, shrink: o.shrink, onProgress: progress.update, jobs: o.jobs, chunk: o.chunk });
      } finally {
        progress.stop();
      }
      const c = report.counterexample;
      const files = c && o.out ? saveCounterexample(o.out, config, o.seed >>> 0, report) : null;
      if (o.json) {
        process.stdout.write(
          JSON.stringify(
            {
              config,
              properties: props,
              seed: o.seed >>> 0,
              verdict: report.verdict,
              runs: report.runs,
              seconds: Number(report.seconds.toFixed(3)),
              runsPerSecond: Math.round(report.runsPerSecond),
              counterexample: c
                ? {
                    property: c.property,
                    violation: c.violation,
                    height: c.height,
                    run: c.run,
                    runSeed: c.runSeed,
                    delays: { found: c.foundDelays, shrunk: c.schedule.delays.length },
                    events: c.result.trace?.events.length ?? null,
                    fastCheck: report.fastCheck ?? null,
                    files,
                  }
                : null,
            },
            null,
            2,
          ) + "\n",
        );
      } else {
        const out = [describeConfig(config)];
        const rate = `${report.seconds.toFixed(2)} s, ${Math.round(report.runsPerSecond)} runs/s`;
        if (!c) out.push(`${props.join(" and ")}: held in all ${report.runs} runs (${rate})`);
        else {
          out.push(`${c.property}: VIOLATED in run ${c.run + 1} of the search (${rate})`, `  ${c.violation}`);
          out.push(`  run seed ${c.runSeed}, height ${c.height}; ${report.fastCheck ? `shrunk by fast-check (seed ${report.fastCheck.seed}, path ${JSON.stringify(report.fastCheck.path)}, ${report.fastCheck.shrinks} shrinks): ${c.schedule.delays.length} of ${c.foundDelays} delays left` : "not shrunk"}`);
          if (files) out.push(`  saved ${files.counterexample} (replay: byzopt verify replay ${files.counterexample}), ${files.trace}, ${files.svg}, ${files.html}`);
          else out.push("  (use --out DIR to save it as JSON, SVG and HTML)");
          out.push("", formatTimeline(c.result.trace!).trimEnd());
        }
        process.stdout.write(out.join("\n") + "\n");
      }
      if (c) process.exitCode = 1;
    });
}

const RULE_SETS = ["model", "protocol", "invariants", "rule-set", "all"] as const;

function readJson(path: string): unknown {
  return parseJsonText(readTextFile(path), path);
}

function checkTrace(trace: Trace, rules: (typeof RULE_SETS)[number]): { set: string; report: RuleReport }[] {
  if (trace.source === "model") {
    if (rules !== "rule-set" && rules !== "all") throw new InputError(`a model trace is checked against its own rule set: use --rules rule-set or all (the ${rules} rules are dBFT 2.0's)`);
    return [{ set: `rule set ${String((trace.meta as { protocol?: unknown }).protocol)}`, report: checkModelTrace(trace) }];
  }
  if (rules === "rule-set") throw new InputError("--rules rule-set checks model traces (source \"model\", from verify replay --trace or verify explore --out)");
  const sets: { set: string; report: RuleReport }[] = [];
  const wantModel = rules === "model" || (rules === "all" && trace.source === "milp");
  if (rules === "model" && trace.source !== "milp") throw new InputError("the model rules read MILP traces (source \"milp\"); use --rules protocol or invariants for a simulator trace");
  if (wantModel) sets.push({ set: "model", report: checkModelRules(trace) });
  if (rules === "protocol" || rules === "all") sets.push({ set: "protocol", report: checkProtocolRules(trace) });
  if (rules === "invariants" || rules === "all") sets.push({ set: "invariants", report: checkInvariants(trace) });
  return sets;
}

function verifyTraceCommand(): Command {
  return new Command("trace")
    .description("check a trace (from `dbft solve --trace`, a search, or your own) against rule sets")
    .argument("<FILE>", "a byzopt.trace/1 JSON file")
    .addOption(new Option("--rules <set>", "model: the MILP's constraints read as rules (MILP traces); protocol: dBFT 2.0 as Neo runs it, for honest nodes; invariants: safety, commit lock, quorum sizes, liveness; rule-set: a model trace's own rule set (its steps replay to its events); all").choices(RULE_SETS).default("all"))
    .option("--json", "print the verdict as JSON")
    .addHelpText("after", "\nEach broken rule is named with the first event that breaks it. Exit code 1 if any rule is broken.\n\nExample:\n  byzopt dbft solve --n 4 --tmax 5 --objective P1 --trace p1.json && byzopt verify trace p1.json --rules model\n")
    .action((file: string, o: { rules: (typeof RULE_SETS)[number]; json?: boolean }) => {
      const trace = parseTrace(readJson(file), file);
      const sets = checkTrace(trace, o.rules);
      const ok = sets.every((s) => s.report.ok);
      if (o.json) {
        process.stdout.write(JSON.stringify({ file, source: trace.source, verdict: ok ? "accepted" : "rejected", sets: sets.map((s) => ({ rules: s.set, checked: s.report.rules, ok: s.report.ok, violations: s.report.violations })) }, null, 2) + "\n");
      } else {
        const out = [`${file}: ${trace.source} trace, N=${trace.n}, ${trace.events.length} events: ${ok ? "accepted" : "REJECTED"}`];
        for (const s of sets) {
          out.push(`  ${s.set} rules: ${s.report.rules - s.report.violations.length} of ${s.report.rules} kept`);
          for (const v of s.report.violations) out.push(`    ${v.rule}: ${v.message}${v.index !== null ? ` (event ${v.index})` : ""}`);
        }
        process.stdout.write(out.join("\n") + "\n");
      }
      if (!ok) process.exitCode = 1;
    });
}

function verifyReplayCommand(): Command {
  return new Command("replay")
    .description("run a saved counterexample or step schedule again and check it ends as it says")
    .argument("<FILE>", "a byzopt.counterexample/1 file written by `verify dbft --out`, a byzopt.dbft-schedule/1 file (instances/dbft-scenarios, `verify explore --out`, `verify dbft --protocol … --out`), or a MILP attack (`dbft solve --trace`), re-run in the simulator")
    .option("--ticks-per-step <D>", "MILP attacks: simulator ticks per MILP step", integerArg, 10)
    .option("--json", "print the verdict as JSON")
    .option("--svg <FILE>", "draw the replayed run")
    .option("--trace <FILE>", "schedules and MILP attacks: write the replayed run as a trace (byzopt.trace/1)")
    .addOption(new Option("--protocol <name>", "schedules: replay under another rule set").choices(PROTOCOLS))
    .addOption(new Option("--pool <mode>", "schedules: replay with shared or local pools").choices(POOLS))
    .addOption(new Option("--commit-count <which>", "schedules: replay with this MoreThanFNodesCommitted count").choices(COMMIT_COUNTS))
    .addHelpText(
      "after",
      [
        "",
        "A schedule lists steps (`n1 PResp`, `n2 receives CV1 n3@0`, `n0 dies`); each must be enabled when its turn",
        "comes. The file says what the run ends in under which settings (fork, lock, decided, open, or a step that",
        "is not enabled); the replay prints every step with the nodes' states and checks it. Exit code 1 if not reproduced.",
        "",
        "Examples:",
        "  byzopt verify replay instances/dbft-scenarios/S1-dead-node-lock.json",
        "  byzopt verify replay instances/dbft-scenarios/S1-dead-node-lock.json --protocol antimev",
        "  byzopt verify replay instances/dbft-scenarios/S2-four-good-nodes.json --commit-count any",
        "  byzopt dbft solve --n 4 --tmax 5 --objective P1 --rotation neo --trace p1.json && byzopt verify replay p1.json",
        "",
        "A MILP attack is re-run in Neo's simulator: each payload gets the MILP's delay, Byzantine nodes send to the",
        "recipients the MILP names, honest nodes follow their timers. The runs are compared send by send; every",
        "difference is named. Exit code 1 when relays or views differ.",
        "",
      ].join("\n"),
    )
    .action((file: string, o: { json?: boolean; svg?: string; trace?: string; ticksPerStep?: number; protocol?: Protocol; pool?: (typeof POOLS)[number]; commitCount?: (typeof COMMIT_COUNTS)[number] }) => {
      const value = readJson(file);
      if ((value as { format?: unknown } | null)?.format === SCHEDULE_FORMAT) return replayScheduleFile(file, value, o);
      if (isTraceFile(value)) return replayMilpFile(file, value, o);
      if (o.protocol || o.pool || o.commitCount || o.trace) throw new InputError(`${file}: --protocol, --pool, --commit-count and --trace apply to schedule files (${SCHEDULE_FORMAT})`);
      const c: CounterexampleFile = parseCounterexample(value, file);
      const { result, violation } = replayCounterexample(c);
      if (o.svg) writeTextAtomically(o.svg, renderExecutionSvg(result.trace!, { title: `${c.property} counterexample, replayed` }));
      if (o.json) process.stdout.write(JSON.stringify({ file, property: c.property, reproduced: violation !== null, violation, outcome: result.outcome, events: result.trace?.events.length ?? 0 }, null, 2) + "\n");
      else process.stdout.write(`${file}: ${violation ? `reproduced: ${violation}` : `NOT reproduced (outcome ${result.outcome})`}\n`);
      if (!violation) process.exitCode = 1;
    });
}

function isTraceFile(value: unknown): boolean {
  const v = value as { format?: unknown; trace?: { format?: unknown } } | null;
  return v?.format === "byzopt.trace/1" || v?.trace?.format === "byzopt.trace/1";
}

function replayMilpFile(file: string, value: unknown, o: { json?: boolean; svg?: string; trace?: string; ticksPerStep?: number }): void {
  const milp = parseTrace(value, file);
  if (milp.source !== "milp") throw new InputError(`${file}: only MILP traces (source "milp") are re-run in the simulator; a ${milp.source} trace is checked with verify trace`);
  if (!Number.isInteger(o.ticksPerStep) || o.ticksPerStep! < 1) throw new InputError(`--ticks-per-step must be a positive integer (got ${o.ticksPerStep})`);
  const r = replayMilp(milp, { ticksPerStep: o.ticksPerStep! });
  if (o.svg) writeTextAtomically(o.svg, renderExecutionSvg(r.result.trace!, { title: `MILP attack ${String(milp.meta.objective ?? "")} re-run in the simulator` }));
  if (o.trace) writeTextAtomically(o.trace, JSON.stringify(r.result.trace, null, 2) + "\n");
  if (o.json) {
    process.stdout.write(JSON.stringify({ file, same: r.same, relays: r.relays, views: r.views, outcome: r.result.outcome, config: r.config, ticksPerStep: r.ticksPerStep, differences: r.differences, sends: r.sends }, null, 2) + "\n");
  } else {
    const out = [`${file}: MILP attack re-run in the simulator (N=${milp.n}, Byzantine ${r.config.byzantine.join(", ") || "none"}, height ${r.config.height}, ${r.ticksPerStep} ticks per step, block time ${r.config.blockTime})`];
    out.push(`  relays: MILP ${r.relays.milp.join(", ") || "none"}; simulator ${r.relays.simulator.join(", ") || "none"} (node@view)`);
    out.push(`  views reached: MILP ${r.views.milp.join(", ")}; simulator ${r.views.simulator.join(", ")}; simulator outcome ${r.result.outcome}`);
    out.push(r.same ? "same relays and views" : `DIFFERENT: ${r.differences.length} differences`);
    for (const d of r.differences) out.push(`  - ${d}`);
    process.stdout.write(out.join("\n") + "\n");
  }
  if (!r.same) process.exitCode = 1;
}

function replayScheduleFile(file: string, value: unknown, o: { json?: boolean; svg?: string; trace?: string; protocol?: Protocol; pool?: (typeof POOLS)[number]; commitCount?: (typeof COMMIT_COUNTS)[number] }): void {
  const schedule = parseSchedule(value, file);
  const overrides = { ...(o.protocol ? { protocol: o.protocol } : {}), ...(o.pool ? { pool: o.pool } : {}), ...(o.commitCount ? { commitCount: o.commitCount } : {}) };
  let r;
  try {
    r = replaySchedule(schedule, overrides);
  } catch (err) {
    throw err instanceof InputError ? new InputError(`${file}: ${err.message}`) : err;
  }
  if (o.svg || o.trace) saveModelRun({ svg: o.svg, trace: o.trace }, r.config, r.steps.map((x) => x.step), `${schedule.name}: ${schedule.title}`, { schedule: schedule.name, outcome: r.final.kind });
  const e = r.expectation;
  const expected = e ? (e.outcome === "blocked" ? `step ${e.blockedAt ?? "?"} not enabled` : e.outcome) : null;
  const verdict = r.reproduced === null ? "no expectation for these settings" : r.reproduced ? "reproduced" : "NOT reproduced";
  if (o.json) {
    process.stdout.write(JSON.stringify({ file, name: schedule.name, config: r.config, steps: r.steps.map((s) => ({ step: s.text, nodes: s.nodes })), blockedAt: r.blockedAt, enabledThere: r.enabledThere, outcome: r.final.kind, nodes: r.finalNodes, enabled: r.final.honest.length, expected: e ?? null, reproduced: r.reproduced, mismatch: r.mismatch }, null, 2) + "\n");
  } else {
    const out = [`${file}: ${schedule.name}: ${schedule.title}`, describeVariant(r.config)];
    const width = String(r.steps.length).length;
    r.steps.forEach((s, k) => out.push(`  ${String(k + 1).padStart(width)}. ${s.text.padEnd(28)} ${s.nodes.join("  ")}`));
    if (r.blockedAt !== null) out.push(`  step ${r.blockedAt} ${JSON.stringify(schedule.steps[r.blockedAt - 1])} is not enabled; enabled there: ${r.enabledThere.join("; ") || "nothing"}`);
    out.push(`ends: ${r.final.kind}${r.final.kind === "open" ? ` (${r.final.honest.length} honest steps enabled)` : ""}; nodes ${r.finalNodes.join(", ")}`);
    out.push(`${verdict}${expected ? ` (expected: ${expected})` : ""}${r.mismatch ? `: ${r.mismatch}` : ""}`);
    process.stdout.write(out.join("\n") + "\n");
  }
  if (r.reproduced === false) process.exitCode = 1;
}

export function verifyCommand(): Command {
  return new Command("verify")
    .description("check dBFT executions: search simulated runs (Neo 2.0 or a rule-set model) for forks and locks, explore small scopes exhaustively, check traces, replay schedules")
    .addCommand(verifyDbftCommand())
    .addCommand(verifyTraceCommand())
    .addCommand(verifyReplayCommand())
    .addCommand(verifyExploreCommand());
}
