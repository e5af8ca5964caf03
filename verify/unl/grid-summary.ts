/**
 * summary.md of a grid: P2 violations first (never filtered), the missing points, a table per figure, then
 * P1 (where the schwartz step lies) and P5 (NHI rises with malicious %). Deterministic: no time stamps.
 */
import { match } from "ts-pattern";
import { csvRow } from "../shared/csv.js";
import { type FigureId, type GridRecord, type GridSettings, type GridViolation, type RpcaPointParams, type SimFigure } from "./grid.js";
import { violationsOf } from "./grid-point.js";
import { BOUNDS, boundHolds, f5Rows, seriesOf, seriesRank } from "./grid-figures.js";
import { canonicalJson } from "../../instances/grid/runner.js";
import type { PointStatus } from "./grid-store.js";

type SchwartzRecord = Extract<GridRecord, { params: { mode: "schwartz" } }>;
type RpcaRecord = Extract<GridRecord, { params: { mode: "rpca" } }>;

const PAPER_THRESHOLD = 20;

/** Every P2 violation of the records: recomputed from the runs, plus any the record lists; none dropped. */
export function allViolations(statuses: readonly PointStatus[]): GridViolation[] {
  const out: GridViolation[] = [];
  const seen = new Set<string>();
  for (const s of statuses) {
    const r = s.record;
    if (!r || r.params.mode !== "rpca") continue;
    const rec = r as RpcaRecord;
    for (const v of [...violationsOf(rec.name, rec.params, rec.perRun), ...(rec.violations ?? [])]) {
      const key = canonicalJson(v);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(v);
      }
    }
  }
  return out;
}

/** 3 when a P2 violation is on record (spec §4: a bug or a refutation), else 0. */
export function gridExitCode(statuses: readonly PointStatus[]): 0 | 3 {
  return allViolations(statuses).length > 0 ? 3 : 0;
}

