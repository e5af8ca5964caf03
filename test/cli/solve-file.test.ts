import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Model } from "../../formulations/model/index.js";
import { writeLp } from "../../solvers/lp-writer.js";
import { StringSink } from "../../solvers/text-sink.js";
import { byzopt, tempDir } from "../helpers/cli.js";
import { hardKnapsack } from "../helpers/knapsack.js";

function lpText(model: Model): string {
  const sink = new StringSink();
  writeLp(model, sink);
  return sink.toString();
}

/**
 * `byzopt solve` on files byzopt wrote, with every backend and no limit: dbft-2-4-5 P3 (a minimisation)
 * is 100, which HiGHS, GLPK, CBC and glpsol all prove in a second or two from the LP and from the MPS
 * file; dbft-2-4-4 P1 (a maximisation, written to MPS as a negated minimisation) is 400, read back with
 * its sign by byzopt. The acceptance run on dbft-2-4-5 P1 (1400; HiGHS and CBC prove it in 10–90 s, GLPK
 * never does) is in `make test-long` (test/long/solve-file-p1.long.ts).
 */
const dir = tempDir();
afterAll(() => dir.remove());
const files = { lp: join(dir.path, "dbft-2-4-5.lp"), mps: join(dir.path, "dbft-2-4-5.mps") };
const maxMps = join(dir.path, "dbft-2-4-4-P1.mps");

beforeAll(() => {
  for (const path of Object.values(files)) expect(byzopt(["dbft", "generate", "--n", "4", "--tmax", "5", "--objective", "P3", "--out", path]).status).toBe(0);
  expect(byzopt(["dbft", "generate", "--n", "4", "--tmax", "4", "--objective", "P1", "--out", maxMps]).status).toBe(0);
});

describe("byzopt solve on dbft-2-4-5 P3", () => {
  for (const format of ["lp", "mps"] as const) {
    for (const solver of ["highs", "glpk", "cbc", "glpsol"] as const) {
      it(`${format} with ${solver}: optimal 100`, () => {
        const r = byzopt(["solve", files[format], "--solver", solver, "--json"]);
        expect(r.status, r.stderr).toBe(0);
        const j = JSON.parse(r.stdout);
        expect(j).toMatchObject({ solver, status: "optimal", objective: 100, gap: 0 });
        expect(j.model).toMatchObject({ direction: "min", vars: 1722, constraints: 2838, nonzeros: 11708 });
        expect(j.check.feasible).toBe(true);
        expect(j.values.numberOfRounds).toBe(1);
        expect(j.values.totalBlockRelayed).toBeUndefined(); // zero: only non-zero values are listed
      });
    }
  }

  it("a maximisation from MPS keeps its sign: dbft-2-4-4 P1 is 400", () => {
    const r = byzopt(["solve", maxMps, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: "optimal", objective: 400, model: { direction: "max" }, check: { feasible: true } });
  });
});

describe("byzopt solve --node-limit", () => {
  it("stops a knapsack that needs thousands of nodes after 10, with incumbent, bound and gap; backends without a node limit are refused", () => {
    const file = join(dir.path, "knapsack.lp");
    writeFileSync(file, lpText(hardKnapsack()));
    const r = byzopt(["solve", file, "--solver", "cbc", "--node-limit", "10", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ status: "node_limit", nodes: 10, check: { feasible: true } });
    expect(j.bound).toBeGreaterThan(j.objective);
    const text = byzopt(["solve", file, "--solver", "cbc", "--node-limit", "10"]);
    expect(text.stdout.split("\n")[1]).toMatch(new RegExp(`^node limit reached: not proved optimal {3}objective ${j.objective} {3}bound ${j.bound} {3}gap `));
    const glpk = byzopt(["solve", file, "--solver", "glpk", "--node-limit", "10"]);
    expect(glpk.status).toBe(2);
    expect(glpk.stderr.trim()).toBe("error: glpk cannot stop at a node limit; use highs or cbc, or a time limit");
  });
});

describe("byzopt solve, text output and bad input", () => {
  it("prints the model, the verdict, byzopt's own check and the non-zero values", () => {
    const r = byzopt(["solve", files.lp, "--solver", "glpsol"]);
    expect(r.stdout).toMatch(/dbft-2-4-5\.lp: minimize, 1722 variables \(1700 binary, 22 integer\), 2838 constraints, 11708 non-zeros\noptimal \(proved\) {3}objective 100 {3}bound 100 {3}gap 0%/);
    expect(r.stdout).toContain("checked by byzopt: the values satisfy every row, bound and integrality");
    expect(r.stdout).toMatch(/non-zero values \(\d+\):\n {2}\S+ = \d+\n/);
    expect(r.stdout).toContain("\n  numberOfRounds = 1\n");
  });

  it("refuses a missing file, an unknown extension and a malformed file, with exit code 2", () => {
    const cases: [string[], RegExp][] = [
      [["solve", join(dir.path, "none.lp")], /cannot read .*none\.lp: no such file/],
      [["solve", join(dir.path, "model.txt")], /cannot tell the format/],
      [["solve", files.lp, "--solver", "gurobi"], /Allowed choices are highs, glpk, jslp, cbc, glpsol/],
      [["solve", join(dir.path, "folder.mps")], /cannot read .*folder\.mps: is a directory/],
      [["compare", join(dir.path, "folder.mps")], /cannot read .*folder\.mps: not a file/],
      [["compare", join(dir.path, "none.lp")], /cannot read .*none\.lp: no such file/],
    ];
    mkdirSync(join(dir.path, "folder.mps"), { recursive: true });
    for (const [args, message] of cases) {
      const r = byzopt(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const broken = join(dir.path, "broken.lp");
    const text = readFileSync(files.lp, "utf8").replace("Subject To", "Subject To\n bad: x + <= 3");
    writeFileSync(broken, text);
    const r = byzopt(["solve", broken]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/broken\.lp:\d+: /);
  });

  it("refuses javascript-lp-solver on a model too large for it, before any work", () => {
    const r = byzopt(["solve", files.mps, "--solver", "jslp"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/javascript-lp-solver is unfit for this model: 2838 rows and 1722 columns/);
  });
});
