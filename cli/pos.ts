import { Command, InvalidArgumentError, Option } from "commander";
import { InputError } from "../lib/model.js";
import { checkChart, COALITION_KINDS, type CoalitionKind, decisionRates, DEFAULT_POOL, describeFailure, falsePenalty, falseReward, fmtProbability, formatPosReport, judge, LIAR_KINDS, type LiarKind, type Plan, pointsToRun, type PosSetting, posSetting, rewardChart, type RiskTargets, runPosCheckGrid, runSeed, settingLabel, simulatePos, smallestDelta, smallestPlan } from "../lib/codag.js";
import { writeTextAtomically, writeTextFilesAtomically } from "../solvers/atomic-file.js";
import { type CheckGridFlags, checkGridOptions, checkGridSettings, reportIncomplete } from "./grid-options.js";
import { lineChartSvg } from "../verify/shared/chart.js";
import { csvRow } from "../verify/shared/csv.js";
import { integerArg, nonNegativeIntegerArg, numberListArg, positiveIntegerArg } from "./options.js";

function probabilityArg(value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !(x >= 0 && x <= 1)) throw new InvalidArgumentError("expected a probability in [0, 1].");
  return x;
}

function probabilityListArg(value: string): number[] {
  const xs = numberListArg(value);
  if (xs.some((x) => !(x >= 0 && x <= 1))) throw new InvalidArgumentError("expected comma-separated probabilities in [0, 1], e.g. 0.7,0.8,0.9.");
  return xs;
}

/** The record and adversary flags shared by `rates` and `simulate` (commander camel-cases them). */
interface SettingOptions {
  n: number;
  delta: number;
  strict?: boolean;
  liars?: number;
  liarKind?: LiarKind;
  noise?: number;
  coalition?: number;
  coalitionKind?: CoalitionKind;
}

function settingOptions(cmd: Command): Command {
  return cmd
    .requiredOption("--n <n>", "slots of the record: probes per decision", integerArg)
    .requiredOption("--delta <δ>", "threshold: reward iff at least δ of the n probes succeeded (integer 0..n)", integerArg)
    .option("--strict", "reward iff more than δ succeeded (the paper's prose, A22)")
    .option("--liars <f>", "each write's verifier lies with probability f", probabilityArg)
    .addOption(new Option("--liar-kind <kind>", "slanderer: reports failure; colluder: success; noisy: flips with --noise").choices([...LIAR_KINDS]))
    .option("--noise <ε>", "flip probability of a noisy liar (default 0.1)", probabilityArg)
    .option("--coalition <k>", "a coalition holds k fixed slots of every round", nonNegativeIntegerArg)
    .addOption(new Option("--coalition-kind <kind>", "what the coalition reports: failure (slanderer) or success (colluder)").choices([...COALITION_KINDS]));
}

/** The honest setting and, when liars or a coalition are given, the attacked one (InputError on any inconsistency). */
function settingsFromOptions(o: SettingOptions): { honest: PosSetting; attacked: PosSetting | null } {
  if (o.liars !== undefined && o.liarKind === undefined) throw new InputError("--liars needs --liar-kind slanderer, colluder or noisy");
  if (o.liars === undefined && o.liarKind !== undefined) throw new InputError("--liar-kind goes with --liars f");
  if (o.noise !== undefined && o.liarKind !== "noisy") throw new InputError("--noise goes with --liar-kind noisy");
  if (o.coalition !== undefined && o.coalitionKind === undefined) throw new InputError("--coalition needs --coalition-kind slanderer or colluder");
  if (o.coalition === undefined && o.coalitionKind !== undefined) throw new InputError("--coalition-kind goes with --coalition k");
  const honest = posSetting({ n: o.n, delta: o.delta, strict: o.strict === true });
  const liars = o.liars !== undefined && o.liarKind ? { f: o.liars, kind: o.liarKind, epsilon: o.noise ?? 0.1 } : null;
  const coalition = o.coalition !== undefined && o.coalitionKind ? { k: o.coalition, kind: o.coalitionKind } : null;
  return { honest, attacked: liars || coalition ? posSetting({ ...honest, liars, coalition }) : null };
}

const fmtP = fmtProbability;

const rule = (s: PosSetting): string => `reward iff ${s.strict ? `s > ${s.delta}` : `s ≥ ${s.delta}`} successes of n = ${s.n}`;

