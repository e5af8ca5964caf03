import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, byzoptInProcess, tempDir } from "../helpers/cli.js";

const dir = tempDir();
afterAll(() => dir.remove());

interface Report {
  verdict: string;
  runs: number;
  counterexample: { run: number; runSeed: number; height: number; property: string; delays: { found: number; shrunk: number } } | null;
}

function run(args: string[]): Report {
  const r = byzopt(["verify", "dbft", ...args, "--json"]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Report;
}

describe("verify dbft --jobs: the same report on any number of threads", () => {
  it("a fork found at run 552 of seed 1: the same run, schedule and saved counterexample with 1, 2 and 3 threads", () => {
    const base = ["--n", "4", "--byzantine", "2", "--property", "safety", "--runs", "3000", "--seed", "1"];
    const one = run([...base, "--jobs", "1", "--out", join(dir.path, "j1")]);
    // Small chunks, so the failing run lies in the eleventh chunk or later, behind chunks that hold none.
    const two = run([...base, "--jobs", "2", "--chunk", "50", "--out", join(dir.path, "j2")]);
    const three = run([...base, "--jobs", "3", "--chunk", "64", "--out", join(dir.path, "j3")]);
    expect(one.counterexample?.run).toBe(552);
    const key = (r: Report) => {
      const c = r.counterexample!;
      return { verdict: r.verdict, runs: r.runs, run: c.run, runSeed: c.runSeed, height: c.height, property: c.property, delays: c.delays };
    };
    expect(key(two)).toEqual(key(one));
    expect(key(three)).toEqual(key(one));
    const saved = (d: string) => readFileSync(join(dir.path, d, "fork.json"), "utf8");
    expect(saved("j2")).toBe(saved("j1"));
    expect(saved("j3")).toBe(saved("j1"));
  });

  it("a search that holds runs every run on both threads", () => {
    const base = ["--n", "4", "--property", "safety", "--runs", "6000", "--seed", "3"];
    const one = run([...base, "--jobs", "1"]);
    const two = run([...base, "--jobs", "2", "--chunk", "700"]);
    expect(one).toMatchObject({ verdict: "holds", runs: 6000, counterexample: null });
    expect(two).toMatchObject({ verdict: "holds", runs: 6000, counterexample: null });
  });

  it.each([["0"], ["-1"]])("--jobs %s: one line, exit 2", async (jobs) => {
    const r = await byzoptInProcess(["verify", "dbft", "--n", "4", "--jobs", jobs]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--jobs must be a positive integer/);
  });
});