const fmt = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? "–" : String(Number(x.toFixed(digits))));
const ms = (x: number, lower: boolean) => `${lower ? "≥ " : ""}${fmt(x, 1)}`;
const table = (head: string[], rows: string[][]): string[] => [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
const recordsOf = <R extends GridRecord>(statuses: readonly PointStatus[], fig: SimFigure, mode: R["params"]["mode"]): R[] =>
  statuses.flatMap((s) => (s.record && s.point.figures.includes(fig) && s.record.params.mode === mode ? [s.record as R] : []));

function violationLines(vs: readonly GridViolation[]): string[] {
  if (vs.length === 0) return ["None: no fork where Theorem 8 (actual budget) holds for every honest pair, and no same-seq fork the counting bound excludes.", ""];
  const lines = [`**${vs.length} violation(s): each is a simulator bug or a refutation of the bound (the grid exits with code 3).**`, ""];
  for (const v of vs) {
    const f = v.fork;
    lines.push(
      `- **${v.kind}** at ${v.point}, seed ${v.seed}: ${v.why}.`,
      `  config: ${v.config.unlGen} overlap ${v.config.overlapPct} %, ${v.config.malicious} ${v.config.byzKind} Byzantine (${v.config.byzPlacement}) of ${v.config.nodes}.`,
      `  fork: ${f.kind} at seq ${f.seq}, t = ${f.timeMs} ms; v${f.a.validator} → ledger ${f.a.ledger} (seq ${f.a.seq}, ${f.a.counted.length} validators counted: ${f.a.counted.join(" ")}); v${f.b.validator} → ledger ${f.b.ledger} (seq ${f.b.seq}, ${f.b.counted.length} counted: ${f.b.counted.join(" ")}); counting admits the pair: ${f.countingAdmits}.`,
    );
  }
  return [...lines, ""];
}

function f1Table(rs: readonly SchwartzRecord[]): string[] {
  const rows = rs.map((r) => {
    const s = r.summary;
    return [r.name, seriesOf(r.params), fmt(r.params.maliciousPct), String(r.params.malicious), String(s.runs), ms(s.medianMs, s.medianLowerBound), ms(s.p90Ms, s.p90LowerBound), `${s.censored} (${s.radioSilence})`, fmt(s.omegaMean)];
  });
  return table(["point", "series", "malicious %", "M", "runs", "median ms", "p90 ms", "censored (radio silence)", "ω mean"], rows);
}

function f2Matrix(rs: readonly SchwartzRecord[]): string[] {
  const xs = [...new Set(rs.map((r) => r.params.maliciousPct))].sort((a, b) => a - b);
  const ys = [...new Set(rs.map((r) => r.params.overlapPct!))].sort((a, b) => b - a);
  const at = new Map(rs.map((r) => [`${r.params.overlapPct}/${r.params.maliciousPct}`, r]));
  const rows = ys.map((y) => [
    `${y} %`,
    ...xs.map((x) => {
      const r = at.get(`${y}/${x}`);
      return r ? `${ms(r.summary.medianMs, r.summary.medianLowerBound)}${r.summary.censored ? ` (${r.summary.censored} c)` : ""}` : "missing";
    }),
  ]);
  return ["Median convergence time (ms) by overlap (rows) and malicious % (columns); “(k c)”: k runs censored.", "", ...table(["overlap \\ malicious %", ...xs.map((x) => fmt(x))], rows)];
}

function boundCell(runs: number, failing: number): string {
  return failing === 0 ? "holds" : `fails ${failing}/${runs}`;
}

function rpcaTable(rs: readonly RpcaRecord[]): string[] {
  const rows = rs.map((r) => {
    const s = r.summary;
    return [
      r.name,
      `${r.params.overlapPct} %`,
      fmt(r.params.maliciousPct),
      String(r.params.malicious),
      String(s.runs),
      fmt(s.nhiMean),
      fmt(s.nhiMedian),
      fmt(s.nhiP90),
      `${s.runs - s.nhiDefined}`,
      fmt(s.forkRate),
      fmt(s.stallRate),
      boundCell(s.runs, s.theorem8ViolatingRuns),
      boundCell(s.runs, s.countingForkableRuns),
      boundCell(s.runs, s.csfForkableRuns),
      fmt(s.theorem8MinSlack),
    ];
  });
  return table(["point", "overlap", "malicious %", "f", "runs", "NHI mean", "NHI median", "NHI p90", "C = 0 runs", "fork rate", "stall rate", "Theorem 8", "counting", "csf", "min T8 slack"], rows);
}

function f5Table(): string[] {
  return table(
    ["n", "q", "t", "O* (MILP = closed form)", "Theorem 8 needs O ≥", "counting: fork iff O ≤", "csf flags O <"],
    f5Rows().map((r) => [r.n, r.q, r.t, r.worst, r.theorem8, r.counting, fmt(r.csf)].map(String)),
  );
}

export interface StepReport {
  series: string;
  base: { pct: number; medianMs: number; lowerBound: boolean };
  step: { pct: number; medianMs: number; lowerBound: boolean } | null;
  gridStep: number;
  verdict: string;
}

/** P1: per schwartz series, the smallest malicious % whose median exceeds twice the median at the lowest %. */
export function schwartzSteps(statuses: readonly PointStatus[]): StepReport[] {
  const bySeries = new Map<string, SchwartzRecord[]>();
  for (const s of statuses) if (s.record?.params.mode === "schwartz") bySeries.set(seriesOf(s.record.params), [...(bySeries.get(seriesOf(s.record.params)) ?? []), s.record as SchwartzRecord]);
  return [...bySeries.entries()]
    .sort((a, b) => seriesRank(a[1][0].params) - seriesRank(b[1][0].params))
    .map(([series, list]) => {
      const rs = [...list].sort((a, b) => a.params.maliciousPct - b.params.maliciousPct);
      const base = rs[0];
      const gaps = rs.slice(1).map((r, i) => r.params.maliciousPct - rs[i].params.maliciousPct);
      const gridStep = gaps.length ? Math.min(...gaps) : 0;
      const hit = rs.slice(1).find((r) => r.summary.medianMs > 2 * base.summary.medianMs);
      const b = { pct: base.params.maliciousPct, medianMs: base.summary.medianMs, lowerBound: base.summary.medianLowerBound };
      const step = hit ? { pct: hit.params.maliciousPct, medianMs: hit.summary.medianMs, lowerBound: hit.summary.medianLowerBound } : null;
      const last = rs[rs.length - 1].params.maliciousPct;
      const verdict =
        rs.length < 2
          ? "not measured (one point)"
          : b.lowerBound
            ? `not measurable: the median at ${fmt(b.pct)} % is already censored`
            : !step
              ? `no step up to ${fmt(last)} %: the paper's ≈ ${PAPER_THRESHOLD} % is not reproduced`
              : Math.abs(step.pct - PAPER_THRESHOLD) <= gridStep + 1e-9
                ? `step at ${fmt(step.pct)} %: matches the paper's ≈ ${PAPER_THRESHOLD} % (within one grid step, ${fmt(gridStep)})`
                : `step at ${fmt(step.pct)} %: differs from the paper's ≈ ${PAPER_THRESHOLD} %`;
      return { series, base: b, step, gridStep, verdict };
    });
}

/** Spearman's ρ with average ranks for ties; null when either side is constant. */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  const ranks = (v: readonly number[]) => {
    const idx = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++;
      for (let k = i; k <= j; k++) r[idx[k][1]] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return r;
  };
  const [a, b] = [ranks(xs), ranks(ys)];
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? null : sab / Math.sqrt(saa * sbb);
}

