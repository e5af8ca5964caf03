import { deckerWattenhofer } from "../../formulations/forking/index.js";
import { Prng, runSeed } from "../shared/prng.js";
import { compareAtEveryT, compareBySampling, describeComparison, describeSampling, fmt, ORDERING_CLAIMS, type OrderingClaim, shapeChecks, type Verdict } from "./claims.js";
import type { CheckItem } from "./check-structure.js";
import { type Curves, forkRateToSaturation } from "./curves.js";
import { APTS, type Experiments, PAPER_BETAS, PAPER_NS, type Point, pointKey, simAt, theoryAt, theoryCurves } from "./experiments.js";

/** The pairs a claim compares: β = 1 vs 10 at Δ = 1 (Figs. 5, 7, 9), Δ = 1 vs 1.1 at each β (Figs. 6, 8, 10). */
export function claimPairs(claim: OrderingClaim, n: number): { label: string; x: Point; y: Point }[] {
  if (claim.vary === "beta") return [{ label: `n=${n}, Δ=1: β=1 vs β=10`, x: { n, beta: 1, scale: 1 }, y: { n, beta: 10, scale: 1 } }];
  return PAPER_BETAS.map((beta) => ({ label: `n=${n}, β=${beta}: Δ=1 vs Δ=1.1`, x: { n, beta, scale: 1 }, y: { n, beta, scale: 1.1 } }));
}

export function modelClaimChecks(e: Experiments): CheckItem[] {
  const items: CheckItem[] = [];
  for (const claim of ORDERING_CLAIMS) {
    for (const apt of APTS) {
      for (const n of PAPER_NS) {
        for (const pair of claimPairs(claim, n)) {
          const x = theoryCurves(theoryAt(e, pair.x, apt));
          const y = theoryCurves(theoryAt(e, pair.y, apt));
          const c = compareAtEveryT(x.t, x[claim.quantity], y[claim.quantity]);
          items.push({ section: "model claims", name: `${claim.id} ${claim.statement} — model, --apt ${apt}, ${pair.label}`, verdict: c.verdict, detail: describeComparison(c, claim.quantity) });
        }
      }
    }
  }
  for (const apt of APTS) {
    for (const beta of PAPER_BETAS) {
      const x = theoryCurves(theoryAt(e, { n: 8, beta, scale: 1 }, apt));
      const y = theoryCurves(theoryAt(e, { n: 16, beta, scale: 1 }, apt));
      const c = compareAtEveryT(x.t, x.FR, y.FR.slice(0, x.t.length));
      items.push({ section: "model claims", name: `VIII a larger n gives a larger FR — model, --apt ${apt}, β=${beta}: n=8 vs n=16`, verdict: c.verdict, detail: describeComparison(c, "FR") });
    }
  }
  return items;
}

/** The claims on independent simulated samples, with bootstrap intervals (spec §5). */
export function simulatedClaimChecks(e: Experiments): CheckItem[] {
  const items: CheckItem[] = [];
  let k = 0;
  for (const claim of ORDERING_CLAIMS) {
    for (const long of e.options.longModes) {
      for (const n of PAPER_NS) {
        for (const pair of claimPairs(claim, n)) {
          const x = simAt(e, pair.x, long).series.perRun;
          const y = simAt(e, pair.y, long).series.perRun;
          const c = compareBySampling(x, y, claim.quantity, runSeed(e.options.seed, 5000 + k++));
          items.push({ section: "simulated claims", name: `${claim.id} ${claim.statement} — simulated, --long ${long}, ${pair.label}`, verdict: c.verdict, detail: describeSampling(c, claim.quantity) });
        }
      }
    }
  }
  for (const long of e.options.longModes) {
    for (const beta of PAPER_BETAS) {
      const x = simAt(e, { n: 8, beta, scale: 1 }, long).series.mean;
      const y = simAt(e, { n: 16, beta, scale: 1 }, long).series.mean;
      const c = compareAtEveryT(x.t, x.FR, y.FR.slice(0, x.t.length));
      items.push({ section: "simulated claims", name: `VIII a larger n gives a larger FR — simulated mean, --long ${long}, β=${beta}: n=8 vs n=16`, verdict: c.verdict, detail: describeComparison(c, "FR") });
    }
  }
  return items;
}

