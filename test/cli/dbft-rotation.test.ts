import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, byzoptInProcess, tempDir } from "../helpers/cli.js";

const dir = tempDir();
afterAll(() => dir.remove());

describe("byzopt dbft --rotation", () => {
  it("stats: N(N-1) more rows, one non-zero each; the text names the rotation", async () => {
    const r = await byzoptInProcess(["dbft", "stats", "--n", "4", "--tmax", "5", "--rotation", "neo", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toStrictEqual({ vars: 1722, binaries: 1700, integers: 22, constraints: 2838 + 12, equalities: 611, inequalities: 2227 + 12, nonzeros: 11708 + 12 });
    const text = await byzoptInProcess(["dbft", "stats", "--n", "4", "--tmax", "5", "--rotation", "neo:7", "--families"]);
    expect(text.stdout.split("\n")[0]).toBe("dbft-2-4-5  (P1: max 1000·blocks + 100·views + 0·messages; rotation neo:7)");
    expect(text.stdout).toMatch(/\nprimaryRotation\s+<=\s+12\s+12\n/);
  });

  it("generate: the LP file shows the rows, and the file without the option has none", async () => {
    const [rotated, plain] = [join(dir.path, "neo.lp"), join(dir.path, "plain.lp")];
    expect((await byzoptInProcess(["dbft", "generate", "--n", "4", "--tmax", "3", "--rotation", "neo:1", "--out", rotated])).status).toBe(0);
    expect((await byzoptInProcess(["dbft", "generate", "--n", "4", "--tmax", "3", "--out", plain])).status).toBe(0);
    // Height 1: view 1 is led by node 2, so node 1 may not lead it, and node 2 may lead only view 1.
    const lp = readFileSync(rotated, "utf8");
    expect(lp).toMatch(/ primaryRotation\(1,1\): \+?\s*Primary\(1,1\) <= 0\n/);
    expect(lp).not.toContain("primaryRotation(2,1)");
    expect(lp.match(/ primaryRotation\(2,\d\)/g)).toEqual([" primaryRotation(2,2)", " primaryRotation(2,3)", " primaryRotation(2,4)"]);
    expect(readFileSync(plain, "utf8")).not.toContain("primaryRotation");
  });

  it("solve --json: the rotation, primaries in Neo's order, and the height in the trace", async () => {
    const trace = join(dir.path, "neo1.json");
    const r = byzopt(["dbft", "solve", "--n", "4", "--tmax", "3", "--objective", "P7", "--strengthen", "--rotation", "neo:1", "--json", "--trace", trace]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    // --strengthen alone leaves symmetry breaking out: it would rename the nodes the rotation fixes.
    expect(j).toMatchObject({ status: "optimal", rotation: { height: 1 }, check: { feasible: true } });
    expect(j.strengthen).not.toContain("symmetry");
    expect(j.primaries.length).toBeGreaterThan(1);
    for (const { view, node } of j.primaries) expect(node, `view ${view}`).toBe([2, 1, 4, 3][view - 1]);
    expect(JSON.parse(readFileSync(trace, "utf8")).meta).toMatchObject({ height: 1, rotation: { height: 1 } });
    const plain = await byzoptInProcess(["dbft", "solve", "--n", "4", "--tmax", "3", "--objective", "P3", "--json"]);
    expect(JSON.parse(plain.stdout).rotation).toBeNull();
  });

  const bad: [string, string[], string][] = [
    ["a negative height", ["--rotation", "neo:-1"], 'error: --rotation expects neo or neo:H with a block height H >= 0, e.g. neo:7 (got "neo:-1")'],
    ["another scheme", ["--rotation", "round-robin"], 'error: --rotation expects neo or neo:H with a block height H >= 0, e.g. neo:7 (got "round-robin")'],
    ["a height that is not a whole number", ["--rotation", "neo:1.5"], 'error: --rotation expects neo or neo:H with a block height H >= 0, e.g. neo:7 (got "neo:1.5")'],
    ["symmetry breaking asked for", ["--rotation", "neo", "--strengthen", "quorum,symmetry"], "error: the symmetry strengthening family renames nodes, which a fixed primary rotation forbids: leave symmetry out"],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what}: one line on stderr, exit code 2, nothing written`, async () => {
      const out = join(dir.path, `bad-${what.replace(/\W+/g, "-")}.lp`);
      const r = await byzoptInProcess(["dbft", "generate", "--n", "4", "--tmax", "5", ...args, "--out", out]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(message + "\n");
      expect(existsSync(out)).toBe(false);
    });
  }
});