export interface TrendReport {
  series: string;
  points: number;
  rho: number | null;
  first: { pct: number; nhi: number } | null;
  last: { pct: number; nhi: number } | null;
  /** Malicious % where no run accepted a ledger (C = 0): NHI undefined there, left out of ρ. */
  undefinedAt: number[];
  verdict: "held" | "refuted" | "not measured";
}

const rpcaSeries = (p: RpcaPointParams) => `${p.unlGen} ${p.overlapPct} %, ${p.byzKind} (${p.byzPlacement})`;

/** P5: per rpca series, does mean NHI rise with malicious %? Held iff Spearman ρ > 0 and the last point exceeds the first. */
export function nhiTrends(statuses: readonly PointStatus[]): TrendReport[] {
  const bySeries = new Map<string, RpcaRecord[]>();
  for (const s of statuses) {
    if (s.record?.params.mode !== "rpca") continue;
    const k = rpcaSeries(s.record.params);
    bySeries.set(k, [...(bySeries.get(k) ?? []), s.record as RpcaRecord]);
  }
  return [...bySeries.entries()].map(([series, list]) => {
    const rs = list.filter((r) => r.summary.nhiMean !== null).sort((a, b) => a.params.maliciousPct - b.params.maliciousPct);
    const undefinedAt = list.filter((r) => r.summary.nhiMean === null).map((r) => r.params.maliciousPct).sort((a, b) => a - b);
    if (rs.length < 2) return { series, points: rs.length, rho: null, first: null, last: null, undefinedAt, verdict: "not measured" as const };
    const xs = rs.map((r) => r.params.maliciousPct);
    const ys = rs.map((r) => r.summary.nhiMean!);
    const rho = spearman(xs, ys);
    const first = { pct: xs[0], nhi: ys[0] };
    const last = { pct: xs[xs.length - 1], nhi: ys[ys.length - 1] };
    return { series, points: rs.length, rho, first, last, undefinedAt, verdict: rho !== null && rho > 0 && last.nhi > first.nhi ? ("held" as const) : ("refuted" as const) };
  });
}

