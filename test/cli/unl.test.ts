import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, tempDir } from "../helpers/cli.js";
import { expectConforms } from "../helpers/schemas.js";
import { GOLDEN_PROGRESS } from "../helpers/unl-golden.js";

const dir = tempDir();
afterAll(() => dir.remove());
const at = (name: string): string => join(dir.path, name);

describe("byzopt unl simulate --mode schwartz", () => {
  it("reproduces the upstream simulator's default run exactly: 631 ms, 74,929 on the wire, 249 per node, six progress lines", () => {
    const r = byzopt(["unl", "simulate"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        ...GOLDEN_PROGRESS,
        "consensus at 631 ms (199/801): 74,929 messages on the wire, 249 sent per node, 194,284 deliveries",
        "UNLs (random): honest pairs share ω min 0.0 %, mean 2.3 %",
        "",
      ].join("\n"),
    );
  });

  it("--json carries the same numbers; --fix-unsigned-state changes them (632 ms, 74,919)", () => {
    const j = JSON.parse(byzopt(["unl", "simulate", "--json"]).stdout);
    expect(j).toMatchObject({ mode: "schwartz", converged: true, timeMs: 631, messagesOnWire: 74929, messagesPerNode: 249, positive: 199, negative: 801 });
    expect(j.progress).toHaveLength(6);
    const fixed = JSON.parse(byzopt(["unl", "simulate", "--fix-unsigned-state", "--json"]).stdout);
    expect([fixed.timeMs, fixed.messagesOnWire, fixed.messagesPerNode]).toEqual([632, 74919, 249]);
  });

  it("--unl-gen core --overlap x: the measured overlap follows the knob, and the same seed writes the same bytes", () => {
    const args = ["unl", "simulate", "--nodes", "200", "--malicious-pct", "10", "--unl-gen", "core", "--overlap", "90", "--json"];
    const a = byzopt(args);
    expect(a.status).toBe(0);
    expect(byzopt(args).stdout).toBe(a.stdout);
    const j = JSON.parse(a.stdout);
    expect(j).toMatchObject({ unlGen: "core", overlapPct: 90, converged: true });
    expect(j.config.malicious).toBe(20);
    expect(j.omega.min).toBeGreaterThan(0.5);
    const low = JSON.parse(byzopt(["unl", "simulate", "--nodes", "200", "--malicious-pct", "10", "--unl-gen", "core", "--overlap", "10", "--json"]).stdout);
    expect(low.omega.mean).toBeLessThan(j.omega.mean);
    const random = JSON.parse(byzopt(["unl", "simulate", "--nodes", "200", "--malicious-pct", "10", "--json"]).stdout);
    expect(random.omega.mean).toBeLessThan(0.2);
  });

  it("--unl-file runs a configuration of yours: the worst-overlap MILP's, Byzantine validators first", () => {
    expect(byzopt(["unl", "worst-overlap", "--nodes", "45", "--unl-size", "20", "--byzantine", "5", "--t", "4", "--unl-out", at("sim-worst.json")]).status).toBe(0);
    const r = byzopt(["unl", "simulate", "--unl-file", at("sim-worst.json"), "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.unlGen).toBe("file");
    expect(j.config.nodes).toBe(45);
    expect(j.config.malicious).toBe(5);
    expect(j.nodeNames.slice(0, 6)).toEqual(["v1", "v2", "v3", "v4", "v5", "v6"]);
    expect(j.converged || j.radioSilence || j.censored).toBe(true);
    const small = at("small.json");
    writeFileSync(small, JSON.stringify({ a: ["b"], b: ["a"] }));
    const bad = byzopt(["unl", "simulate", "--unl-file", small]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/has 2 validators; upstream's draws need UNLs of up to 30/);
    expect(byzopt(["unl", "simulate", "--unl-file", small, "--malicious", "1"]).stderr).toMatch(/--unl-file sets the UNLs and the malicious nodes/);
  });

  it.each([
    [["--overlap", "50"], /--overlap needs --unl-gen core or clusters/],
    [["--unl-gen", "core"], /--unl-gen core needs --overlap/],
    [["--unl-gen", "core", "--overlap", "150"], /--overlap .* is invalid/],
    [["--malicious", "2000"], /--malicious \(2000\) exceeds --nodes \(1000\)/],
    [["--nodes", "20"], /--nodes 20 is too small/],
    [["--malicious-pct", "200"], /--malicious-pct .* is invalid/],
    [["--malicious", "3", "--malicious-pct", "5"], /not both/],
    [["--mode", "rpca", "--consensus-pct", "70"], /--consensus-pct applies to --mode schwartz only/],
    [["--runs", "3", "--svg", "x.svg"], /--runs, --svg apply to --mode rpca only/],
  ])("refuses %j with one line and exit 2", (args, message) => {
    const r = byzopt(["unl", "simulate", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

describe("byzopt unl worst-overlap", () => {
  it("n = 20, t = 4, f = 5: the worst overlap is 12 (60 %), proved, where Theorem 8 needs 19; the LP file solves to the same", () => {
    const r = byzopt(["unl", "worst-overlap", "--nodes", "45", "--unl-size", "20", "--byzantine", "5", "--t", "4", "--json", "--out", at("w.lp"), "--unl-out", at("worst.json")]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ status: "optimal", overlap: 12, quorum: 16, theorem8Needs: 19, csfLine: 8, closedForm: { overlap: 12, applies: true } });
    expectConforms("unl", at("worst.json"));
    const file = JSON.parse(byzopt(["solve", at("w.lp"), "--json"]).stdout);
    expect(file.status).toBe("optimal");
    expect(file.objective).toBe(12);
    // The worst configuration, read back: Theorem 8 fails for the forking pair, the counting bound admits the fork.
    const b = byzopt(["unl", "bounds", "--unl-file", at("worst.json"), "--json"]);
    expect(b.status).toBe(0);
    const bounds = JSON.parse(b.stdout);
    expect(bounds.theorem8.holds).toBe(false);
    expect(bounds.counting.first.some((p: { i: string; j: string }) => p.i === "v6" && p.j === "v7")).toBe(true);
    const text = byzopt(["unl", "worst-overlap", "--nodes", "45", "--unl-size", "20", "--byzantine", "5", "--t", "4"]).stdout;
    expect(text).toMatch(/^worst overlap 12 of 20 \(60 %\), proved\nclosed form O\* = 12; Theorem 8 needs O ≥ 19; csf flags O < 8/);
  });

  it("--model full starts from the pair model's optimum; --strengthen adds the counting cut, same optimum", () => {
    const r = byzopt(["unl", "worst-overlap", "--nodes", "17", "--unl-size", "6", "--byzantine", "5", "--t", "1", "--model", "full", "--strengthen", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: "optimal", overlap: 3, closedForm: { overlap: 3 }, startFromPair: 3, params: { model: "full", strengthen: true } });
  });

  it("reports infeasible when no two disjoint quorums fit", () => {
    const r = byzopt(["unl", "worst-overlap", "--nodes", "20", "--unl-size", "10", "--byzantine", "5"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^infeasible: no two honest-disjoint quorums fit/);
  });
});

describe("byzopt unl bounds", () => {
  it("a full-overlap configuration satisfies Theorem 8 and cannot fork", () => {
    const names = Array.from({ length: 6 }, (_, i) => `n${i}`);
    writeFileSync(at("full.json"), JSON.stringify(Object.fromEntries(names.map((v) => [v, names.filter((w) => w !== v)]))));
    expectConforms("unl", at("full.json"));
    const r = byzopt(["unl", "bounds", "--unl-file", at("full.json")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Theorem 8 \(actual budget\): holds for 30 of 30 ordered honest pairs/);
    expect(r.stdout).toMatch(/counting bound: 0 honest pairs can fork/);
  });

  it.each([
    ['{"a":["b"],"b":["z"]}', /names "z", which is not a validator of the file/],
    ['{"a":[],"b":["a"]}', /validator a trusts nobody/],
    ["not json", /malformed JSON/],
  ])("refuses %s with one line and exit 2", (text, message) => {
    writeFileSync(at("bad.json"), text);
    const r = byzopt(["unl", "bounds", "--unl-file", at("bad.json")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it("worst-overlap refuses a UNL larger than the network, writing nothing", () => {
    const r = byzopt(["unl", "worst-overlap", "--nodes", "10", "--unl-size", "10", "--out", at("no.lp")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/does not fit among 10 validators/);
    expect(existsSync(at("no.lp"))).toBe(false);
    expect(readFileSync(at("full.json"), "utf8")).toContain("n0");
  });
});
