import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, byzoptInProcess, tempDir } from "../helpers/cli.js";
import { expectConforms } from "../helpers/schemas.js";
import { checkWellFormed, withClass } from "../helpers/svg-check.js";

const dir = tempDir();
afterAll(() => dir.remove());
const at = (name: string) => join(dir.path, name);

function json<T>(args: string[]): T {
  const r = byzopt(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as T;
}

describe("byzopt codag build and select", () => {
  it("Fig. 7 from navigator 14: the DAG file, CSV and picture carry C and R", () => {
    const r = byzopt(["codag", "build", "--fixture", "fig7", "--navigator", "14", "--out", at("fig7.json"), "--csv", at("fig7.csv"), "--svg", at("fig7.svg")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("navigator 14 (level 5), C = 81");
    expectConforms("dag", at("fig7.json"));
    const blocks = (JSON.parse(readFileSync(at("fig7.json"), "utf8")) as { blocks: { id: number; C: string; R: string }[] }).blocks;
    expect(blocks.find((b) => b.id === 8)).toMatchObject({ C: "9", R: "3" });
    expect(readFileSync(at("fig7.csv"), "utf8").split("\n")[9]).toBe("8,3,4 5 6,honest,9,3,1");
    const svg = readFileSync(at("fig7.svg"), "utf8");
    checkWellFormed(svg);
    expect(withClass(svg, "block")).toHaveLength(16);
    expect(withClass(svg, "navigator").map((t) => t.attrs["data-id"])).toEqual(["14"]);
    expect(withClass(svg, "edge")).toHaveLength(3 + 4 * 9);
    expect(svg).toContain("C 9 · R 3");
  });

  it("the written DAG file reads back, and select on it splits the border reward", () => {
    byzopt(["codag", "build", "--fixture", "fig7", "--navigator", "14", "--out", at("back.json")]);
    const s = json<{ navigator: number; levels: { level: number; candidates: { id: number; reward: number; border: boolean }[] }[] }>(["codag", "select", "--dag", at("back.json"), "--navigator", "14", "--k", "2", "--level", "3,5", "--json"]);
    expect(s.levels.map((l) => l.level)).toEqual([3, 5]);
    expect(s.levels[0]!.candidates.map((c) => c.reward)).toEqual([2 / 3, 2 / 3, 2 / 3]);
    expect(s.levels[1]!.candidates.map((c) => [c.id, c.border])).toEqual([[14, false], [13, true], [15, true]]);
    const anc = json<typeof s>(["codag", "select", "--dag", at("back.json"), "--navigator", "14", "--k", "2", "--level", "5", "--require-ancestor", "--json"]);
    expect(anc.levels[0]!.candidates.map((c) => c.id)).toEqual([14]);
  });

  it("Generate: a deterministic DAG per seed, widths ≤ K, confirmed levels from z*", () => {
    const a = json<{ blocks: number; maxLevel: number; maxWidth: number; navigator: { C: string }; zStar: number; confirmedUpToLevel: number }>(["codag", "build", "--k", "10", "--m", "2", "--blocks", "2000", "--q", "0.2", "--json"]);
    expect(a).toMatchObject({ blocks: 2001, maxLevel: 200, maxWidth: 10, zStar: 13, confirmedUpToLevel: 187 });
    expect(a.navigator.C).toBe((2n ** 199n).toString());
    const one = byzopt(["codag", "build", "--k", "4", "--blocks", "40", "--seed", "9", "--out", at("s9a.json")]);
    byzopt(["codag", "build", "--k", "4", "--blocks", "40", "--seed", "9", "--out", at("s9b.json")]);
    expect(one.status).toBe(0);
    expect(readFileSync(at("s9a.json"), "utf8")).toBe(readFileSync(at("s9b.json"), "utf8"));
  });

  it.each([
    [["codag", "build", "--k", "0"], /K must be an integer >= 1/],
    [["codag", "build", "--k", "3", "--m", "4"], /m must be at most K/],
    [["codag", "build", "--q", "1"], /--q must lie strictly between 0 and 1/],
    [["codag", "select", "--fixture", "fig7", "--level", "9"], /levels 0\.\.5/],
    [["codag", "race", "--q", "1.5"], /--q must lie strictly between 0 and 1/],
    [["codag", "race", "--q", "0.3", "--k", "3", "--m", "5"], /m must be at most K/],
  ])("bad input %j: one line, exit 2", async (args, message) => {
    const r = await byzoptInProcess(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it.each([
    ["unknown parent", [{ id: 0, parents: [] }, { id: 1, parents: [7] }], /unknown parent 7/],
    ["parent not one level below", [{ id: 0, parents: [] }, { id: 1, parents: [0] }, { id: 2, parents: [0, 1] }], /not one level below/],
    ["cycle", [{ id: 0, parents: [] }, { id: 1, parents: [0, 2] }, { id: 2, parents: [1] }], /cycle through blocks/],
  ])("a DAG file with %s: one line, exit 2, nothing written", async (_name, blocks, message) => {
    const path = at(`bad-${blocks.length}-${String(message).length}.json`);
    writeFileSync(path, JSON.stringify({ blocks }));
    const r = await byzoptInProcess(["codag", "build", "--dag", path, "--svg", at("never.svg")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(path);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(at("never.svg"))).toBe(false);
  });
});

describe("byzopt codag outputs", () => {
  it("several outputs are written all or none: a bad --csv path leaves no --out file behind", async () => {
    const r = await byzoptInProcess(["codag", "build", "--fixture", "fig7", "--out", at("kept.json"), "--csv", join(dir.path, "no-such-dir", "x.csv")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*x\.csv: no such directory/);
    expect(existsSync(at("kept.json"))).toBe(false);
  });

  it("K = 1 over 200,000 levels: the longest chain, no stack overflow", async () => {
    const r = await byzoptInProcess(["codag", "build", "--k", "1", "--m", "1", "--blocks", "200000", "--q", "0.45", "--json"]);
    expect(r.stderr).toBe("");
    const s = JSON.parse(r.stdout) as { maxLevel: number; maxWidth: number; navigator: { C: string; level: number }; zStar: number };
    expect(s).toMatchObject({ maxLevel: 200000, maxWidth: 1, navigator: { C: "1", level: 200000 } });
    expect(s.zStar).toBeGreaterThan(100);
  });
});

describe("byzopt codag race and check", () => {
  it("race, Model B, m = 2 < K = 10 at q = 0.3: certain catch-up where Lemma 1 says 0.6 %", () => {
    const r = json<{ threshold: number; rows: { z: number; lemma1: number; estimate: number; levelRace: number; within4Sigma: boolean }[] }>(["codag", "race", "--q", "0.3", "--k", "10", "--m", "2", "--z", "5..6", "--runs", "500", "--json"]);
    expect(r.threshold).toBeCloseTo(1 / 6, 12);
    expect(r.rows.map((x) => x.z)).toEqual([5, 6]);
    for (const row of r.rows) {
      expect(row.estimate).toBeGreaterThanOrEqual(0.99);
      expect(row.lemma1).toBeLessThan(0.02);
      expect(row.within4Sigma).toBe(true);
    }
  });

  it("race writes CSV and a chart; the same seed gives the same bytes", () => {
    const args = ["codag", "race", "--q", "0.3", "--model", "lemma2", "--z", "2,5", "--runs", "3000"];
    const a = byzopt([...args, "--csv", at("r1.csv"), "--svg", at("r1.svg")]);
    const b = byzopt([...args, "--csv", at("r2.csv")]);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(readFileSync(at("r1.csv"), "utf8")).toBe(readFileSync(at("r2.csv"), "utf8"));
    const csv = readFileSync(at("r1.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("z,lemma1,lemma2Paper,lemma2Exact,analysis,levelRace,model,reference,runs,hits,estimate,lo,hi,within4Sigma");
    expect(csv[2]!.split(",")[3]).toMatch(/^0\.1976/);
    const svg = readFileSync(at("r1.svg"), "utf8");
    checkWellFormed(svg);
    expect(svg).toContain("Lemma 2 as printed");
    expect(svg).toContain("simulated (model lemma2)");
    expect(csv[1]!.split(",")[5]).toBe(""); // the level race is model B's reference only
  });

  it("check --jobs 2 (Model B points on worker threads) prints the same report as --jobs 1", () => {
    const args = ["codag", "check", "--runs", "1000", "--model-b-runs", "100", "--property-runs", "10", "--json"];
    const one = byzopt([...args, "--jobs", "1"]);
    const two = byzopt([...args, "--jobs", "2"]);
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    // As a grid with records: three shards, then the merge, print the same report.
    for (const i of [1, 2, 3]) {
      const shard = byzopt([...args, "--jobs", "1", "--records", at("cc"), "--shard", `${i}/3`]);
      expect(shard.status, shard.stderr).toBe(0);
      if (i < 3) expect(shard.stderr).toMatch(new RegExp(`^${[6, 11][i - 1]} of 16 tasks have a record in .*\\(${[6, 5][i - 1]} run here, 0 done already\\)`));
    }
    expect(readdirSync(join(at("cc"), "records", "codag-check"))).toHaveLength(16);
    for (const f of readdirSync(join(at("cc"), "records", "codag-check"))) expectConforms("grid-record", join(at("cc"), "records", "codag-check", f));
    const merged = byzopt([...args, "--records", at("cc"), "--summarize-only"]);
    expect(merged.stdout).toBe(one.stdout);
  }, 120_000);

  it("check's grid options: a shard or a merge without --records, and a merge with records missing, exit 2", async () => {
    const args = ["codag", "check", "--runs", "100", "--model-b-runs", "10", "--property-runs", "2", "--jobs", "1"];
    for (const [extra, message] of [
      [["--shard", "1/2"], /--shard needs --records DIR/],
      [["--summarize-only"], /--summarize-only needs --records DIR/],
      [["--slurm"], /--slurm needs --records DIR/],
      [["--records", at("empty"), "--summarize-only"], /0 of 16 tasks have a record in .*empty; missing: properties, model-a, lemma2, model-b-K10-m2-q0.3-z1, model-b-K10-m2-q0.3-z2, …: run the missing shards first/],
    ] as const) {
      const r = await byzoptInProcess([...args, ...extra]);
      expect(r.status, extra.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it("check: a small run passes, writes Markdown, and reports Lemma 1 as holding only when m = K", () => {
    const r = byzopt(["codag", "check", "--runs", "2000", "--model-b-runs", "200", "--property-runs", "30", "--out", at("check.md")]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("every implementation check passed");
    expect(r.stdout).toMatch(/HOLDS ONLY WHEN\s+Lemma 1/);
    const md = readFileSync(at("check.md"), "utf8");
    expect(md).toContain("| 10 | 2 | 0.3 | 6 | 200 of 200 |");
  }, 120_000);
});