function shapeItems(label: string, c: Curves): CheckItem[] {
  return shapeChecks(c).map((s) => ({ section: "shapes", name: `VIII ${s.name} (${label})`, verdict: s.comparison.verdict, detail: describeComparison(s.comparison, "") }));
}

export function shapeItemsAll(e: Experiments): CheckItem[] {
  return [
    ...e.theory.flatMap((t) => shapeItems(`model ${pointKey(t)} --apt ${t.apt}`, theoryCurves(t))),
    ...e.sims.flatMap((s) => shapeItems(`simulated mean ${pointKey(s)} --long ${s.long}`, s.series.mean)),
  ];
}

/** FR summed to saturation ≥ P_DW, with equality where every T_v is a multiple of δ (spec §6). */
export function deckerWattenhoferChecks(e: Experiments): { items: CheckItem[]; rows: DwRow[] } {
  const rows: DwRow[] = [];
  let bad = 0;
  let bareUnequal = 0;
  let bareRuns = 0;
  for (const s of e.sims) {
    const model = theoryAt(e, s, "literal").params;
    let fr = 0;
    let dw = 0;
    for (const r of s.series.runs) {
      const a = forkRateToSaturation(r, model);
      const b = deckerWattenhofer(r.uninformedIntegral, model);
      if (a < b - 1e-15) bad++;
      const onGrid = Array.from(r.time).every((t) => Math.abs(t / model.delta - Math.round(t / model.delta)) < 1e-9);
      if (onGrid) {
        bareRuns++;
        if (Math.abs(a - b) > 1e-12) bareUnequal++;
      }
      fr += a / s.series.runs.length;
      dw += b / s.series.runs.length;
    }
    rows.push({ config: `${pointKey(s)} --long ${s.long}`, source: "simulated (mean of runs)", FR: fr, pDW: dw });
  }
  for (const t of e.theory) {
    rows.push({ config: `${pointKey(t)} --apt ${t.apt}`, source: "model", FR: t.curves.FRmax, pDW: t.curves.pDW });
    if (t.curves.FRmax < t.curves.pDW - 1e-15) bad++;
  }
  const items: CheckItem[] = [
    { section: "decker-wattenhofer", name: "FR ≥ P_DW in every simulated run and every model configuration", verdict: bad === 0 ? "held" : "contradicted", detail: `${rows.length} configurations, ${bad} violations` },
    {
      section: "decker-wattenhofer",
      name: "FR = P_DW where every arrival time is a multiple of δ (e.g. the bare lattice)",
      verdict: bareRuns === 0 ? "not comparable" : bareUnequal === 0 ? "held" : "contradicted",
      detail: `${bareRuns} such runs, ${bareUnequal} unequal`,
    },
  ];
  return { items, rows };
}

/**
 * The optional Monte Carlo of §6: in each trial every node draws the time it would find a competing
 * block, Exp(π_u); the trial forks if some node finds one before the block reaches it. The frequency
 * over `trials` must match 1 − exp(−π_u Σ_v T_v) within 4 standard errors (run 0 of each configuration).
 */