/** The paper's R1: below 20 %, the weakest overlap has the lowest NHI; R2: above, NHI about equal across overlaps. */
function nhiPattern(rs: readonly RpcaRecord[]): string[] {
  const avg = (below: boolean) => {
    const by = new Map<number, number[]>();
    for (const r of rs) if (r.summary.nhiMean !== null && r.params.maliciousPct < PAPER_THRESHOLD === below) by.set(r.params.overlapPct, [...(by.get(r.params.overlapPct) ?? []), r.summary.nhiMean]);
    return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([o, v]) => ({ o, nhi: v.reduce((s, x) => s + x, 0) / v.length }));
  };
  const [r1, r2] = [avg(true), avg(false)];
  const lines: string[] = [];
  if (r1.length >= 2) {
    const lowest = r1.reduce((m, x) => (x.nhi < m.nhi ? x : m));
    lines.push(`- R1 (< ${PAPER_THRESHOLD} %): mean NHI by overlap ${r1.map((x) => `${x.o} %: ${fmt(x.nhi)}`).join(", ")}; lowest at ${lowest.o} % — ${lowest.o === r1[0].o ? "matched (the weakest overlap)" : "not matched (the paper: the weakest overlap)"}.`);
  } else lines.push(`- R1 (< ${PAPER_THRESHOLD} %): not comparable (fewer than two overlaps with NHI).`);
  if (r2.length >= 2) {
    const spread = Math.max(...r2.map((x) => x.nhi)) - Math.min(...r2.map((x) => x.nhi));
    lines.push(`- R2 (≥ ${PAPER_THRESHOLD} %): mean NHI by overlap ${r2.map((x) => `${x.o} %: ${fmt(x.nhi)}`).join(", ")}; spread ${fmt(spread)} (the paper: about equal).`);
  } else lines.push(`- R2 (≥ ${PAPER_THRESHOLD} %): not comparable (fewer than two overlaps with NHI).`);
  return lines;
}

