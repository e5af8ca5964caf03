import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, tempDir } from "../helpers/cli.js";
import { checkWellFormed as checkSvg } from "../helpers/svg-check.js";

const dir = tempDir();
afterAll(() => dir.remove());
const at = (name: string): string => join(dir.path, name);

describe("byzopt forking theory", () => {
  it("prints T(j) and the curves; --json has the golden values; --csv and --svg are written", () => {
    const r = byzopt(["forking", "theory", "--n", "8", "--beta", "1", "--json", "--csv", at("th.csv"), "--svg", at("th.svg")]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.T).toEqual([1, 2, 3.5, 5]);
    expect(j.I[4]).toBeCloseTo(19.4, 1);
    expect(j.FR[16]).toBeCloseTo(0.0097, 4);
    expect(readFileSync(at("th.csv"), "utf8").split("\n")[0]).toBe("t,I,fr,FR,theta");
    checkSvg(readFileSync(at("th.svg"), "utf8"));
    const min = JSON.parse(byzopt(["forking", "theory", "--n", "8", "--apt", "min", "--json"]).stdout);
    expect(min.T).toEqual([1, 2, 3, 4.5]);
    const text = byzopt(["forking", "theory", "--n", "16", "--beta", "10", "--delta", "1.1"]);
    expect(text.stdout).toMatch(/^T\(j\), j = 0\.\.4: 1\.1, 2\.2, 3\.3, 5\.5, 9\.9/);
  });
});

describe("byzopt forking simulate", () => {
  it("the same seed writes the same bytes; --run r replays run r alone", () => {
    const args = ["forking", "simulate", "--n", "8", "--runs", "5", "--seed", "7", "--json"];
    const a = byzopt([...args, "--events", at("ev-a.json")]);
    const b = byzopt([...args, "--events", at("ev-b.json")]);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(readFileSync(at("ev-a.json"))).toEqual(readFileSync(at("ev-b.json")));
    const events = JSON.parse(readFileSync(at("ev-a.json"), "utf8"));
    expect(events.runs).toHaveLength(5);
    expect(events.runs[0].events).toHaveLength(145);
    expect(events.runs[0].events[0]).toEqual({ t: 0, node: 72, from: null, link: null });
    const alone = byzopt(["forking", "simulate", "--n", "8", "--seed", "7", "--run", "3", "--events", at("ev-3.json")]);
    expect(alone.status).toBe(0);
    expect(JSON.parse(readFileSync(at("ev-3.json"), "utf8")).runs[0]).toEqual(events.runs[3]);
    const other = byzopt(["forking", "simulate", "--n", "8", "--runs", "5", "--seed", "8", "--json"]);
    expect(other.stdout).not.toBe(a.stdout);
    const s = JSON.parse(a.stdout);
    expect(s.nodes).toBe(145);
    expect(s.meanShortLinks).toBe(256);
    for (let i = 0; i < s.grid.length; i++) expect(s.simulated.I[i]).toBeGreaterThanOrEqual(Math.min(145, 2 * i * i + 2 * i + 1));
  });

  it("--coupled: the same seed at β = 1 and β = 10 gives nested graphs, so β = 1 informs at least as many at every t", () => {
    const run = (beta: string) => {
      const r = byzopt(["forking", "simulate", "--n", "6", "--beta", beta, "--long", "all", "--coupled", "--runs", "8", "--seed", "4", "--events", at(`coupled-${beta}.json`)]);
      expect(r.status).toBe(0);
      return JSON.parse(readFileSync(at(`coupled-${beta}.json`), "utf8")).runs as { longLinks: number; curve: number[] }[];
    };
    const small = run("1");
    const large = run("10");
    small.forEach((r, k) => {
      expect(r.longLinks).toBeGreaterThanOrEqual(large[k].longLinks);
      r.curve.forEach((c, i) => expect(c).toBeGreaterThanOrEqual(large[k].curve[i]));
    });
    expect(small.some((r, k) => r.curve.some((c, i) => c > large[k].curve[i]))).toBe(true);
  });

  it("runs on a user's network (--topology, --creator) and draws the curve", () => {
    writeFileSync(at("net.txt"), "# a ring of four and a chord\nhub a 1\na b 1\nb c 1\nc hub 1\nhub b 3\n");
    const r = byzopt(["forking", "simulate", "--topology", at("net.txt"), "--creator", "hub", "--runs", "1", "--t-max", "3", "--json", "--svg", at("net.svg"), "--events", at("net-ev.json")]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.nodes).toBe(4);
    expect(s.simulated.I).toEqual([1, 3, 4, 4]);
    // π_u = 1/(B·N) with the file's N = 4, not a lattice's: fr(0) = 1 − e^{−3/2400}.
    expect(s.simulated.fr[0]).toBeCloseTo(-Math.expm1(-3 / 2400), 12);
    const ev = JSON.parse(readFileSync(at("net-ev.json"), "utf8")).runs[0].events;
    expect(ev.map((e: { node: string }) => e.node)).toEqual(["hub", "a", "c", "b"]);
    checkSvg(readFileSync(at("net.svg"), "utf8"));
  });

  it.each([
    [["--n", "0"], /n must be an integer ≥ 1, got 0/],
    [["--beta", "-1"], /--beta .* is invalid/],
    [["--dl", "-1"], /--dl .* is invalid/],
    [["--delay", "pareto"], /--delay .*Allowed choices are fixed, exp/],
    [["--topology", "MISSING"], /cannot read missing.txt: no such file/],
    [["--topology", "BAD"], /BAD.txt:2: the delay must be a positive number, got "-4"/],
    [["--creator", "x"], /--creator needs --topology/],
    [["--frobnicate"], /unknown option '--frobnicate'/],
  ])("bad input %j: one line on stderr, exit 2, nothing written", (args, message) => {
    writeFileSync(at("BAD.txt"), "a b 1\nb c -4\n");
    const fixed = args.map((a) => (a === "MISSING" ? at("missing.txt") : a === "BAD" ? at("BAD.txt") : a));
    const csv = at(`bad-${args.join("")}.csv`);
    const r = byzopt(["forking", "simulate", ...fixed, "--runs", "2", "--csv", csv]);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr.replace(dir.path + "/", "")).toMatch(message);
    expect(existsSync(csv)).toBe(false);
  });
});

