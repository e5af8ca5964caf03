import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../../formulations/input-error.js";
import { shardOf } from "../../../instances/grid/shard.js";
import { theorem8 } from "../../../formulations/unl/index.js";
import { runSeed } from "../../../verify/shared/prng.js";
import { type GridPoint, type GridRecord, GRID_DEFAULTS, type GridSettings, parseFigures, parsePctList, planGrid, type RpcaPointParams, type RpcaRun, type SchwartzPointParams, type SchwartzRun, setupParams } from "../../../verify/unl/grid.js";
import { boundaries, gridFigures } from "../../../verify/unl/grid-figures.js";
import { quantile, runPoint, summarizeRpca, summarizeSchwartz, violationsOf } from "../../../verify/unl/grid-point.js";
import { type PointStatus, readRecord, recordPath, recordText, writeRecord } from "../../../verify/unl/grid-store.js";
import { allViolations, gridExitCode, nhiTrends, schwartzSteps, spearman, summaryMarkdown } from "../../../verify/unl/grid-summary.js";
import { rpcaSetup } from "../../../verify/unl/rpca-setup.js";
import { checkWellFormed } from "../../helpers/svg-check.js";
import { tempDir } from "../../helpers/cli.js";

const dir = tempDir("byzopt-grid-");
afterAll(() => dir.remove());

const settings = (over: Partial<GridSettings> = {}): GridSettings => ({ ...GRID_DEFAULTS, figures: ["F1", "F2", "F3", "F4"], ...over });

const sParams = (pct: number, overlapPct: number | null, maxTime = 1000): SchwartzPointParams => ({ mode: "schwartz", unlGen: overlapPct === null ? "random" : "core", overlapPct, maliciousPct: pct, malicious: pct, nodes: 100, consensusPct: 80, tally: "all", maxTime, runs: 3, seed: 1 });
const sRun = (timeMs: number, converged = true): SchwartzRun => ({ seed: 0, converged, censored: !converged, radioSilence: false, timeMs, messagesPerNode: 1, omegaMin: 0.5, omegaMean: 0.6 });
const sRecord = (pct: number, overlapPct: number | null, times: number[]): GridRecord => {
  const params = sParams(pct, overlapPct);
  const perRun = times.map((t) => sRun(t, t < params.maxTime));
  return { version: 1, name: `schwartz-${overlapPct ?? "random"}-m${pct}`, params, perRun, summary: summarizeSchwartz(params, perRun) };
};
const rParams = (pct: number, overlapPct: number): RpcaPointParams => ({ mode: "rpca", unlGen: "clusters", overlapPct, maliciousPct: pct, malicious: pct, byzKind: "equivocate", byzPlacement: "core", nodes: 100, ledgers: 30, maxTime: 300000, runs: 1, seed: 1 });
const rRun = (o: { nhi?: number | null; t8?: number; counting?: number; csf?: number; forks?: RpcaRun["forks"] } = {}): RpcaRun => ({
  seed: 77,
  nhi: o.nhi === undefined ? 0 : o.nhi,
  accepted: 10,
  validated: 10,
  forks: o.forks ?? [],
  branches: 1,
  stalledFraction: 0,
  longestGapMs: 0,
  maxValidatedSeq: 30,
  minValidatedSeq: 30,
  medianCloseToAcceptMs: 2000,
  medianFvIntervalMs: 4000,
  jumps: 0,
  equivocationsSeen: 0,
  timeMs: 100000,
  static: { theorem8Violations: o.t8 ?? 0, theorem8MinSlack: 1, countingForkable: o.counting ?? 0, countingMissedByCsf: 0, csfForkable: o.csf ?? 0, distinctUnls: 2, omegaMin: 0.9, omegaMean: 0.95 },
});
const rRecord = (pct: number, overlapPct: number, runs: RpcaRun[]): GridRecord => {
  const params = { ...rParams(pct, overlapPct), runs: runs.length };
  const name = `rpca-clusters-equivocate-core-o${overlapPct}-m${pct}`;
  return { version: 1, name, params, perRun: runs, summary: summarizeRpca(runs), violations: violationsOf(name, params, runs) };
};
const status = (r: GridRecord, figures: GridPoint["figures"] = ["F4"]): PointStatus => ({ point: { name: r.name, figures, params: r.params }, record: r, state: "done" });
const branchFork = { kind: "branch" as const, seq: 5, a: { validator: 3, ledger: 11, seq: 5, counted: [1, 2] }, b: { validator: 4, ledger: 12, seq: 5, counted: [5, 6] }, timeMs: 20000, countingAdmits: true };