function ratesCommand(): Command {
  return settingOptions(new Command("rates").description("exact P(reward) of the PoS record, and its false penalty and false reward"))
    .option("--p-true <list>", "true probe success probabilities", probabilityListArg, [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99])
    .option("--p-star <p>", "the promised QoS: a provider with p_true ≥ p* complies; print its false penalty at p*", probabilityArg)
    .option("--p-bad <p>", "a bad provider (p_bad < p*): print its false reward", probabilityArg)
    .option("--alpha <α>", "with --p-star and --p-bad: the largest acceptable false penalty, for the smallest δ and (n, δ)", probabilityArg, 0.05)
    .option("--beta <β>", "with --p-star and --p-bad: the largest acceptable false reward", probabilityArg, 0.05)
    .option("--json", "print the rates as JSON")
    .option("--csv <file>", "write one row per setting and p_true as CSV")
    .option("--svg <file>", "draw P(reward) against p_true over [0, 1], one line per setting")
    .addHelpText(
      "after",
      [
        "",
        "s ~ Bin(n, p_rep), p_rep = (1 − f)·p_true + f·σ (σ = 0 slanderer, 1 colluder, p_true(1 − ε) + (1 − p_true)ε noisy);",
        "a coalition on k slots: s = Bin(n − k, p_rep), + k for colluders. P(reward) = P(s ≥ δ) = 1 − F(δ − 1; n, p_rep).",
        "",
        "Examples:",
        "  byzopt pos rates --n 20 --delta 16 --p-true 0.7,0.8,0.9",
        "  byzopt pos rates --n 20 --delta 16 --p-true 0.9 --liars 0.2 --liar-kind slanderer --json",
        "  byzopt pos rates --n 50 --delta 40 --p-star 0.9 --p-bad 0.7 --svg pos.svg",
        "",
      ].join("\n"),
    )
    .action(async (o: SettingOptions & { pTrue: number[]; pStar?: number; pBad?: number; alpha: number; beta: number; json?: boolean; csv?: string; svg?: string }) => {
      const { honest, attacked } = settingsFromOptions(o);
      const settings = attacked ? [honest, attacked] : [honest];
      const targets: RiskTargets | null = o.pStar !== undefined && o.pBad !== undefined ? { pStar: o.pStar, pBad: o.pBad, alpha: o.alpha, beta: o.beta } : null;
      if (targets && !(targets.pBad < targets.pStar)) throw new InputError(`--p-bad must be below --p-star (got ${targets.pBad} and ${targets.pStar})`);
      const result = settings.map((s) => {
        const { n: _n, delta: _d, ...rest } = s;
        const plans = targets ? { smallestDelta: smallestDelta(s, targets), smallestPlan: smallestPlan(rest, targets) } : {};
        return {
          label: settingLabel(s),
          liars: s.liars,
          coalition: s.coalition,
          rates: o.pTrue.map((p) => ({ pTrue: p, ...decisionRates(s, p) })),
          ...(o.pStar !== undefined ? { falsePenalty: { pStar: o.pStar, value: falsePenalty(s, o.pStar) } } : {}),
          ...(o.pBad !== undefined ? { falseReward: { pBad: o.pBad, value: falseReward(s, o.pBad) } } : {}),
          ...plans,
        };
      });
      const files: { path: string; text: string }[] = [];
      if (o.csv) {
        const rows = [csvRow(["setting", "n", "delta", "strict", "p_true", "p_reported", "p_reward", "p_penalty"])];
        for (const r of result) for (const x of r.rates) rows.push(csvRow([r.label, honest.n, honest.delta, String(honest.strict), x.pTrue, x.pReported, x.reward, x.penalty]));
        files.push({ path: o.csv, text: rows.join("\n") + "\n" });
      }
      if (o.svg) files.push({ path: o.svg, text: await lineChartSvg(rewardChart(`PoS P(reward): ${rule(honest)}`, settings.map((s) => ({ label: settingLabel(s), setting: s })))) });
      writeTextFilesAtomically(files);
      if (o.json) {
        process.stdout.write(JSON.stringify({ n: honest.n, delta: honest.delta, strict: honest.strict, ...(targets ? { targets } : {}), settings: result }, null, 2) + "\n");
        return;
      }
      const width = Math.max(14, ...result.map((r) => r.label.length + 2));
      const out = [`${rule(honest)}`, "", "p_true  " + result.map((r) => r.label.padStart(width)).join(""), ...o.pTrue.map((p, i) => String(p).padEnd(8) + result.map((r) => fmtP(r.rates[i].reward).padStart(width)).join(""))];
      const plan = (p: Plan | null | undefined) => (p ? `n = ${p.n}, δ = ${p.delta} (false penalty ${fmtP(p.falsePenalty)}, false reward ${fmtP(p.falseReward)})` : "none");
      for (const r of result) {
        const lines: string[] = [];
        if (r.falsePenalty) lines.push(`false penalty at p* = ${r.falsePenalty.pStar}: ${fmtP(r.falsePenalty.value)}`);
        if (r.falseReward) lines.push(`false reward at p_bad = ${r.falseReward.pBad}: ${fmtP(r.falseReward.value)}`);
        if (targets) {
          lines.push(`smallest δ for n = ${honest.n} with false penalty ≤ ${targets.alpha} and false reward ≤ ${targets.beta}: ${r.smallestDelta ? r.smallestDelta.delta : "none"}`);
          lines.push(`smallest plan (n ≤ 1000): ${plan(r.smallestPlan)}`);
        }
        if (lines.length) out.push("", `${r.label}:`, ...lines.map((l) => `  ${l}`));
      }
      process.stdout.write(out.join("\n") + "\n");
    });
}

