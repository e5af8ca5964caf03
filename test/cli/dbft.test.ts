import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, byzoptInProcess, tempDir } from "../helpers/cli.js";
import { expectConforms } from "../helpers/schemas.js";

const dir = tempDir();
afterAll(() => dir.remove());
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("byzopt dbft stats", () => {
  it("--json prints exactly the seven counts of Table 1", () => {
    const r = byzopt(["dbft", "stats", "--n", "4", "--tmax", "5", "--json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toStrictEqual({ vars: 1722, binaries: 1700, integers: 22, constraints: 2838, equalities: 611, inequalities: 2227, nonzeros: 11708 });
    expect(Object.keys(JSON.parse(r.stdout))).toEqual(["vars", "binaries", "integers", "constraints", "equalities", "inequalities", "nonzeros"]);
  });

  it("counts the delivery rows and the message counters", () => {
    const r = byzopt(["dbft", "stats", "--n", "4", "--tmax", "5", "--objective", "P4", "--deliver", "3,4", "--json"]);
    // +3 equalities for w3 ≠ 0, +2·M(M−1)N = 48 delivery rows.
    expect(JSON.parse(r.stdout)).toMatchObject({ constraints: 2838 + 3 + 48, equalities: 611 + 3 });
  });

  it("text output names the instance and lists families on request", () => {
    const r = byzopt(["dbft", "stats", "--n", "4", "--tmax", "5", "--families"]);
    expect(r.stdout).toContain("dbft-2-4-5");
    expect(r.stdout).toMatch(/prepReqReceived\s+<=\s+192\s+/);
  });
});

describe("byzopt dbft generate", () => {
  it("writes an LP file, the same bytes each time, format taken from the extension", () => {
    const a = join(dir.path, "a.lp");
    const b = join(dir.path, "b.lp");
    expect(byzopt(["dbft", "generate", "--n", "4", "--tmax", "5", "--objective", "P3", "--out", a]).status).toBe(0);
    expect(byzopt(["dbft", "generate", "--n", "4", "--tmax", "5", "--objective", "P3", "--out", b]).status).toBe(0);
    expect(sha(a)).toBe(sha(b));
    const text = readFileSync(a, "utf8");
    expect(text.split("\n").slice(0, 6).join("\n")).toContain("\\ objective P3: min 1000·blocks + 100·views + 0·messages");
    expect(text).toContain("\nMinimize\n");
  });

  it("writes MPS by extension or --format, and reports it with --json", () => {
    const m = join(dir.path, "m.mps");
    const r = byzopt(["dbft", "generate", "--n", "4", "--tmax", "3", "--weights", "1,2,3", "--direction", "max", "--out", m, "--json"]);
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({ path: m, format: "mps", bytes: readFileSync(m).length });
    expect(readFileSync(m, "utf8")).toContain("NAME dbft-2-4-3 FREE\n");
    const x = join(dir.path, "m.txt");
    expect(byzopt(["dbft", "generate", "--n", "4", "--tmax", "3", "--format", "mps", "--out", x]).status).toBe(0);
    expect(readFileSync(x, "utf8")).toContain("ENDATA");
  });
});

describe("bad input: one line on stderr, exit code 2, nothing written", () => {
  const cases: [string, string[], RegExp][] = [
    ["N below 4", ["--n", "3", "--tmax", "5"], /N must be an integer >= 4/],
    ["N not a number", ["--n", "four", "--tmax", "5"], /--n <N>.*expected an integer/],
    ["tmax below 2", ["--n", "4", "--tmax", "1"], /tmax must be an integer >= 2/],
    ["unknown preset", ["--n", "4", "--tmax", "5", "--objective", "P8"], /unknown objective preset "P8"/],
    ["weights not numbers", ["--n", "4", "--tmax", "5", "--weights", "1,x,3", "--direction", "max"], /--weights.*expected comma-separated numbers/],
    ["two weights", ["--n", "4", "--tmax", "5", "--weights", "1,2", "--direction", "max"], /three numbers/],
    ["weights without direction", ["--n", "4", "--tmax", "5", "--weights", "1,2,3"], /--weights needs --direction/],
    ["bad direction", ["--n", "4", "--tmax", "5", "--weights", "1,2,3", "--direction", "up"], /--direction must be min or max/],
    ["preset and weights", ["--n", "4", "--tmax", "5", "--objective", "P1", "--weights", "1,2,3", "--direction", "max"], /either --objective or --weights/],
    ["unknown delivery property", ["--n", "4", "--tmax", "5", "--deliver", "2,5"], /unknown delivery property 5/],
    ["missing --tmax", ["--n", "4"], /required option '--tmax <T>'/],
  ];
  for (const [what, args, message] of cases) {
    // In this process (the same parsing and exit codes as the binary): a Node start apiece would cost seconds.
    it(what, async () => {
      const out = join(dir.path, `bad-${what.replace(/\W+/g, "-")}.lp`);
      const r = await byzoptInProcess(["dbft", "generate", ...args, "--out", out]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("an unwritable --out", () => {
    for (const out of ["/dev/null/x.lp", join(dir.path, "no-such-dir", "x.lp")]) {
      const r = byzopt(["dbft", "generate", "--n", "4", "--tmax", "5", "--out", out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^error: cannot write .*x\.lp: (a parent is not a directory|no such directory)\n$/);
    }
  });

  it("an --out that is a directory leaves no temporary file behind", () => {
    const target = join(dir.path, "a-directory.lp");
    mkdirSync(target);
    writeFileSync(join(target, "keep"), "x");
    const r = byzopt(["dbft", "generate", "--n", "4", "--tmax", "3", "--out", target]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot write/);
    expect(readdirSync(dir.path).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(readdirSync(target)).toEqual(["keep"]);
  });

  it("an unknown solver or command", () => {
    const s = byzopt(["dbft", "solve", "--n", "4", "--tmax", "5", "--solver", "gurobi"]);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/Allowed choices are highs/);
    const c = byzopt(["dbft", "sovle"]);
    expect(c.status).toBe(2);
    expect(c.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(c.stderr).toMatch(/Did you mean solve\?/);
  });
});

describe("byzopt dbft solve", () => {
  it("--json reports a proved optimum with blocks and views, silently on a non-terminal stderr", () => {
    const trace = join(dir.path, "p3.trace.json");
    const r = byzopt(["dbft", "solve", "--n", "4", "--tmax", "5", "--objective", "P3", "--json", "--trace", trace]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ instance: "dbft-2-4-5", solver: "highs", status: "optimal", objective: 100, gap: 0, blocks: 0, views: 1 });
    expect(typeof j.seconds).toBe("number");
    expect(j.bound).toBeCloseTo(100, 6);
    expectConforms("trace", trace);
    const t = JSON.parse(readFileSync(trace, "utf8"));
    expect(t.format).toBe("byzopt.trace/1");
    expect(t.source).toBe("milp");
    expect(t.events.filter((e: { type: string }) => e.type === "relay")).toEqual([]);
    expect(t.events.length).toBeGreaterThan(0);
    expect(t.meta.status).toBe("optimal");
  });

  it("text output shows the result line and the timeline of every started view", () => {
    const r = byzopt(["dbft", "solve", "--n", "4", "--tmax", "5", "--objective", "P3"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^dbft-2-4-5 {2}P3: min 1000·blocks \+ 100·views \+ 0·messages\noptimal \(proved\) {3}objective 100 {3}bound 100 {3}gap 0%/);
    expect(r.stdout).toMatch(/\nView 1: primary node \d/);
    expect(r.stdout).toMatch(/ {2}t=2 {2}node \d.* sends PrepareRequest/);
    expect(r.stdout).not.toContain("warning");
  });

  it("a node-limited run is reported with incumbent, bound and gap, and exit code 0", () => {
    // dbft-2-4-5 P2 (paper's model) is 900; after its first node HiGHS has an incumbent and a bound above it.
    const r = byzopt(["dbft", "solve", "--n", "4", "--tmax", "5", "--objective", "P2", "--node-limit", "1", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ status: "node_limit", nodes: 1, check: { feasible: true } });
    expect(j.objective).toBeLessThanOrEqual(900);
    expect(j.bound).toBeGreaterThan(900);
    expect(j.gap).toBeCloseTo((j.bound - j.objective) / Math.abs(j.objective), 9);
    // The text form, and the same answer twice, are checked on a cheaper model in solve-file.test.ts.
  });

  it("--node-limit is refused with a backend that has none, and must be a whole number", () => {
    const glpk = byzopt(["dbft", "solve", "--n", "4", "--tmax", "3", "--node-limit", "5", "--solver", "glpk"]);
    expect(glpk.status).toBe(2);
    expect(glpk.stderr.trim()).toBe("error: glpk cannot stop at a node limit; use highs or cbc, or a time limit");
    const half = byzopt(["dbft", "solve", "--n", "4", "--tmax", "3", "--node-limit", "2.5"]);
    expect(half.status).toBe(2);
    expect(half.stderr.trim()).toBe("error: option '--node-limit <nodes>' argument '2.5' is invalid. expected an integer.");
  });
});

describe("byzopt dbft solve --warm-start", () => {
  it("refuses a horizon that is not shorter, and a backend without starts, with exit code 2", () => {
    for (const [args, message] of [
      [["--warm-start", "10"], "error: --warm-start 10 needs fewer steps per view than --tmax 10"],
      [["--warm-start", "1"], "error: option '--warm-start [tmax]' argument '1' is invalid. expected a horizon of at least 2 steps per view."],
      [["--warm-start", "--solver", "glpk"], "error: --warm-start: glpk takes no MIP start; use highs or cbc"],
    ] as const) {
      const r = byzopt(["dbft", "solve", "--n", "4", "--tmax", "10", "--objective", "P1", ...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim()).toBe(message);
      expect(r.stdout).toBe("");
    }
  });
});

describe("byzopt dbft solve --start and --save-solution", () => {
  const saved = join(dir.path, "p7.sol.gz");
  const solveP7 = () => byzopt(["dbft", "solve", "--n", "4", "--tmax", "4", "--objective", "P7", "--strengthen", "--save-solution", saved, "--json"]);

  it("saves the solution, the same bytes each time; --start hands another objective's execution to the solver", () => {
    const r7 = solveP7();
    expect(r7.status, r7.stderr).toBe(0);
    const p7 = JSON.parse(r7.stdout);
    const bytes = readFileSync(saved);
    expect(bytes[0]).toBe(0x1f); // gzip, as the name says
    expect(solveP7().status).toBe(0);
    expect(readFileSync(saved).equals(bytes)).toBe(true);
    // P7 = 1000·blocks − 100·views − messages and P4 = 1000·blocks + 100·views − messages: the same
    // execution is worth P7 + 200·views under P4, at tmax 4 as at tmax 6 (idle steps added).
    const r4 = byzopt(["dbft", "solve", "--n", "4", "--tmax", "6", "--objective", "P4", "--strengthen", "--start", saved, "--save-solution", join(dir.path, "p4.sol"), "--json"]);
    expect(r4.status, r4.stderr).toBe(0);
    const p4 = JSON.parse(r4.stdout);
    expect(p4.start).toEqual({ file: saved, value: p7.objective + 200 * p7.views, used: true });
    expect(p4).toMatchObject({ status: "optimal", check: { feasible: true } });
    expect(p4.objective).toBeLessThanOrEqual(p4.start.value);
    expect(readFileSync(join(dir.path, "p4.sol"), "utf8")).toMatch(/^# byzopt\.solution\/1\n# instance dbft-2-4-6\n# objective P4\n# status optimal\n# value -?\d+\n[A-Za-z]/);
    const text = byzopt(["dbft", "solve", "--n", "4", "--tmax", "5", "--objective", "P4", "--strengthen", "--start", saved]);
    expect(text.stdout.split("\n")[1]).toBe(`started from ${saved}: start ${p4.start.value}`);
  });

  // --warm-start and --polish solving to the end: test/long/dbft-cli-starts.long.ts (make test runs both
  // options end to end through `byzopt sweep`).

  it("refuses a start of another N, a longer horizon, a broken point or no solution file, with exit code 2", () => {
    const junk = join(dir.path, "junk.sol");
    writeFileSync(junk, "# byzopt.solution/1\n# instance dbft-2-4-4\nPrimary(9,9) 1\n");
    // A block relayed in view 1 with nothing sent: placed, but no execution.
    const broken = join(dir.path, "broken.sol");
    writeFileSync(broken, "# byzopt.solution/1\n# instance dbft-2-4-4\nblockRelayed(1) 1\n");
    const out = join(dir.path, "never.sol");
    for (const [args, message] of [
      [["--n", "5", "--tmax", "6", "--start", saved], `error: --start ${saved} is a solution of dbft-2-4-4: it needs --n 4, not 5`],
      [["--n", "4", "--tmax", "3", "--start", saved], `error: --start ${saved} is a solution of dbft-2-4-4: it needs --tmax 4 or more, not 3`],
      [["--n", "4", "--tmax", "5", "--start", junk], `error: --start ${junk} is not a solution of dbft-2-4-5: column Primary(9,9) has no counterpart: the models differ in more than the horizon`],
      [["--n", "4", "--tmax", "5", "--start", broken, "--strengthen"], `error: --start ${broken} is not a solution of dbft-2-4-5 (strengthened): breaks cutQuorumCommitsPerBlock(1)`],
      [["--n", "4", "--tmax", "5", "--start", join(dir.path, "none.sol")], `error: cannot read ${join(dir.path, "none.sol")}: no such file`],
      [["--n", "4", "--tmax", "5", "--start", saved, "--solver", "glpk"], "error: --start: glpk takes no MIP start; use highs or cbc"],
    ] as const) {
      const r = byzopt(["dbft", "solve", "--objective", "P4", ...args, "--save-solution", out]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim()).toBe(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe("byzopt dbft solve with other backends and pictures", () => {
  it("--solver cbc proves the same optimum and draws one arrow per received message", () => {
    const svg = join(dir.path, "p3.svg");
    const html = join(dir.path, "p3.html");
    const trace = join(dir.path, "p3-cbc.json");
    const r = byzopt(["dbft", "solve", "--n", "4", "--tmax", "5", "--objective", "P3", "--solver", "cbc", "--json", "--svg", svg, "--html", html, "--trace", trace]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ solver: "cbc", status: "optimal", objective: 100, check: { feasible: true } });
    const receipts = JSON.parse(readFileSync(trace, "utf8")).events.filter((e: { type: string; node: number; from: number }) => e.type === "receive" && e.from !== e.node).length;
    const picture = readFileSync(svg, "utf8");
    expect(picture.startsWith("<svg")).toBe(true);
    expect(picture.match(/class="msg"/g)?.length).toBe(receipts);
    const page = readFileSync(html, "utf8");
    expect(page).toContain(picture.trim());
    expect(page).toContain("optimal (proved)");
    expect(page).toContain("View 1: primary node");
  });

  it("asked for a picture of an infeasible model: prints the verdict, writes nothing, exit code 1", () => {
    const svg = join(dir.path, "none.svg");
    const r = byzopt(["dbft", "solve", "--n", "4", "--tmax", "3", "--deliver", "1,2,3,4", "--svg", svg]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^dbft-2-4-3 .*\ninfeasible/);
    expect(r.stderr).toBe(`error: no solution (status infeasible), so nothing was written to ${svg}\n`);
    expect(existsSync(svg)).toBe(false);
  });
});
