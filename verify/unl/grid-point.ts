/**
 * One grid point: its runs (schwartz or rpca, run k seeded runSeed(seed, k)), their per-point summary (median,
 * p90 and censoring; NHI, fork and stall rates, the static bounds) and its P2 violations. Pure.
 */
import { match } from "ts-pattern";
import { countingBound, csfForkablePairs, overlapStats, theorem8 } from "../../formulations/unl/index.js";
import { runSeed } from "../shared/prng.js";
import { coreUnls } from "./generators.js";
import {
  generatorParams,
  type GridFork,
  type GridPoint,
  type GridRecord,
  type GridViolation,
  RECORD_VERSION,
  type RpcaPointParams,
  type RpcaRun,
  type RpcaSummary,
  type SchwartzPointParams,
  type SchwartzRun,
  type SchwartzSummary,
  setupParams,
} from "./grid.js";
import { checkRpcaRun } from "./rpca-check.js";
import { runRpca } from "./rpca.js";
import { rpcaSetup } from "./rpca-setup.js";
import { runSchwartz, SCHWARTZ_DEFAULTS } from "./schwartz.js";

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function runSchwartzPoint(p: SchwartzPointParams): SchwartzRun[] {
  return Array.from({ length: p.runs }, (_, k) => {
    const seed = runSeed(p.seed, k);
    const unls = p.overlapPct === null ? undefined : coreUnls(generatorParams(p, seed)).unls;
    const r = runSchwartz({ ...SCHWARTZ_DEFAULTS, nodes: p.nodes, malicious: p.malicious, consensusPct: p.consensusPct, tally: p.tally, seed, maxTime: p.maxTime, ...(unls ? { unls } : {}) });
    const w = overlapStats({ names: r.unls.map(String), unls: r.unls, byzantine: r.unls.map((_, i) => i < p.malicious), quorumPct: p.consensusPct });
    return { seed, converged: r.converged, censored: r.censored, radioSilence: r.radioSilence, timeMs: r.timeMs, messagesPerNode: r.messagesPerNode, omegaMin: finite(w.min), omegaMean: finite(w.mean) };
  });
}

export function runRpcaPoint(p: RpcaPointParams): RpcaRun[] {
  return Array.from({ length: p.runs }, (_, k) => {
    const seed = runSeed(p.seed, k);
    const setup = rpcaSetup(setupParams(p, seed));
    const u = setup.unl;
    const t8 = theorem8(u, "actual");
    const counting = countingBound(u);
    const csf = csfForkablePairs(u);
    const w = overlapStats(u);
    const r = runRpca(setup.config);
    // Every pair that fully validated different ledgers at a seq is checked, not only the logged one.
    const forks: GridFork[] = checkRpcaRun(u, r, t8).forks.map((v) => ({
      ...v.fork,
      countingAdmits: v.pair.countingAdmits,
      ...(v.pair.i !== v.fork.a.validator || v.pair.j !== v.fork.b.validator ? { checkedPair: [v.pair.i, v.pair.j] as [number, number] } : {}),
    }));
    return {
      seed,
      nhi: r.nhi,
      accepted: r.accepted,
      validated: r.validated,
      forks,
      branches: r.branches,
      stalledFraction: r.stalledFraction,
      longestGapMs: r.longestGapMs,
      maxValidatedSeq: r.maxValidatedSeq,
      minValidatedSeq: r.minValidatedSeq,
      medianCloseToAcceptMs: r.medianCloseToAcceptMs,
      medianFvIntervalMs: r.medianFvIntervalMs,
      jumps: r.jumps,
      equivocationsSeen: r.equivocationsSeen,
      timeMs: r.timeMs,
      static: {
        theorem8Violations: t8.violations.length,
        theorem8MinSlack: t8.minSlack?.slack ?? null,
        countingForkable: counting.forkable.length,
        countingMissedByCsf: counting.missedByCsf.length,
        csfForkable: csf.forkable.length,
        distinctUnls: csf.distinctUnls,
        omegaMin: finite(w.min),
        omegaMean: finite(w.mean),
      },
    };
  });
}

/** Runs every seed of a point and builds its record. */
export function runPoint(point: GridPoint): GridRecord {
  return match(point.params)
    .with({ mode: "schwartz" }, (p): GridRecord => {
      const perRun = runSchwartzPoint(p);
      return { version: RECORD_VERSION, name: point.name, params: p, perRun, summary: summarizeSchwartz(p, perRun) };
    })
    .with({ mode: "rpca" }, (p): GridRecord => {
      const perRun = runRpcaPoint(p);
      return { version: RECORD_VERSION, name: point.name, params: p, perRun, summary: summarizeRpca(perRun), violations: violationsOf(point.name, p, perRun) };
    })
    .exhaustive();
}

