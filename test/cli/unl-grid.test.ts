import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { byzopt, byzoptInProcess, type CliRun, ROOT, tempDir } from "../helpers/cli.js";
import { expectConforms } from "../helpers/schemas.js";
import { snapshotDir } from "../helpers/snapshot.js";
import { checkWellFormed } from "../helpers/svg-check.js";

const dir = tempDir("byzopt-unl-grid-");
afterAll(() => dir.remove());
const at = (...p: string[]): string => join(dir.path, ...p);

// 3 malicious values × (2 core overlaps + random + its CP 70 and honest-tally controls) = 15 schwartz points; the
// core ones are shared by F1 and F2.
const SMALL = ["--nodes", "40", "--runs", "2", "--max-time", "5000", "--malicious-pcts", "0,20,30", "--overlaps", "40,90", "--figure", "F1,F2,F5"];
const grid = (out: string, ...extra: string[]): CliRun => byzopt(["unl", "grid", "--out", out, ...SMALL, ...extra]);
/** A Slurm array task's environment, without the variables of the process running the tests. */
const slurmTask = (id: number, count: number, min = 1) => ({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_COUNT: String(count), SLURM_ARRAY_TASK_MIN: String(min), JOB_COMPLETION_INDEX: undefined });

const snapshot = (root: string): Map<string, string> => snapshotDir(root);