describe("grid plan", () => {
  it("is deterministic, names every point once, and F1 shares its core points with F2 (random only in F1)", () => {
    const a = planGrid(settings());
    expect(planGrid(settings())).toEqual(a);
    expect(new Set(a.map((p) => p.name)).size).toBe(a.length);
    // F1: 5 core overlaps + random (and its CP 70 and honest-tally controls), F2: 12 overlaps (10, 40, 70, 90, 99
    // shared), F3: 3, F4: 11; 15 malicious values each.
    expect(a.length).toBe(15 * (5 + 3 + 12 - 5 + 3 + 11));
    expect(a.find((p) => p.name === "schwartz-random-cp70-m35")!.params).toMatchObject({ consensusPct: 70, tally: "all" });
    expect(a.find((p) => p.name === "schwartz-random-honest-m35")!.params).toMatchObject({ consensusPct: 80, tally: "honest" });
    expect(a.find((p) => p.name === "schwartz-core-o40-m17.5")!.figures).toEqual(["F1", "F2"]);
    expect(a.find((p) => p.name === "schwartz-core-o50-m17.5")!.figures).toEqual(["F2"]);
    expect(a.find((p) => p.name === "schwartz-random-m35")!.figures).toEqual(["F1"]);
    const p = a.find((x) => x.name === "schwartz-core-o40-m17.5")!.params as SchwartzPointParams;
    expect(p).toMatchObject({ nodes: 200, malicious: 35, maxTime: 60000, consensusPct: 80, runs: 20, seed: 1 });
    const r = a.find((x) => x.name === "rpca-clusters-equivocate-core-o80-m10")!.params as RpcaPointParams;
    expect(r).toMatchObject({ nodes: 100, malicious: 10, byzKind: "equivocate", byzPlacement: "core", ledgers: 30 });
  });

  it("shards partition the plan: disjoint, union = plan, point k in shard k mod n", () => {
    const plan = planGrid(settings({ figures: ["F1"], maliciousPcts: [0, 10, 20] }));
    for (const n of [1, 2, 3, 7]) {
      const shards = Array.from({ length: n }, (_, i) => shardOf(plan, { index: i + 1, count: n }));
      const names = shards.flat().map((p) => p.name);
      expect(names.length).toBe(plan.length);
      expect(new Set(names)).toEqual(new Set(plan.map((p) => p.name)));
      shards.forEach((s, i) => s.forEach((p) => expect(plan.indexOf(p) % n).toBe(i)));
    }
  });

  it("axes: ranges and lists parse; bad figures, percentages, runs are InputErrors", () => {
    expect(parsePctList("0:35:2.5", "--m")).toHaveLength(15);
    expect(parsePctList("30,0:10:5,10", "--m")).toEqual([0, 5, 10, 30]);
    expect(parseFigures("all")).toEqual(["F1", "F2", "F3", "F4", "F5"]);
    expect(parseFigures("f5,F1")).toEqual(["F1", "F5"]);
    for (const bad of ["0:120:10", "-5", "abc", "5:1:0", "1:2", "101"]) expect(() => parsePctList(bad, "--m")).toThrow(InputError);
    expect(() => parseFigures("F6")).toThrow(InputError);
    expect(() => planGrid(settings({ runs: 0 }))).toThrow(InputError);
    expect(() => planGrid(settings({ nodes: 20 }))).toThrow(InputError);
    // 100 % malicious of 40 rpca validators leaves no honest pair: refused before anything runs.
    expect(() => planGrid(settings({ figures: ["F3"], rpcaNodes: 40, maliciousPcts: [100] }))).toThrow(InputError);
  });
});

