/** `byzopt unl simulate --mode rpca`: runs, the static bounds of each configuration, P2 verdicts, the fork picture. */
import { match } from "ts-pattern";
import { byzantineIn, type ByzPlacement, checkRpcaRun, countingBound, csfForkablePairs, forkPictureSvg, type ForkVerdict, overlapStats, quorum, RPCA_DEFAULTS, type RpcaByzantine, type RpcaConfig, rpcaConfigOf, type RpcaResult, rpcaSetup, runRpca, theorem8, type UnlConfig, type UnlGenerator } from "../lib/unl.js";
import { InputError } from "../lib/model.js";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { csvRow } from "../verify/shared/csv.js";

export interface RpcaOptions {
  nodes?: number;
  malicious?: number;
  maliciousPct?: number;
  byz: RpcaByzantine;
  byzPlacement: ByzPlacement;
  unlGen?: UnlGenerator;
  overlap?: number;
  unlFile?: UnlConfig;
  unlFileName?: string;
  seed: number;
  runs: number;
  ledgers: number;
  maxTime?: number;
  svg?: string;
  json?: boolean;
  csv?: boolean;
}

const CSV_HEAD = ["seed", "time_ms", "max_validated_seq", "min_validated_seq", "accepted", "validated", "nhi", "forks", "same_seq_forks", "branches", "jumps", "stalled_fraction", "longest_gap_ms", "omega_min", "omega_mean", "theorem8_holds", "counting_forkable_pairs", "csf_forkable_pairs", "violations"];

function csvLine(r: RpcaRunReport): string {
  const x = r.result;
  return csvRow([r.seed, x.timeMs, x.maxValidatedSeq, x.minValidatedSeq, x.accepted, x.validated, x.nhi ?? "", x.forks.length, x.forks.filter((f) => f.kind === "same-seq").length, x.branches, x.jumps, x.stalledFraction, x.longestGapMs, r.bounds.omegaMin, r.bounds.omegaMean, String(r.bounds.theorem8Holds), r.bounds.countingForkablePairs, r.bounds.csfForkablePairs, r.violations.length]);
}

/** One run: its configuration, result and verdicts, with the static bounds of its UNLs. */
export interface RpcaRunReport {
  seed: number;
  bounds: { omegaMin: number; omegaMean: number; theorem8Holds: boolean; theorem8Violations: number; countingForkablePairs: number; csfForkablePairs: number };
  result: RpcaResult;
  forks: ForkVerdict[];
  violations: ForkVerdict[];
  /** P4 (silent Byzantine only): honest validators with more silent members than n − q, and whether each stalled. */
  p4: { overBudget: number; overBudgetNeverValidated: number; othersStalled: number; holds: boolean } | null;
}

/**
 * P4: a validator with more silent validators in its UNL than n_i − q_i can never gather q_i validations, so
 * it never fully validates a ledger (a check that does not depend on how long the run was).
 */
export function silentStallCheck(unl: UnlConfig, r: RpcaResult): NonNullable<RpcaRunReport["p4"]> {
  const over = unl.unls.flatMap((u, i) => (!unl.byzantine[i] && byzantineIn(u, unl.byzantine) > u.length - quorum(u.length, unl.quorumPct) ? [i] : []));
  const never = over.filter((i) => r.finalValidatedSeq[i] === 0).length;
  const overSet = new Set(over);
  return { overBudget: over.length, overBudgetNeverValidated: never, othersStalled: r.stalledValidators.filter((i) => !overSet.has(i)).length, holds: never === over.length };
}

function configFor(o: RpcaOptions, seed: number): { config: RpcaConfig; unl: UnlConfig } {
  if (o.unlFile) {
    const config = rpcaConfigOf(o.unlFile, o.byz, seed, { ledgers: o.ledgers, ...(o.maxTime !== undefined ? { maxTime: o.maxTime } : {}) });
    return { config, unl: o.unlFile };
  }
  const nodes = o.nodes ?? RPCA_DEFAULTS.nodes;
  if (o.malicious !== undefined && o.maliciousPct !== undefined) throw new InputError("give --malicious or --malicious-pct, not both");
  const malicious = o.maliciousPct !== undefined ? Math.floor((nodes * o.maliciousPct) / 100) : (o.malicious ?? 0);
  const unlGen = o.unlGen ?? "core";
  const overlapPct = unlGen === "random" ? o.overlap : (o.overlap ?? 100);
  const s = rpcaSetup({ nodes, malicious, byzKind: o.byz, unlGen, ...(overlapPct !== undefined ? { overlapPct } : {}), byzPlacement: o.byzPlacement, seed, ledgers: o.ledgers, ...(o.maxTime !== undefined ? { maxTime: o.maxTime } : {}) });
  return { config: s.config, unl: s.unl };
}