function simulateCommand(): Command {
  return settingOptions(new Command("simulate").description("seeded epochs of n Verify calls on the record, beside the exact P(reward)"))
    .requiredOption("--p-true <list>", "true probe success probabilities (point i is seeded from (seed, i))", probabilityListArg)
    .option("--epochs <N>", "epochs (rounds of n writes) per point", positiveIntegerArg, 100_000)
    .option("--seed <S>", "seed: the same seed gives the same run", nonNegativeIntegerArg, 1)
    .option("--pool <M>", "verifiers outside a coalition (a fraction f of them lie)", positiveIntegerArg, DEFAULT_POOL)
    .option("--json", "print the result as JSON")
    .option("--svg <file>", "draw the exact curve and the simulated points")
    .addHelpText(
      "after",
      [
        "",
        "A point is inside when |f̂ − P| ≤ 4σ, σ = √(P(1−P)/N) (where N·P(1−P) < 9, by exact binomial tails of the same level).",
        "Verifier units: Decide pays one unit per slot written, to honest verifiers, liars and coalition alike.",
        "",
        "Example:",
        "  byzopt pos simulate --n 20 --delta 16 --p-true 0.7,0.8,0.9 --epochs 100000 --seed 1",
        "  byzopt pos simulate --n 20 --delta 16 --p-true 0.9 --liars 0.2 --liar-kind noisy --noise 0.1 --json",
        "",
      ].join("\n"),
    )
    .action(async (o: SettingOptions & { pTrue: number[]; epochs: number; seed: number; pool: number; json?: boolean; svg?: string }) => {
      const { honest, attacked } = settingsFromOptions(o);
      const s = attacked ?? honest;
      if (o.pool < 2) throw new InputError(`--pool must be at least 2 (got ${o.pool})`);
      const points = o.pTrue.map((pTrue, i) => {
        const seed = runSeed(o.seed >>> 0, i);
        const sim = simulatePos(s, pTrue, { epochs: o.epochs, seed, pool: o.pool });
        const exact = decisionRates(s, pTrue).reward;
        const j = judge(exact, sim.rewards, o.epochs);
        return { pTrue, seed, exact, simulated: sim.rate, sigma: j.sigma, lo: Math.max(0, exact - 4 * j.sigma), hi: Math.min(1, exact + 4 * j.sigma), rule: j.rule, inside: j.pass, rewards: sim.rewards, decisions: sim.decisions, writes: sim.writes, units: sim.units, paidVerifiers: sim.paidVerifiers };
      });
      const label = settingLabel(s);
      if (o.svg) writeTextAtomically(o.svg, await lineChartSvg(rewardChart(`PoS P(reward), ${label}: ${rule(s)}; ${o.epochs} epochs per point, seed ${o.seed}`, [{ label, setting: s }], points.map((p) => ({ series: label, pTrue: p.pTrue, rate: p.simulated })))));
      if (o.json) {
        process.stdout.write(JSON.stringify({ n: s.n, delta: s.delta, strict: s.strict, setting: label, liars: s.liars, coalition: s.coalition, epochs: o.epochs, seed: o.seed, pool: o.pool, points }, null, 2) + "\n");
        return;
      }
      const head = "p_true   exact      simulated  4σ interval            inside  decisions  units: honest / liars / coalition";
      const rows = points.map((p) =>
        [String(p.pTrue).padEnd(9), fmtP(p.exact).padEnd(11), fmtP(p.simulated).padEnd(11), `[${fmtP(p.lo)}, ${fmtP(p.hi)}]`.padEnd(23), (p.inside ? "yes" : "NO").padEnd(8), String(p.decisions).padEnd(11), `${p.units.honest} / ${p.units.liars} / ${p.units.coalition}`].join(""),
      );
      process.stdout.write([`${label}, ${rule(s)}; ${o.epochs} epochs per point, seed ${o.seed}, ${o.pool} verifiers`, head, ...rows].join("\n") + "\n");
    });
}