describe("byzopt forking figures and check", () => {
  it("figures writes Figs. 4–10 as SVG with their CSV, the same bytes on two worker threads and on one", () => {
    const args = (out: string) => ["forking", "figures", "--out", out, "--runs", "4", "--seed", "2"];
    expect(byzopt([...args(at("figs-a")), "--jobs", "2"]).status).toBe(0);
    // figs-b as a grid: two shards keep their records, the merge draws the figures.
    for (const i of [1, 2]) expect(byzopt([...args(at("figs-b")), "--jobs", "1", "--records", at("figs-rec"), "--shard", `${i}/2`]).status).toBe(0);
    expect(byzopt([...args(at("figs-b")), "--records", at("figs-rec"), "--summarize-only"]).status).toBe(0);
    const files = readdirSync(at("figs-a")).sort();
    for (const k of [4, 5, 6, 7, 8, 9, 10]) expect(files).toContain(`fig${k}.svg`);
    expect(files).toContain("gaps-adjacent.svg");
    for (const f of files) expect(readFileSync(join(at("figs-a"), f)), f).toEqual(readFileSync(join(at("figs-b"), f)));
    const fig4 = readFileSync(join(at("figs-a"), "fig4.svg"), "utf8");
    checkSvg(fig4);
    for (const panel of ["(a) β=1, N=145", "(b) β=1, N=545", "(c) β=10, N=145", "(d) β=10, N=545"]) expect(fig4).toContain(panel);
    const csv = readFileSync(join(at("figs-a"), "fig9.csv"), "utf8").split("\n");
    expect(csv[0]).toBe("figure,panel,series,kind,t,value");
    expect(csv.filter((l) => l.includes(",simulation,")).length).toBeGreaterThan(0);
  });

  it("check --json: consistent, exit 0, and VI.1 reported contradicted for --apt literal", () => {
    const r = byzopt(["forking", "check", "--runs", "5", "--coupled-runs", "5", "--link-seeds", "100", "--mc-trials", "2000", "--long-modes", "adjacent", "--json", "--out", at("check.md"), "--csv", at("check.csv"), "--svg", at("check.svg")]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.consistent).toBe(true);
    const vi1 = j.items.find((i: { name: string }) => /^VI\.1 .*--apt literal, n=8/.test(i.name));
    expect(vi1.verdict).toBe("contradicted");
    const md = readFileSync(at("check.md"), "utf8");
    expect(md).toMatch(/CONTRADICTED {2}VI\.1/);
    expect(md).toMatch(/Internal consistency: all held/);
    const csv = readFileSync(at("check.csv"), "utf8").trimEnd().split("\n");
    expect(csv[0]).toBe("section,name,verdict,detail");
    expect(csv).toHaveLength(j.items.length + 1);
    const svg = readFileSync(at("check.svg"), "utf8");
    checkSvg(svg);
    expect(svg).toContain("--apt literal");
  });
});
