import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, tempDir } from "../helpers/cli.js";
import { expectConforms } from "../helpers/schemas.js";

const dir = tempDir();
afterAll(() => dir.remove());

describe("byzopt verify dbft", () => {
  it("finds a fork with F+1 Byzantine nodes, saves it replayable as JSON, SVG and HTML, exit code 1", () => {
    const out = join(dir.path, "fork");
    const r = byzopt(["verify", "dbft", "--n", "4", "--byzantine", "2", "--property", "safety", "--runs", "100000", "--seed", "42", "--out", out, "--json"]);
    expect(r.status, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ verdict: "violated", properties: ["safety"], seed: 42, config: { n: 4, byzantine: [3, 4], dead: [] } });
    expect(j.counterexample.violation).toMatch(/^fork: honest nodes relayed different blocks/);
    expect(j.counterexample.fastCheck.shrinks).toBeGreaterThan(0);
    expect(j.counterexample.delays.shrunk).toBeLessThanOrEqual(j.counterexample.delays.found);
    const files = j.counterexample.files;
    expect(readFileSync(files.svg, "utf8").startsWith("<svg")).toBe(true);
    expect(readFileSync(files.html, "utf8")).toContain("fork: honest nodes relayed different blocks");
    expectConforms("counterexample", files.counterexample);
    expectConforms("trace", files.trace);
    const saved = JSON.parse(readFileSync(files.counterexample, "utf8"));
    expect(saved).toMatchObject({ format: "byzopt.counterexample/1", property: "safety", height: j.counterexample.height, found: { seed: 42 } });

    const replay = byzopt(["verify", "replay", files.counterexample, "--json"]);
    expect(replay.status).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ reproduced: true, violation: j.counterexample.violation });

    const check = byzopt(["verify", "trace", files.trace, "--rules", "all", "--json"]);
    expect(check.status).toBe(1);
    const verdict = JSON.parse(check.stdout);
    expect(verdict.sets.find((s: { rules: string }) => s.rules === "protocol").ok).toBe(true);
    expect(verdict.sets.find((s: { rules: string }) => s.rules === "invariants").violations.map((v: { rule: string }) => v.rule)).toEqual(["noFork"]);
  });

  it("finds a liveness lock with one dead node, prints it as a timeline and saves it drawn", () => {
    const out = join(dir.path, "lock");
    const r = byzopt(["verify", "dbft", "--n", "4", "--dead", "1", "--property", "liveness", "--runs", "1000", "--out", out]);
    expect(r.status).toBe(1);
    const svg = readFileSync(join(out, "lock.svg"), "utf8");
    expect(svg).toContain("liveness lock: no block can ever be produced");
    expect(svg).toContain("node 4 (dead)");
    expect(JSON.parse(readFileSync(join(out, "lock.trace.json"), "utf8")).meta.outcome).toBe("locked");
    expect(r.stdout).toMatch(/^dBFT 2.0 simulation: N=4 \(F=1, M=3\); Byzantine none; dead 4 \(crashed this height, not counted lost\); views 1\.\.4/);
    expect(r.stdout).toContain("liveness: VIOLATED in run");
    expect(r.stdout).toContain("liveness lock: no honest node has a block");
    expect(r.stdout).toMatch(/commits in view 1 \(commit lock\)/);
    expect(r.stdout).toContain(`saved ${join(out, "lock.json")} (replay: byzopt verify replay ${join(out, "lock.json")})`);
  });

  it("reports a property that holds, with the runs and their rate, exit code 0", () => {
    const r = byzopt(["verify", "dbft", "--n", "4", "--byzantine", "1", "--property", "safety", "--runs", "3000", "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ verdict: "holds", runs: 3000, counterexample: null });
    expect(j.runsPerSecond).toBeGreaterThan(0);
  });

  it("refuses bad input with one line and exit code 2", () => {
    const cases: [string[], RegExp][] = [
      [["--n", "3"], /N must be an integer from 4 to 31/],
      [["--n", "4", "--byzantine", "2", "--dead", "2"], /at least one node must be honest/],
      [["--n", "4", "--byzantine", "-1"], /--byzantine must be an integer >= 0/],
      [["--n", "4", "--property", "fairness"], /Allowed choices are safety, liveness, all/],
      [["--n", "4", "--views", "0"], /views must be an integer from 1 to 24/],
      [["--n", "4", "--runs", "0"], /--runs must be a positive integer/],
    ];
    for (const [args, message] of cases) {
      const r = byzopt(["verify", "dbft", ...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe("byzopt verify trace", () => {
  it("accepts a MILP solution under the model rules and names the rule a corrupted one breaks", () => {
    const file = join(dir.path, "p3.json");
    expect(byzopt(["dbft", "solve", "--n", "4", "--tmax", "5", "--objective", "P3", "--trace", file]).status).toBe(0);
    const ok = byzopt(["verify", "trace", file, "--rules", "model"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/milp trace, N=4, \d+ events: accepted\n {2}model rules: (\d+) of \1 kept/);

    const trace = JSON.parse(readFileSync(file, "utf8"));
    // A receipt from another node at the very step of its send: a message takes at least one step.
    const k = trace.events.findIndex((e: { type: string; from: number; node: number }) => e.type === "receive" && e.from !== e.node);
    trace.events[k].time = trace.events[k].sentAt;
    const bad = join(dir.path, "p3-bad.json");
    writeFileSync(bad, JSON.stringify(trace));
    const r = byzopt(["verify", "trace", bad, "--rules", "model", "--json"]);
    expect(r.status).toBe(1);
    const names = JSON.parse(r.stdout).sets[0].violations.map((v: { rule: string }) => v.rule);
    expect(names.some((n: string) => /Received$/.test(n))).toBe(true);
  });

  it("refuses files that are not traces, and the model rules on a simulator trace", () => {
    const notJson = join(dir.path, "x.json");
    writeFileSync(notJson, "{");
    expect(byzopt(["verify", "trace", notJson]).stderr).toMatch(/malformed JSON/);
    const wrong = join(dir.path, "y.json");
    writeFileSync(wrong, JSON.stringify({ format: "other" }));
    const r = byzopt(["verify", "trace", wrong]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/format must be "byzopt.trace\/1"/);
    expect(byzopt(["verify", "trace", join(dir.path, "missing.json")]).stderr).toMatch(/no such file/);
  });
});
