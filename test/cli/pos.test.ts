import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, byzoptInProcess, tempDir } from "../helpers/cli.js";
import { expectConforms } from "../helpers/schemas.js";
import { checkWellFormed } from "../helpers/svg-check.js";

const dir = tempDir();

afterAll(() => dir.remove());

interface Rates {
  n: number;
  delta: number;
  settings: { label: string; rates: { pTrue: number; reward: number; penalty: number }[]; falsePenalty?: { value: number }; falseReward?: { value: number } }[];
}

function json<T>(args: string[]): T {
  const r = byzopt(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as T;
}

describe("byzopt pos rates", () => {
  it("--json: the spec's golden values (within its third digit)", async () => {
    const sl = json<Rates>(["pos", "rates", "--n", "20", "--delta", "16", "--p-true", "0.7,0.8,0.9", "--liars", "0.2", "--liar-kind", "slanderer", "--json"]);
    expect(sl.settings.map((s) => s.label)).toEqual(["honest", "20% slanderers"]);
    sl.settings[0].rates.forEach((r, i) => expect(Math.abs(r.reward - [0.237, 0.63, 0.957][i])).toBeLessThan(1e-3));
    expect(Math.abs(sl.settings[1].rates[2].reward - 0.302)).toBeLessThan(1e-3);
    const co = await byzoptInProcess(["pos", "rates", "--n", "20", "--delta", "16", "--p-true", "0.7", "--liars", "0.2", "--liar-kind", "colluder", "--json"]);
    expect(co.status).toBe(0);
    expect(Math.abs((JSON.parse(co.stdout) as Rates).settings[1].rates[0].reward - 0.456)).toBeLessThan(1e-3);
    const big = json<Rates>(["pos", "rates", "--n", "100", "--delta", "80", "--p-true", "0.7,0.8,0.9", "--p-star", "0.9", "--p-bad", "0.7", "--json"]);
    big.settings[0].rates.forEach((r, i) => expect(Math.abs(r.reward - [0.017, 0.56, 0.9992][i])).toBeLessThan(1e-3));
    expect(big.settings[0].falsePenalty!.value).toBeCloseTo(1 - 0.9991924261256337, 12);
    expect(big.settings[0].falseReward!.value).toBeCloseTo(0.016462853241869475, 12);
  });

  it("writes --csv and a well-formed --svg; the text table prints", () => {
    const csv = join(dir.path, "rates.csv");
    const svg = join(dir.path, "rates.svg");
    const r = byzopt(["pos", "rates", "--n", "20", "--delta", "16", "--p-true", "0.7,0.9", "--coalition", "2", "--coalition-kind", "colluder", "--csv", csv, "--svg", svg]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("coalition k=2 colluder");
    const lines = readFileSync(csv, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("setting,n,delta,strict,p_true,p_reported,p_reward,p_penalty");
    expect(lines.length).toBe(1 + 2 * 2);
    expect(lines[1]).toMatch(/^honest,20,16,false,0.7,0.7,0.2375/);
    const doc = readFileSync(svg, "utf8");
    checkWellFormed(doc);
    expect(doc).toContain("P(reward)");
  });
});

describe("byzopt pos simulate", () => {
  const args = ["pos", "simulate", "--n", "20", "--delta", "16", "--p-true", "0.7,0.9", "--epochs", "20000", "--seed", "3", "--liars", "0.1", "--liar-kind", "noisy", "--json"];
  it("is within 4σ of the exact rate, and the same seed gives the same bytes", () => {
    const a = byzopt(args);
    expect(a.status).toBe(0);
    const out = JSON.parse(a.stdout) as { points: { exact: number; simulated: number; inside: boolean; decisions: number; units: { total: number } }[] };
    for (const p of out.points) {
      expect(p.inside).toBe(true);
      expect(p.decisions).toBe(20_000);
      expect(p.units.total).toBe(20 * 20_000);
    }
    expect(byzopt(args).stdout).toBe(a.stdout);
  });

  it("draws the exact curve and the simulated points", () => {
    const svg = join(dir.path, "sim.svg");
    const r = byzopt(["pos", "simulate", "--n", "10", "--delta", "8", "--p-true", "0.6,0.8,0.95", "--epochs", "2000", "--svg", svg]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/0\.8 .* yes/);
    checkWellFormed(readFileSync(svg, "utf8"));
  });
});

describe("byzopt pos check", () => {
  it("--jobs 2 (points on worker threads) prints the same report as --jobs 1", () => {
    const args = ["pos", "check", "--quick", "--epochs", "1000", "--json"];
    const one = byzopt([...args, "--jobs", "1"]);
    expect(one.status).toBe(0);
    expect(byzopt([...args, "--jobs", "2"]).stdout).toBe(one.stdout);
    // As a grid with records in two shards, merged: the same report; run again, nothing is rerun.
    const records = join(dir.path, "pos-records");
    for (const i of [1, 2]) expect(byzopt([...args, "--jobs", "1", "--records", records, "--shard", `${i}/2`]).status).toBe(0);
    expect(byzopt([...args, "--records", records, "--summarize-only"]).stdout).toBe(one.stdout);
    for (const f of readdirSync(join(records, "records", "pos-check"))) expectConforms("grid-record", join(records, "records", "pos-check", f));
    const again = byzopt([...args, "--jobs", "1", "--records", records, "--shard", "1/2"]);
    expect(again.stdout).toBe(one.stdout);
    // A record made with other epochs is stale: that point runs again.
    const other = byzopt(["pos", "check", "--quick", "--epochs", "999", "--json", "--jobs", "1", "--records", records, "--shard", "1/2"]);
    expect(other.stderr).toMatch(/\((\d+) run here, 0 done already\)/);
  });

  it("--quick with few epochs passes (exit 0) and writes its report", async () => {
    const out = join(dir.path, "check.md");
    const r = byzopt(["pos", "check", "--quick", "--epochs", "1000", "--out", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Verdict: PASS");
    expect(readFileSync(out, "utf8")).toBe(r.stdout);
    const r2 = await byzoptInProcess(["pos", "check", "--n-values", "10", "--epochs", "500", "--point", "3", "--jobs", "1", "--json"]);
    expect(r2.status).toBe(0);
    const alone = JSON.parse(r2.stdout) as { points: { index: number; pass: boolean }[]; verdict: string };
    expect(alone.points.map((p) => p.index)).toEqual([3]);
    expect(alone.verdict).toBe("pass");
  });
});

describe("bad input: one line on stderr, exit 2", () => {
  it("end to end, from the formulation (InputError) and from commander", () => {
    for (const args of [
      ["pos", "rates", "--n", "10", "--delta", "11"],
      ["pos", "simulate", "--n", "10", "--delta", "8", "--p-true", "0.8", "--liars", "0.1", "--liar-kind", "liar"],
    ]) {
      const r = byzopt(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });

  const base = ["pos", "rates", "--p-true", "0.8"];
  it.each([
    ["n < 1", [...base, "--n", "0", "--delta", "0"]],
    ["δ > n", [...base, "--n", "10", "--delta", "11"]],
    ["δ < 0", [...base, "--n", "10", "--delta", "-1"]],
    ["δ not an integer", [...base, "--n", "10", "--delta", "7.5"]],
    ["p outside [0, 1]", ["pos", "rates", "--n", "10", "--delta", "8", "--p-true", "0.5,1.2"]],
    ["f outside [0, 1]", [...base, "--n", "10", "--delta", "8", "--liars", "-0.1", "--liar-kind", "colluder"]],
    ["ε outside [0, 1]", [...base, "--n", "10", "--delta", "8", "--liars", "0.1", "--liar-kind", "noisy", "--noise", "2"]],
    ["unknown kind", [...base, "--n", "10", "--delta", "8", "--liars", "0.1", "--liar-kind", "liar"]],
    ["unknown coalition kind", [...base, "--n", "10", "--delta", "8", "--coalition", "2", "--coalition-kind", "noisy"]],
    ["--liars without a kind", [...base, "--n", "10", "--delta", "8", "--liars", "0.1"]],
    ["p_bad ≥ p*", [...base, "--n", "10", "--delta", "8", "--p-star", "0.7", "--p-bad", "0.9"]],
    ["epochs < 1", ["pos", "simulate", "--n", "10", "--delta", "8", "--p-true", "0.8", "--epochs", "0"]],
    ["check epochs < 1", ["pos", "check", "--epochs", "0"]],
    ["check --n-values not integers", ["pos", "check", "--n-values", "10,2.5"]],
  ])("%s (in process)", async (_name, args) => {
    const r = await byzoptInProcess(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("every command has --help with an example", async () => {
    for (const cmd of ["rates", "simulate", "check"]) {
      const r = await byzoptInProcess(["pos", cmd, "--help"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Examples?:\\n  byzopt pos ${cmd} `));
    }
  });
});