describe("byzopt unl grid", () => {
  let first: CliRun;
  beforeAll(() => {
    // One thread: the progress lines come in plan order.
    first = grid(at("a"), "--json", "--jobs", "1");
  });

  it("writes one record per point, F1/F2/F5 as SVG with their titles, summary.md and points.csv; progress on stderr", () => {
    expect(first.status).toBe(0);
    const j = JSON.parse(first.stdout);
    expect(j).toMatchObject({ points: 15, missing: [], skipped: [], violations: 0 });
    expect(j.ran).toHaveLength(15);
    expect(readdirSync(at("a", "records")).sort()).toEqual(
      ["40", "90"].flatMap((o) => ["0", "20", "30"].map((m) => `schwartz-core-o${o}-m${m}.json`)).concat(["", "-cp70", "-honest"].flatMap((v) => ["0", "20", "30"].map((m) => `schwartz-random${v}-m${m}.json`))).sort(),
    );
    expect(first.stderr.trim().split("\n")).toHaveLength(15);
    expect(first.stderr).toMatch(/^\[1\/15\] schwartz-core-o40-m0: 2 runs, \d+\.\d s$/m);
    for (const f of readdirSync(at("a", "records"))) expectConforms("unl-grid-record", at("a", "records", f));
    const rec = JSON.parse(readFileSync(at("a", "records", "schwartz-core-o90-m20.json"), "utf8"));
    expect(rec).toMatchObject({ version: 1, name: "schwartz-core-o90-m20", params: { mode: "schwartz", nodes: 40, malicious: 8, runs: 2, seed: 1, maxTime: 5000 } });
    expect(rec.perRun).toHaveLength(2);
    expect(rec.summary.censored).toBe(rec.perRun.filter((r: { converged: boolean }) => !r.converged).length);
    for (const [file, title] of [
      ["F1.svg", "F1 — schwartz convergence time vs malicious %"],
      ["F2.svg", "F2 — log10 schwartz convergence time"],
      ["F5.svg", "F5 — worst overlap O*"],
    ]) {
      const svg = readFileSync(at("a", file), "utf8");
      checkWellFormed(svg);
      expect(svg).toContain(title);
    }
    const md = readFileSync(at("a", "summary.md"), "utf8");
    for (const h of ["## P2", "## Missing points: 0 of 15", "## F1", "## F2", "## F5", "## P1"]) expect(md).toContain(h);
    expect(md).not.toContain(dir.path); // no machine paths
    expect(md).not.toMatch(/\d{4}-\d\d-\d\dT/); // no time stamps
    expect(readFileSync(at("a", "points.csv"), "utf8").trim().split("\n")).toHaveLength(16);
    expect(md).toMatch(/\| random, CP 70 \|/);
    expect(md).toMatch(/\| random, honest tally \|/);
  });

  it("the same command on two worker threads writes the same bytes in a fresh directory, and a rerun skips every point and changes nothing", () => {
    const again = grid(at("b"), "--jobs", "2");
    expect(again.status).toBe(0);
    const a = snapshot(at("a"));
    expect(snapshot(at("b"))).toEqual(a);
    const rerun = grid(at("a"), "--json");
    expect(JSON.parse(rerun.stdout)).toMatchObject({ ran: [], missing: [] });
    expect(JSON.parse(rerun.stdout).skipped).toHaveLength(15);
    expect(rerun.stderr).toContain("done already, skipped");
    expect(snapshot(at("a"))).toEqual(a);
  });

  it("resume: a record with other params and a missing one are run again, the others are skipped", () => {
    const before = snapshot(at("b"));
    const stale = at("b", "records", "schwartz-core-o40-m20.json");
    writeFileSync(stale, readFileSync(stale, "utf8").replace('"runs":2', '"runs":5'));
    rmSync(at("b", "records", "schwartz-random-m30.json"));
    const r = grid(at("b"), "--json");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.ran).toEqual(["schwartz-core-o40-m20", "schwartz-random-m30"]);
    expect(j.skipped).toHaveLength(13);
    expect(r.stderr).toContain("its old record had other params");
    expect(snapshot(at("b"))).toEqual(before);
  });

  it("--summarize-only lists a missing point and draws from the rest without running anything", () => {
    rmSync(at("b", "records", "schwartz-core-o90-m30.json"));
    const r = grid(at("b"), "--summarize-only", "--json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ran: [], missing: ["schwartz-core-o90-m30"] });
    expect(existsSync(at("b", "records", "schwartz-core-o90-m30.json"))).toBe(false);
    const md = readFileSync(at("b", "summary.md"), "utf8");
    expect(md).toContain("## Missing points: 1 of 15");
    expect(md).toContain("- schwartz-core-o90-m30 (F1, F2)");
    expect(md).toMatch(/\| 90 % \| [^|]+ \| [^|]+ \| missing \|/);
    checkWellFormed(readFileSync(at("b", "F2.svg"), "utf8"));
  });

  it("shards 1/2 and 2/2 together write exactly the unsharded grid", () => {
    const s1 = grid(at("c"), "--shard", "1/2", "--json");
    expect(s1.status).toBe(0);
    expect(JSON.parse(s1.stdout)).toMatchObject({ shardPoints: 8 });
    expect(JSON.parse(s1.stdout).missing).toHaveLength(7);
    const s2 = grid(at("c"), "--shard", "2/2", "--json");
    expect(JSON.parse(s2.stdout).ran).toHaveLength(7);
    expect(new Set(JSON.parse(s1.stdout).ran.concat(JSON.parse(s2.stdout).ran)).size).toBe(15);
    expect(snapshot(at("c"))).toEqual(snapshot(at("a")));
  });

  it("--shard auto in a Kubernetes indexed job needs BYZOPT_SHARD_COUNT", () => {
    const k8s = byzopt(["unl", "grid", "--out", at("k"), ...SMALL, "--shard", "auto", "--json"], undefined, { SLURM_ARRAY_TASK_ID: undefined, JOB_COMPLETION_INDEX: "0" });
    expect(k8s.status).toBe(2);
    expect(k8s.stderr).toMatch(/BYZOPT_SHARD_COUNT is not set/);
  });

  it("--slurm writes an array job and a merge job whose scripts, run as three tasks and the merge, write exactly the unsharded grid", () => {
    const w = byzopt(["unl", "grid", "--out", at("slurm"), ...SMALL, "--slurm", "--slurm-tasks", "3", "--partition", "short", "--time", "00:20:00", "--mem", "2G", "--cpus-per-task", "2"]);
    expect(w.stderr).toBe("");
    expect(w.status).toBe(0);
    const script = readFileSync(at("slurm", "grid.sbatch"), "utf8");
    for (const line of ["#SBATCH --array=1-3", "#SBATCH --cpus-per-task=2", "#SBATCH --partition=short", "#SBATCH --time=00:20:00", "#SBATCH --mem=2G"]) expect(script).toContain(line);
    expect(script).toMatch(/unl grid --out [^\n]*--shard auto --jobs "\$\{SLURM_CPUS_PER_TASK:-2\}"/);
    expect(script).not.toContain("--slurm");
    const merge = readFileSync(at("slurm", "merge.sbatch"), "utf8");
    expect(merge).toMatch(/--summarize-only$/m);
    // What Slurm would do: each task with its array variables (--shard auto, two threads), then the merge.
    for (const id of [1, 2, 3]) {
      const r = spawnSync("bash", [at("slurm", "grid.sbatch")], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...slurmTask(id, 3), SLURM_CPUS_PER_TASK: "2" } });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^15 points \(5 run, 0 done already\)/);
    }
    expect(spawnSync("bash", [at("slurm", "merge.sbatch")], { cwd: ROOT, encoding: "utf8" }).status).toBe(0);
    const merged = snapshot(at("slurm"));
    for (const f of ["grid.sbatch", "merge.sbatch"]) merged.delete(f);
    expect(merged).toEqual(snapshot(at("a")));
  });

  it("rpca figures F3 and F4: records with per-run static bounds, F4's three heat maps, no P2 violation", () => {
    const r = byzopt(["unl", "grid", "--out", at("r"), "--figure", "F3,F4", "--rpca-nodes", "40", "--runs", "2", "--ledgers", "3", "--rpca-max-time", "30000", "--malicious-pcts", "0,20", "--overlaps", "50,95", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ points: 8, violations: 0, files: ["F3.svg", "F4-nhi.svg", "F4-fork-rate.svg", "F4-stall-rate.svg", "summary.md", "points.csv"] });
    // clusters at 95 % (19 of 20 shared), no Byzantine: Theorem 8 holds for every pair, and no run forks.
    const safe = JSON.parse(readFileSync(at("r", "records", "rpca-clusters-equivocate-core-o95-m0.json"), "utf8"));
    expect(safe.summary).toMatchObject({ runs: 2, theorem8ViolatingRuns: 0, forkRate: 0 });
    expect(safe.violations).toEqual([]);
    // 20 % Byzantine in a 10-validator core (50 %): every UNL holds 8 of them, Theorem 8 fails in every run.
    const unsafe = JSON.parse(readFileSync(at("r", "records", "rpca-clusters-equivocate-core-o50-m20.json"), "utf8"));
    expect(unsafe.summary.theorem8ViolatingRuns).toBe(2);
    expect(unsafe.perRun[0].static.theorem8Violations).toBeGreaterThan(0);
    for (const f of ["F3.svg", "F4-nhi.svg", "F4-fork-rate.svg", "F4-stall-rate.svg"]) checkWellFormed(readFileSync(at("r", f), "utf8"));
    expect(readFileSync(at("r", "F4-fork-rate.svg"), "utf8")).toContain("F4 — rpca fork rate");
    expect(readFileSync(at("r", "F3.svg"), "utf8")).toContain("F3 — rpca NHI vs malicious %");
    const md = readFileSync(at("r", "summary.md"), "utf8");
    expect(md).toContain("## P5: NHI rises with malicious %");
    expect(md).toMatch(/\| rpca-clusters-equivocate-core-o95-m0 \| 95 % \| 0 \| 0 \| 2 \|.*\| holds \|/);
  });

  it("bad input: one line on stderr, exit 2, nothing written", async () => {
    const cases: [string[], RegExp][] = [
      [["--figure", "F9"], /unknown figure "F9"/],
      [["--overlaps", "10,120"], /120 lies outside 0\.\.100/],
      [["--malicious-pcts", "0:40:-5"], /step of 0:40:-5 must be > 0/],
      [["--malicious-pcts", "101"], /101 lies outside 0\.\.100/],
      [["--runs", "0"], /--runs must be an integer ≥ 1/],
      [["--shard", "3/2"], /--shard 3\/2/],
      [["--nodes", "20"], /--nodes must be an integer ≥ 31/],
      [["--jobs", "0"], /--jobs <N>.*expected an integer >= 1/],
      [["--slurm", "--slurm-tasks", "0"], /--slurm-tasks must be a positive integer \(got 0\)/],
    ];
    for (const [k, [args, message]] of cases.entries()) {
      const out = at(`bad${k}`);
      const r = await byzoptInProcess(["unl", "grid", "--out", out, "--runs", "1", "--malicious-pcts", "0", "--overlaps", "50", "--figure", "F1", ...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });
});