export function monteCarloForkChecks(e: Experiments, trials: number): CheckItem[] {
  let outside = 0;
  const worst: string[] = [];
  e.sims.forEach((s, k) => {
    const model = theoryAt(e, s, "literal").params;
    const time = s.series.runs[0].time;
    const rate = 1 / (model.blockInterval * time.length);
    let sum = 0;
    for (const t of time) sum += t;
    const exact = -Math.expm1(-rate * sum);
    const prng = new Prng(runSeed(e.options.seed, 9000 + k));
    let forks = 0;
    for (let trial = 0; trial < trials; trial++) {
      for (let v = 0; v < time.length; v++) {
        if (-Math.log((prng.next() + 0.5) / 4294967296) / rate < time[v]) {
          forks++;
          break;
        }
      }
    }
    const freq = forks / trials;
    const z = (freq - exact) / Math.sqrt((exact * (1 - exact)) / trials);
    if (Math.abs(z) > 4) outside++;
    if (worst.length === 0 || Math.abs(z) > Number(worst[1])) worst.splice(0, 2, `${pointKey(s)} --long ${s.long}: ${freq} against ${fmt(exact)}`, String(Math.abs(z)));
  });
  return [
    {
      section: "decker-wattenhofer",
      name: `Monte Carlo fork frequency = 1 − exp(−π_u Σ_v T_v) within 4 standard errors (${trials} trials per configuration)`,
      verdict: outside === 0 ? "held" : "contradicted",
      detail: `${e.sims.length} configurations, ${outside} outside; largest |z| = ${fmt(Number(worst[1]))} (${worst[0]})`,
    },
  ];
}

/** FR(t_max) beside the Decker–Wattenhofer fork chance P_DW for one configuration (spec forking.md §6). */
export interface DwRow {
  /** The configuration: n, β, Δ and the long-link mode or `apt`. */
  config: string;
  /** "model", or "simulated (mean of runs)". */
  source: string;
  /** FR summed to saturation (FR ≥ P_DW). */
  FR: number;
  /** P_DW = 1 − (1 − P_b)^{∫(1 − f)}. */
  pDW: number;
}

/** The theory-vs-simulation gaps of §5 at one point, for one apt. Reported, never tuned away. */
export interface GapRow {
  /** Diamond radius. */
  n: number;
  /** Long-range exponent β. */
  beta: number;
  /** The delay multiplier Δ. */
  scale: number;
  /** The model's τ_l reading [E9]. */
  apt: "literal" | "min";
  /** The simulation's long-link mode. */
  long: string;
  /** max_t |I(t) − Ī_sim(t)| over the grid. */
  maxAbsI: number;
  /** Σ_t |I − Ī_sim|·δ / N_total. */
  areaI: number;
  /** Model activation times T(0..J). */
  Tmodel: number[];
  /** Mean simulated first reception T_sim(j) per layer. */
  Tsim: number[];
  /** max_t |fr − fr_sim|. */
  maxAbsFr: number;
  /** max_t |FR − FR_sim|. */
  maxAbsFR: number;
  /** max_t |θ − θ_sim| where both are finite; null if nowhere. */
  maxAbsTheta: number | null;
  /** First grid t with I ≥ N_total − 0.5 in the model; null if not within the grid. */
  saturationModel: number | null;
  /** The same for the mean simulated curve. */
  saturationSim: number | null;
}

const maxAbs = (a: readonly (number | null)[], b: readonly (number | null)[]): number | null => {
  let m: number | null = null;
  a.forEach((x, i) => {
    const y = b[i];
    if (x !== null && y !== null) m = Math.max(m ?? 0, Math.abs(x - y));
  });
  return m;
};

/** First grid t where I reaches N_total − 0.5 (all informed), or null within the grid. */
export function saturationTime(t: readonly number[], I: readonly number[], total: number): number | null {
  const i = I.findIndex((v) => v >= total - 0.5);
  return i < 0 ? null : t[i];
}