function checkCommand(): Command {
  return checkGridOptions(
    new Command("check")
    .description("the spec's PoS checks: record semantics, and simulated P(reward) within 4σ of the exact rate on the whole grid")
    .option("--epochs <N>", "epochs per grid point", positiveIntegerArg, 100_000)
    .option("--seed <S>", "point i is seeded from (seed, i), so that any point replays alone", nonNegativeIntegerArg, 1)
    .option("--quick", "a reduced grid: n 10 and 20, δ/n 0.8, p_true 0.5, 0.9, 0.99")
    .option("--n-values <list>", "record sizes of the grid (default 10,20,50,100)", numberListArg)
    .option("--point <i>", "run grid point i alone (as numbered in the report)", nonNegativeIntegerArg)
    .option("--json", "print the report as JSON")
    .option("--svg <file>", "draw P(reward) against p_true at δ/n = 0.8: exact lines, simulated points, one panel per n")
    .option("--out <file>", "also write the report as Markdown")
    .addHelpText(
      "after",
      [
        "",
        "Grid: n ∈ {10, 20, 50, 100}, δ/n ∈ {0.6, 0.8, 0.9}, p_true ∈ {0.5, 0.7, 0.8, 0.9, 0.99}, f = 0 and f ∈ {0.1, 0.3} ×",
        "{slanderer, colluder, noisy ε = 0.1}; plus a coalition on n/10 slots at δ/n = 0.8. Pass iff |f̂ − P| ≤ 4σ, or, where",
        "N·P(1−P) < 9 (P near 0 or 1), iff both exact binomial tails of the count are ≥ 2Φ(−4)/2.",
        "Exit code 0 when every point and record check passes, 1 otherwise (a bug of the simulator or the formula).",
        "",
        "Example:",
        "  byzopt pos check --epochs 100000 --seed 1 --out pos-check.md --svg pos-check.svg",
        "  byzopt pos check --records pc --slurm --slurm-tasks 46 --submit --out pc/report.md   (10 points per array task)",
        "",
      ].join("\n"),
    ),
    "points",
  ).action(async (o: CheckGridFlags & { epochs: number; seed: number; quick?: boolean; nValues?: number[]; point?: number; json?: boolean; svg?: string; out?: string }, cmd: Command) => {
      const onProgress = process.stderr.isTTY ? (done: number, total: number) => process.stderr.write(`\r\x1b[Kpoint ${done}/${total}`) : undefined;
      const options = { epochs: o.epochs, seed: o.seed, quick: o.quick === true, ...(o.nValues ? { nValues: o.nValues } : {}), ...(o.point !== undefined ? { point: o.point } : {}), ...(onProgress ? { onProgress } : {}) };
      pointsToRun(options); // bad options fail here, before --slurm writes jobs that would fail
      const settings = checkGridSettings(o, cmd, "byzopt-pos-check");
      if (!settings) return;
      const { report, grid } = await runPosCheckGrid(options, settings);
      if (onProgress) process.stderr.write("\r\x1b[K");
      if (!report) return reportIncomplete(grid, settings);
      const text = formatPosReport(report);
      writeTextFilesAtomically([...(o.out ? [{ path: o.out, text }] : []), ...(o.svg ? [{ path: o.svg, text: await lineChartSvg(checkChart(report)) }] : [])]);
      process.stdout.write(o.json ? JSON.stringify(report, null, 2) + "\n" : text);
      if (report.verdict === "fail") {
        for (const p of report.points.filter((q) => !q.pass)) process.stderr.write(describeFailure(p, report.options) + "\n");
        for (const c of report.record.filter((r) => !r.pass)) process.stderr.write(`FAIL record check: ${c.name}: ${c.detail}\n`);
        process.exitCode = 1;
      }
    });
}

export function posCommand(): Command {
  return new Command("pos")
    .description("Blockcloud's Proof-of-Service record: exact decision error rates, a seeded simulation and its checks")
    .addCommand(ratesCommand())
    .addCommand(simulateCommand())
    .addCommand(checkCommand());
}