/**
 * P2 (spec §4), from the runs themselves: a fork while Theorem 8 ("actual") holds for every honest pair, and a
 * same-seq fork between a pair the counting bound says cannot fork. Every such fork, none filtered.
 */
export function violationsOf(name: string, p: RpcaPointParams, perRun: readonly RpcaRun[]): GridViolation[] {
  const config = { mode: "rpca" as const, unlGen: p.unlGen, overlapPct: p.overlapPct, malicious: p.malicious, nodes: p.nodes, byzKind: p.byzKind, byzPlacement: p.byzPlacement };
  const out: GridViolation[] = [];
  for (const run of perRun) {
    for (const fork of run.forks) {
      if (run.static.theorem8Violations === 0) out.push({ point: name, kind: "theorem8", why: "fork while Theorem 8 (actual budget) holds for every ordered honest pair: a bug or a refutation", seed: run.seed, config, fork });
      if (fork.kind === "same-seq" && !fork.countingAdmits) {
        const [i, j] = fork.checkedPair ?? [fork.a.validator, fork.b.validator];
        out.push({ point: name, kind: "counting", why: `same-seq fork between v${i} and v${j}, a pair the counting bound says cannot fork: a simulator bug`, seed: run.seed, config, fork });
      }
    }
  }
  return out;
}

/** Type-7 quantile of ascending values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  // Rounded to 1e−6 so that 0.9·(651 − 650) does not print as 650.9999999999999.
  return Math.round((sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])) * 1e6) / 1e6;
}

const meanOf = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const nonNull = <T>(xs: readonly (T | null)[]) => xs.filter((x): x is T => x !== null);

export function summarizeSchwartz(p: SchwartzPointParams, runs: readonly SchwartzRun[]): SchwartzSummary {
  // A run without consensus counts at the cap: its true time is at least that (infinite for radio silence).
  const values = runs.map((r) => ({ v: r.converged ? r.timeMs : p.maxTime, capped: !r.converged })).sort((a, b) => a.v - b.v || Number(a.capped) - Number(b.capped));
  const sorted = values.map((x) => x.v);
  const lowerBound = (q: number) => values[Math.ceil((values.length - 1) * q)].capped;
  return {
    runs: runs.length,
    converged: runs.filter((r) => r.converged).length,
    censored: runs.filter((r) => !r.converged).length,
    radioSilence: runs.filter((r) => r.radioSilence).length,
    medianMs: quantile(sorted, 0.5),
    p90Ms: quantile(sorted, 0.9),
    medianLowerBound: lowerBound(0.5),
    p90LowerBound: lowerBound(0.9),
    meanMessagesPerNode: meanOf(runs.map((r) => r.messagesPerNode))!,
    omegaMean: meanOf(nonNull(runs.map((r) => r.omegaMean))),
  };
}

export function summarizeRpca(runs: readonly RpcaRun[]): RpcaSummary {
  const nhi = nonNull(runs.map((r) => r.nhi)).sort((a, b) => a - b);
  const rate = (f: (r: RpcaRun) => boolean) => runs.filter(f).length / runs.length;
  const slacks = nonNull(runs.map((r) => r.static.theorem8MinSlack));
  return {
    runs: runs.length,
    nhiDefined: nhi.length,
    nhiMedian: nhi.length ? quantile(nhi, 0.5) : null,
    nhiMean: meanOf(nhi),
    nhiP90: nhi.length ? quantile(nhi, 0.9) : null,
    forkRate: rate((r) => r.forks.length > 0),
    sameSeqForkRate: rate((r) => r.forks.some((f) => f.kind === "same-seq")),
    branchForkRate: rate((r) => r.forks.some((f) => f.kind === "branch")),
    stallRate: rate((r) => r.stalledFraction > 0),
    theorem8ViolatingRuns: runs.filter((r) => r.static.theorem8Violations > 0).length,
    theorem8MinSlack: slacks.length ? Math.min(...slacks) : null,
    countingForkableRuns: runs.filter((r) => r.static.countingForkable > 0).length,
    csfForkableRuns: runs.filter((r) => r.static.csfForkable > 0).length,
    omegaMean: meanOf(nonNull(runs.map((r) => r.static.omegaMean))),
  };
}