describe("grid points and records", () => {
  it("censoring: a run without consensus counts at the cap and makes the quantiles it enters lower bounds", () => {
    const params = sParams(10, 40, 1000);
    const s = summarizeSchwartz(params, [sRun(500), sRun(700), sRun(1000, false)]);
    expect(s).toMatchObject({ runs: 3, converged: 2, censored: 1, medianMs: 700, medianLowerBound: false, p90LowerBound: true });
    expect(s.p90Ms).toBeCloseTo(940);
    const all = summarizeSchwartz(params, [sRun(40, false), sRun(500), sRun(80, false)]);
    expect(all).toMatchObject({ censored: 2, medianMs: 1000, medianLowerBound: true });
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it("runs a schwartz point and an rpca point deterministically, with each run's static bounds from its own setup", () => {
    const [sp] = planGrid(settings({ figures: ["F1"], nodes: 40, runs: 2, maliciousPcts: [10], overlaps: [90] }));
    const a = runPoint(sp);
    expect(recordText(runPoint(sp))).toBe(recordText(a));
    expect(a.perRun.map((r) => r.seed)).toEqual([runSeed(1, 0), runSeed(1, 1)]);
    const [rp] = planGrid(settings({ figures: ["F4"], rpcaNodes: 40, runs: 2, ledgers: 3, maliciousPcts: [10], overlaps: [50] }));
    const r = runPoint(rp);
    expect(recordText(runPoint(rp))).toBe(recordText(r));
    const run1 = r.perRun[1] as RpcaRun;
    const t8 = theorem8(rpcaSetup(setupParams(rp.params as RpcaPointParams, run1.seed)).unl, "actual");
    expect(run1.static.theorem8Violations).toBe(t8.violations.length);
    expect(run1.static.theorem8MinSlack).toBe(t8.minSlack!.slack);
  });

  it("store: a record reads back 'done' with the plan's params, 'stale' with others, 'missing' when absent", () => {
    const out = join(dir.path, "store");
    const rec = sRecord(10, 40, [300, 400, 500]);
    const point: GridPoint = { name: rec.name, figures: ["F1"], params: rec.params };
    expect(readRecord(out, point).state).toBe("missing");
    writeRecord(out, rec);
    const back = readRecord(out, point);
    expect(back.state).toBe("done");
    expect(back.state === "done" && back.record).toEqual(JSON.parse(JSON.stringify(rec)));
    expect(readRecord(out, { ...point, params: { ...rec.params, runs: 4 } }).state).toBe("stale");
    mkdirSync(join(out, "records"), { recursive: true });
    writeFileSync(recordPath(out, rec.name), "{ not json");
    expect(readRecord(out, point).state).toBe("missing");
  });
});

describe("grid summary", () => {
  it("P2: a fork while Theorem 8 holds everywhere is a violation, listed first, and the grid exits 3", () => {
    const bad = rRecord(10, 95, [rRun(), rRun({ t8: 0, forks: [branchFork] })]);
    const statuses = [status(bad)];
    expect(allViolations(statuses)).toHaveLength(1);
    expect(allViolations(statuses)[0]).toMatchObject({ kind: "theorem8", seed: 77, point: bad.name, fork: { kind: "branch", seq: 5 } });
    expect(gridExitCode(statuses)).toBe(3);
    const md = summaryMarkdown(settings({ figures: ["F4"] }), statuses, []);
    const at = (s: string) => md.indexOf(s);
    expect(at("## P2")).toBeGreaterThan(0);
    expect(at("## P2")).toBeLessThan(at("## Missing"));
    expect(at("## Missing")).toBeLessThan(at("## F4"));
    expect(md).toContain("**1 violation(s)");
    expect(md).toContain("seed 77");
    expect(md).toContain("v3 → ledger 11");
    // The same fork with a Theorem 8 violation in that run is no finding; neither is a record without forks.
    const fine = rRecord(10, 95, [rRun({ t8: 3, forks: [branchFork] })]);
    expect(gridExitCode([status(fine)])).toBe(0);
    expect(summaryMarkdown(settings({ figures: ["F4"] }), [status(fine)], [])).toContain("None: no fork");
    // A violation is found from the runs even if the record's own list was emptied (never filtered).
    expect(gridExitCode([status({ ...bad, violations: [] } as GridRecord)])).toBe(3);
  });

  it("P2: a same-seq fork between a pair the counting bound excludes is a violation even when Theorem 8 fails", () => {
    const fork = { ...branchFork, kind: "same-seq" as const, countingAdmits: false };
    const r = rRecord(20, 40, [rRun({ t8: 12, forks: [fork] })]);
    expect(allViolations([status(r)]).map((v) => v.kind)).toEqual(["counting"]);
    expect(gridExitCode([status(rRecord(20, 40, [rRun({ t8: 12, forks: [{ ...fork, countingAdmits: true }] })]))])).toBe(0);
  });

  it("P1: the step is the first malicious % whose median exceeds twice the lowest one's; none when flat", () => {
    const stepped = [sRecord(0, 40, [300, 310, 320]), sRecord(10, 40, [330, 340, 350]), sRecord(20, 40, [900, 1000, 1000])];
    const flat = [0, 10, 20].map((m) => sRecord(m, null, [400, 410, 420]));
    const [core, random] = schwartzSteps([...stepped, ...flat].map((r) => status(r, ["F1"])));
    expect(core).toMatchObject({ series: "core 40 %", step: { pct: 20, lowerBound: true }, gridStep: 10 });
    expect(core.verdict).toContain("matches the paper's ≈ 20 %");
    expect(random.step).toBeNull();
    expect(random.verdict).toContain("no step up to 20 %");
  });

  it("P5: Spearman's ρ per series; held when NHI rises, refuted when it falls or stays flat", () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNull();
    const rising = [0, 10, 20].map((m, i) => rRecord(m, 50, [rRun({ nhi: [0, 0.2, 0.5][i] })]));
    const falling = [0, 10, 20].map((m, i) => rRecord(m, 80, [rRun({ nhi: [0.5, 0.2, 0.1][i] })]));
    // At 30 % no run accepted a ledger (C = 0): listed, left out of ρ.
    const stuck = rRecord(30, 80, [rRun({ nhi: null })]);
    const t = nhiTrends([...rising, ...falling, stuck].map((r) => status(r)));
    expect(t.map((x) => [x.verdict, x.rho, x.points, x.undefinedAt])).toEqual([
      ["held", 1, 3, []],
      ["refuted", -1, 3, [30]],
    ]);
  });

  it("F4 boundaries: per malicious %, the lowest overlap from which up a bound holds; null when it fails at the top", () => {
    const recs = [
      rRecord(0, 40, [rRun({ t8: 5, counting: 2, csf: 1 })]),
      rRecord(0, 80, [rRun({ t8: 5 })]),
      rRecord(0, 95, [rRun()]),
      rRecord(10, 80, [rRun({ t8: 5 })]),
      rRecord(10, 95, [rRun({ t8: 1, counting: 1 })]),
    ] as Extract<GridRecord, { params: { mode: "rpca" } }>[];
    const b = boundaries(recs);
    const at = (bound: string, x: number) => b.find((r) => r.bound === bound && r.x === x)!.y;
    expect([at("Theorem 8 (actual)", 0), at("counting", 0), at("csf", 0)]).toEqual([95, 80, 80]);
    expect([at("Theorem 8 (actual)", 10), at("counting", 10), at("csf", 10)]).toEqual([null, null, 80]);
  });

  it("figures are well-formed SVG with their titles; F5 needs no record", async () => {
    const recs = [sRecord(0, 40, [300, 310, 320]), sRecord(20, 40, [900, 1000, 1000]), sRecord(0, 90, [200, 210, 220]), sRecord(20, 90, [250, 260, 270])];
    const figs = await gridFigures(["F1", "F2", "F5"], recs.map((r) => status(r, ["F1", "F2"])));
    expect(figs.map((f) => f.file)).toEqual(["F1.svg", "F2.svg", "F5.svg"]);
    for (const f of figs) {
      checkWellFormed(f.svg);
      expect(f.svg.startsWith("<svg")).toBe(true);
    }
    expect(figs[0].svg).toContain("F1 — schwartz convergence time vs malicious %");
    expect(figs[0].svg).toContain("core 90 %");
    expect(figs[1].svg).toContain("F2 — log10 schwartz convergence time");
    expect(figs[1].svg).toContain("Dashed line: 20 % malicious");
    expect(figs[2].svg).toContain("n = 25, q = 20");
    expect(await gridFigures(["F3"], [])).toEqual([]);
  });
});
