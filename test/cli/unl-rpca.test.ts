import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, tempDir } from "../helpers/cli.js";

const dir = tempDir();
afterAll(() => dir.remove());
const at = (name: string): string => join(dir.path, name);

describe("byzopt unl simulate --mode rpca", () => {
  it("full overlap, no Byzantine: every run reaches the ledger target with no fork, no stall and NHI 0; the same seed writes the same bytes", () => {
    const args = ["unl", "simulate", "--mode", "rpca", "--nodes", "40", "--ledgers", "8", "--runs", "3", "--seed", "5", "--json"];
    const a = byzopt(args);
    expect(a.status).toBe(0);
    expect(byzopt(args).stdout).toBe(a.stdout);
    const j = JSON.parse(a.stdout);
    expect(j.mode).toBe("rpca");
    expect(j.runs.map((r: { seed: number }) => r.seed)).toEqual([5, 6, 7]);
    expect(j.summary).toMatchObject({ runs: 3, forkRate: 0, stallRate: 0, meanNhi: 0, violations: 0 });
    for (const r of j.runs) {
      expect(r.result.maxValidatedSeq).toBeGreaterThanOrEqual(8);
      expect(r.bounds.countingForkablePairs).toBe(0);
    }
  });

  it("clusters at 40 % with equivocators in the core: forks, shown as a trace (both ledgers, who counted) and a picture; no violation, since Theorem 8 fails", () => {
    const svg = at("fork.svg");
    const r = byzopt(["unl", "simulate", "--mode", "rpca", "--nodes", "60", "--unl-gen", "clusters", "--overlap", "40", "--malicious", "2", "--byz", "equivocate", "--byz-placement", "core", "--ledgers", "8", "--svg", svg, "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    const run = j.runs[0];
    expect(run.bounds.theorem8Holds).toBe(false);
    expect(run.bounds.countingForkablePairs).toBeGreaterThan(0);
    const fork = run.forks.find((f: { fork: { kind: string } }) => f.fork.kind === "same-seq");
    expect(fork.pair.countingAdmits).toBe(true);
    expect(fork.violation).toBeNull();
    expect(fork.fork.a.counted.length).toBeGreaterThanOrEqual(16);
    expect(fork.fork.a.ledger).not.toBe(fork.fork.b.ledger);
    const picture = readFileSync(svg, "utf8");
    expect(picture).toMatch(/^<svg/);
    expect(picture).toContain(`ledger ${fork.fork.a.ledger}, seq ${fork.fork.seq}`);
    const text = byzopt(["unl", "simulate", "--mode", "rpca", "--nodes", "60", "--unl-gen", "clusters", "--overlap", "40", "--malicious", "2", "--byz", "equivocate", "--byz-placement", "core", "--ledgers", "8"]);
    expect(text.stdout).toMatch(/seed 1: fully validated up to seq \d+ .*forks? \(same-seq/);
    expect(text.stdout).toMatch(/Theorem 8 violated by \d+ ordered pairs; counting bound: \d+ pairs can fork/);
  });

  it("--csv: one row per run with the same numbers as --json; --json with --csv is refused", () => {
    const args = ["unl", "simulate", "--mode", "rpca", "--nodes", "40", "--ledgers", "4", "--runs", "2"];
    const csv = byzopt([...args, "--csv"]).stdout.trim().split("\n");
    expect(csv).toHaveLength(3);
    const head = csv[0].split(",");
    const j = JSON.parse(byzopt([...args, "--json"]).stdout);
    csv.slice(1).forEach((line, k) => {
      const row = Object.fromEntries(line.split(",").map((v, i) => [head[i], v]));
      expect([Number(row.seed), Number(row.time_ms), Number(row.max_validated_seq), Number(row.jumps)]).toEqual([j.runs[k].seed, j.runs[k].result.timeMs, j.runs[k].result.maxValidatedSeq, j.runs[k].result.jumps]);
    });
    expect(byzopt([...args, "--csv", "--json"]).stderr).toMatch(/give --json or --csv, not both/);
  });

  it("P4 as a report: silent validators in the core; every validator over its budget n − q never fully validates", () => {
    const r = byzopt(["unl", "simulate", "--mode", "rpca", "--nodes", "50", "--malicious", "5", "--byz-placement", "core", "--ledgers", "6", "--max-time", "60000", "--json"]);
    expect(r.status).toBe(0);
    const p4 = JSON.parse(r.stdout).runs[0].p4;
    expect(p4.overBudget).toBeGreaterThan(0);
    expect(p4).toMatchObject({ overBudgetNeverValidated: p4.overBudget, holds: true });
  });

  it("--unl-file runs the worst-overlap MILP's configuration with its quorums as the equivocation sides", () => {
    const file = at("worst.json");
    expect(byzopt(["unl", "worst-overlap", "--nodes", "45", "--unl-size", "20", "--byzantine", "5", "--t", "4", "--unl-out", file]).status).toBe(0);
    const w = JSON.parse(readFileSync(file, "utf8"));
    expect(w.sides.A.length + w.sides.B.length).toBeGreaterThanOrEqual(2 * 12);
    expect(w.sides.A.filter((v: string) => w.sides.B.includes(v))).toEqual([]);
    const r = byzopt(["unl", "simulate", "--mode", "rpca", "--unl-file", file, "--byz", "equivocate", "--ledgers", "5", "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.options.unlFile).toBe(file);
    expect(j.runs[0].bounds.theorem8Holds).toBe(false);
    expect(j.runs[0].bounds.countingForkablePairs).toBeGreaterThan(0);
  });

  it.each([
    [["--overlap", "120"], /--overlap .* is invalid/],
    [["--malicious", "60", "--nodes", "50"], /--malicious \(60\) must lie in 0..50/],
    [["--nodes", "20"], /--nodes 20 is too small for UNLs of up to 30/],
    [["--runs", "0"], /--runs must be an integer ≥ 1/],
    [["--unl-gen", "random", "--overlap", "50"], /--overlap needs --unl-gen core or clusters/],
    [["--byz", "loud"], /Allowed choices are silent, contrarian, equivocate/],
  ])("refuses %j with one line and exit 2, writing nothing", (args, message) => {
    const svg = at("never.svg");
    const r = byzopt(["unl", "simulate", "--mode", "rpca", "--svg", svg, ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(svg)).toBe(false);
  });

  it("refuses a UNL file with an unknown validator or one trusting nobody", () => {
    const f = at("bad.json");
    writeFileSync(f, JSON.stringify({ a: ["b", "zz"], b: ["a"] }));
    const r = byzopt(["unl", "simulate", "--mode", "rpca", "--unl-file", f]);
    expect([r.status, r.stderr.trim().split("\n").length]).toEqual([2, 1]);
    expect(r.stderr).toMatch(/names "zz", which is not a validator/);
    writeFileSync(f, JSON.stringify({ a: ["b"], b: [] }));
    expect(byzopt(["unl", "simulate", "--mode", "rpca", "--unl-file", f]).stderr).toMatch(/validator b trusts nobody/);
  });
});