/** The grid's summary as Markdown: P2 violations first, missing points, a section per figure, then P1 and P5. */
export function summaryMarkdown(s: GridSettings, statuses: readonly PointStatus[], drawn: readonly string[]): string {
  const present = statuses.filter((x) => x.record).length;
  const missing = statuses.filter((x) => !x.record);
  const L: string[] = ["# UNL grid: malicious % × overlap (spec unl.md §6)", ""];
  L.push(
    `Figures ${s.figures.join(", ")}; ${s.runs} runs per point from seed ${s.seed} (run k is seeded runSeed(seed, k), the same at every point).`,
    ...(s.figures.some((f) => f === "F1" || f === "F2") ? [`schwartz: N = ${s.nodes}, consensus 80 %, capped at ${s.maxTime} ms.`] : []),
    ...(s.figures.some((f) => f === "F3" || f === "F4") ? [`rpca: N = ${s.rpcaNodes}, ${s.ledgers} ledgers or ${s.rpcaMaxTime} ms per run.`] : []),
    `Points: ${present} of ${statuses.length} have a record. Files: ${drawn.length ? drawn.join(", ") : "none"}.`,
    "",
    "## P2: violations (listed first, never filtered)",
    "",
    ...violationLines(allViolations(statuses)),
    `## Missing points: ${missing.length} of ${statuses.length}`,
    "",
    ...(missing.length ? missing.map((m) => `- ${m.point.name} (${m.point.figures.join(", ")})${m.state === "stale" ? ": the record on disk has other params (stale)" : ""}`) : ["None."]),
    "",
  );
  for (const fig of s.figures) {
    L.push(
      ...match<FigureId, string[]>(fig)
        .with("F1", (f) => ["## F1: schwartz convergence time vs malicious %", "", ...f1Table(recordsOf<SchwartzRecord>(statuses, f, "schwartz")), ""])
        .with("F2", (f) => ["## F2: heat map, schwartz median convergence time", "", ...f2Matrix(recordsOf<SchwartzRecord>(statuses, f, "schwartz")), ""])
        .with("F3", (f) => {
          const rs = recordsOf<RpcaRecord>(statuses, f, "rpca");
          return ["## F3: rpca NHI vs malicious % (core, contrarian)", "", ...rpcaTable(rs), "", "The paper's NHI pattern:", "", ...nhiPattern(rs), ""];
        })
        .with("F4", (f) => ["## F4: rpca clusters + equivocate, Byzantine in the core", "", "Bound cells: “holds” in every run, or in how many runs it fails (Theorem 8: a violated pair; counting and csf: a forkable pair).", "", ...rpcaTable(recordsOf<RpcaRecord>(statuses, f, "rpca")), ""])
        .with("F5", () => ["## F5: worst overlap O* vs t against the bounds (closed form, no simulation)", "", ...f5Table(), ""])
        .exhaustive(),
    );
  }
  const steps = schwartzSteps(statuses);
  if (steps.length) {
    L.push("## P1: where the schwartz step lies", "", "Step: the smallest malicious % whose median exceeds twice the median at the lowest malicious % of the series. A censored median is a lower bound (≥), so a step found through one is real; the paper puts the threshold at ≈ 20 %.", "");
    L.push(...table(["series", "median at lowest %", "step at", "median there", "verdict"], steps.map((r) => [r.series, `${fmt(r.base.pct)} %: ${ms(r.base.medianMs, r.base.lowerBound)}`, r.step ? `${fmt(r.step.pct)} %` : "none", r.step ? ms(r.step.medianMs, r.step.lowerBound) : "–", r.verdict])), "");
  }
  const trends = nhiTrends(statuses);
  if (trends.length) {
    L.push(
      "## P5: NHI rises with malicious %",
      "",
      "Per series, Spearman's ρ between malicious % and mean NHI over the points with NHI; held iff ρ > 0 and the highest such malicious % has a higher NHI than the lowest. Where no run accepted a ledger (C = 0) NHI is undefined: those points are listed, not counted (no progress at all, worse than any NHI).",
      "",
    );
    const row = (t: TrendReport) => [t.series, String(t.points), fmt(t.rho), t.first ? `${fmt(t.first.nhi)} (${fmt(t.first.pct)} %)` : "–", t.last ? `${fmt(t.last.nhi)} (${fmt(t.last.pct)} %)` : "–", t.undefinedAt.length ? t.undefinedAt.map((x) => `${fmt(x)} %`).join(", ") : "–", t.verdict];
    L.push(...table(["series", "points with NHI", "ρ", "NHI at lowest %", "NHI at highest %", "no NHI (C = 0)", "verdict"], trends.map(row)), "");
  }
  L.push("## Notes", "", `- Censoring: a schwartz run without consensus by ${s.maxTime} ms (cap reached, or radio silence) counts at the cap; a median or p90 that takes such a value is a lower bound, written “≥”. Censored runs are counted per point, never averaged away.`, `- Bounds per rpca run are computed from that run's static configuration; ${BOUNDS.join(", ")} “holds” means in every run of the point.`, "");
  return L.join("\n");
}

/** One row per point with a record: the numbers of the tables, for plotting elsewhere. */
export function pointsCsv(statuses: readonly PointStatus[]): string {
  const head = ["point", "mode", "unl_gen", "overlap_pct", "malicious_pct", "malicious", "runs", "median_ms", "p90_ms", "median_lower_bound", "censored", "nhi_mean", "nhi_median", "fork_rate", "stall_rate", "theorem8_holds", "counting_holds", "csf_holds"];
  const rows = statuses.flatMap((st) => {
    const r = st.record;
    if (!r) return [];
    const p = r.params;
    const common = [r.name, p.mode, p.unlGen, p.overlapPct ?? "", p.maliciousPct, p.malicious, p.runs];
    if (r.params.mode === "schwartz") {
      const s = (r as SchwartzRecord).summary;
      return [csvRow([...common, s.medianMs, s.p90Ms, String(s.medianLowerBound), s.censored, "", "", "", "", "", "", ""])];
    }
    const s = (r as RpcaRecord).summary;
    return [csvRow([...common, "", "", "", "", fmt(s.nhiMean, 6), fmt(s.nhiMedian, 6), s.forkRate, s.stallRate, ...BOUNDS.map((b) => String(boundHolds(s, b)))])];
  });
  return [head.join(","), ...rows].join("\n") + "\n";
}