export function rpcaRuns(o: RpcaOptions, onRun?: (r: RpcaRunReport, k: number) => void): RpcaRunReport[] {
  if (!Number.isSafeInteger(o.runs) || o.runs < 1) throw new InputError(`--runs must be an integer ≥ 1, got ${o.runs}`);
  if (o.ledgers < 1) throw new InputError(`--ledgers must be ≥ 1, got ${o.ledgers}`);
  const out: RpcaRunReport[] = [];
  for (let k = 0; k < o.runs; k++) {
    const seed = o.seed + k;
    const { config, unl } = configFor(o, seed);
    const t8 = theorem8(unl, "actual");
    const result = runRpca(config);
    const check = checkRpcaRun(unl, result, t8);
    const omega = overlapStats(unl);
    const report: RpcaRunReport = {
      seed,
      bounds: {
        omegaMin: omega.min,
        omegaMean: omega.mean,
        theorem8Holds: check.theorem8Holds,
        theorem8Violations: check.theorem8Violations,
        countingForkablePairs: countingBound(unl).forkable.length,
        csfForkablePairs: csfForkablePairs(unl).forkable.length,
      },
      result,
      forks: check.forks,
      violations: check.violations,
      p4: o.byz === "silent" && unl.byzantine.some(Boolean) ? silentStallCheck(unl, result) : null,
    };
    out.push(report);
    onRun?.(report, k);
  }
  return out;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function runLine(r: RpcaRunReport): string {
  const x = r.result;
  const forks = x.forks.length === 0 ? "no fork" : `${x.forks.length} fork${x.forks.length > 1 ? "s" : ""} (${[...new Set(x.forks.map((f) => f.kind))].join(", ")}; first at seq ${x.forks[0].seq})`;
  return [
    `seed ${r.seed}: fully validated up to seq ${x.maxValidatedSeq} (lowest validator ${x.minValidatedSeq}) in ${(x.timeMs / 1000).toFixed(1)} s; ${forks}`,
    `  NHI ${x.nhi === null ? "n/a" : x.nhi.toFixed(3)} (C ${x.accepted}, V ${x.validated}); close→accept ${x.medianCloseToAcceptMs ?? "n/a"} ms; FV every ${x.medianFvIntervalMs ?? "n/a"} ms; jumps ${x.jumps}; stalled ${pct(x.stalledFraction)} (longest gap ${(x.longestGapMs / 1000).toFixed(1)} s)`,
    ...(r.p4
      ? [
          `  P4: ${r.p4.overBudget} validators have more silent validators in their UNL than n − q; ${r.p4.overBudgetNeverValidated} of them never fully validated a ledger (${r.p4.holds ? "holds" : "REFUTED"}); ${r.p4.othersStalled} others stalled`,
        ]
      : []),
    `  UNLs: ω min ${pct(r.bounds.omegaMin)}, mean ${pct(r.bounds.omegaMean)}; Theorem 8 ${r.bounds.theorem8Holds ? "holds for every pair" : `violated by ${r.bounds.theorem8Violations} ordered pairs`}; counting bound: ${r.bounds.countingForkablePairs} pairs can fork; csf: ${r.bounds.csfForkablePairs} forkable`,
  ].join("\n");
}

function violationLine(v: ForkVerdict, seed: number): string {
  const what = match(v.violation)
    .with("bug", () => "SIMULATOR BUG: a same-seq fork the counting bound rules out")
    .with("refutes-theorem8", () => "REFUTATION OR BUG: a fork while Theorem 8 holds for every honest pair")
    .with(null, () => "fork")
    .exhaustive();
  const f = v.fork;
  return `${what} — seed ${seed}, ${f.kind} at seq ${f.seq}: validator ${f.a.validator} → ledger ${f.a.ledger} (counted ${f.a.counted.join(" ")}), validator ${f.b.validator} → ledger ${f.b.ledger} (counted ${f.b.counted.join(" ")}); pair overlap ${v.pair.overlap}, shared Byzantine ${v.pair.byzantineShared}`;
}

/** Runs, prints, writes the picture; returns the exit code (3 when a violation was found). */
export function simulateRpca(o: RpcaOptions): number {
  const reports = rpcaRuns(o, o.json ? undefined : (r) => process.stderr.write(`run ${r.seed - o.seed + 1}/${o.runs} done\n`));
  const violations = reports.flatMap((r) => r.violations.map((v) => ({ seed: r.seed, ...v })));
  if (o.svg) {
    const shown = reports.find((r) => r.result.forks.length > 0) ?? reports[0];
    writeTextAtomically(o.svg, forkPictureSvg(shown.result, `rpca, seed ${shown.seed}: fully-validated ledgers of ${shown.result.ledgers.length ? "the honest validators" : "nobody"}`));
  }
  const summary = {
    runs: reports.length,
    forkRate: reports.filter((r) => r.result.forks.length > 0).length / reports.length,
    stallRate: reports.filter((r) => r.result.stalledFraction > 0).length / reports.length,
    meanNhi: mean(reports.map((r) => r.result.nhi).filter((x): x is number => x !== null)),
    violations: violations.length,
  };
  if (o.csv) {
    process.stdout.write([CSV_HEAD.join(","), ...reports.map(csvLine)].join("\n") + "\n");
    return violations.length > 0 ? 3 : 0;
  }
  if (o.json) {
    process.stdout.write(JSON.stringify({ mode: "rpca", options: { ...o, unlFile: o.unlFileName ?? null, unlFileName: undefined }, violations, summary, runs: reports }, null, 2) + "\n");
    return violations.length > 0 ? 3 : 0;
  }
  const lines: string[] = [];
  for (const v of violations) lines.push(violationLine(v, v.seed));
  for (const r of reports) lines.push(runLine(r));
  if (reports.length > 1) lines.push(`${reports.length} runs: fork rate ${pct(summary.forkRate)}, stall rate ${pct(summary.stallRate)}, mean NHI ${summary.meanNhi === null ? "n/a" : summary.meanNhi.toFixed(3)}`);
  if (violations.length > 0) lines.push(`${violations.length} violation${violations.length > 1 ? "s" : ""} of P2 (listed first): exit code 3`);
  process.stdout.write(lines.join("\n") + "\n");
  return violations.length > 0 ? 3 : 0;
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