/** One gap row per simulated configuration and `apt`, comparing its mean curves with the model's. */
export function gapRows(e: Experiments): GapRow[] {
  const rows: GapRow[] = [];
  for (const s of e.sims) {
    for (const apt of APTS) {
      const th = theoryAt(e, s, apt);
      const sim = s.series.mean;
      const total = s.series.runs[0].nodes;
      const delta = th.params.delta;
      rows.push({
        n: s.n,
        beta: s.beta,
        scale: s.scale,
        apt,
        long: s.long,
        maxAbsI: maxAbs(th.curves.I, sim.I) ?? 0,
        areaI: (th.curves.I.reduce((acc, v, i) => acc + Math.abs(v - sim.I[i]), 0) * delta) / total,
        Tmodel: th.curves.T,
        Tsim: s.series.layerFirst,
        maxAbsFr: maxAbs(th.curves.fr, sim.fr) ?? 0,
        maxAbsFR: maxAbs(th.curves.FR, sim.FR) ?? 0,
        maxAbsTheta: maxAbs(th.curves.theta, sim.theta),
        saturationModel: saturationTime(th.curves.t, th.curves.I, total),
        saturationSim: saturationTime(sim.t, sim.I, total),
      });
    }
  }
  return rows;
}

/** The numbers the paper's text gives (Sec. VIII), read off its plots, beside ours. */
export const PAPER_FIGURES = {
  /** Fig. 4, N = 145, t = 6: ≈ 120 simulated / 110 theory at β = 1, ≈ 80 / 70 at β = 10. */
  t6: [
    { beta: 1, simulated: 120, theory: 110 },
    { beta: 10, simulated: 80, theory: 70 },
  ],
  /** Every node informed at t = 9 (N = 145) and t = 17 (N = 545). */
  saturation: [
    { n: 8, t: 9 },
    { n: 16, t: 17 },
  ],
  /** Plot reading: a value within this many nodes of the paper's counts as agreeing. */
  readingTolerance: 10,
} as const;

/** The value at grid time t (NaN when t is not on the grid). */
function valueAt(t: readonly number[], v: readonly number[], at: number): number {
  const i = t.findIndex((x) => Math.abs(x - at) < 1e-9);
  return i < 0 ? NaN : v[i];
}

export function paperFigureChecks(e: Experiments): CheckItem[] {
  const items: CheckItem[] = [];
  const tol = PAPER_FIGURES.readingTolerance;
  const verdict = (ours: number, paper: number): Verdict => (Math.abs(ours - paper) <= tol ? "held" : "contradicted");
  for (const f of PAPER_FIGURES.t6) {
    const p = { n: 8, beta: f.beta, scale: 1 };
    for (const long of e.options.longModes) {
      const mean = simAt(e, p, long).series.mean;
      const sim = valueAt(mean.t, mean.I, 6);
      items.push({ section: "paper figures", name: `Fig. 4, N=145, β=${f.beta}, t=6: simulated ≈ ${f.simulated} (--long ${long})`, verdict: verdict(sim, f.simulated), detail: `ours ${fmt(sim)} (paper ≈ ${f.simulated}, reading ± ${tol})` });
    }
    for (const apt of APTS) {
      const c = theoryAt(e, p, apt).curves;
      const th = valueAt(c.t, c.I, 6);
      items.push({ section: "paper figures", name: `Fig. 4, N=145, β=${f.beta}, t=6: theory ≈ ${f.theory} (--apt ${apt})`, verdict: verdict(th, f.theory), detail: `ours ${fmt(th)} (paper ≈ ${f.theory}, reading ± ${tol})` });
    }
  }
  for (const f of PAPER_FIGURES.saturation) {
    for (const beta of PAPER_BETAS) {
      for (const long of e.options.longModes) {
        const s = simAt(e, { n: f.n, beta, scale: 1 }, long).series;
        const sat = saturationTime(s.mean.t, s.mean.I, s.runs[0].nodes);
        items.push({
          section: "paper figures",
          name: `every node informed first at t=${f.t} (N=${s.runs[0].nodes}, β=${beta}, --long ${long}, simulated mean)`,
          verdict: sat === f.t ? "held" : "contradicted",
          detail: `ours: t=${sat ?? "beyond t_max"} [E6]`,
        });
      }
    }
  }
  return items;
}

