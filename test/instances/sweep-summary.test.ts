import { describe, expect, it } from "vitest";
import { summaryMarkdown } from "../../instances/sweep/summary.js";
import type { SweepRecord } from "../../instances/sweep/run.js";
import { CLOSED_AT_LIMIT } from "../../solvers/closing.js";
import { howItEnded } from "../../solvers/native.js";

const record = (objective: string, status: SweepRecord["status"], value: number, bound: number, message?: string): SweepRecord => ({
  format: "byzopt.sweep-run/1",
  key: `dbft-2-10-25-${objective}-strengthened-auto`,
  instance: "dbft-2-10-25",
  n: 10,
  tmax: 25,
  objective,
  direction: "max",
  deliver: [],
  variant: "strengthened",
  strengthen: ["quorum"],
  solver: "cbc",
  timeLimit: 600,
  model: { rows: 1, cols: 1, nonzeros: 1 },
  status,
  value,
  bound,
  gap: 0,
  seconds: 516,
  nodes: 0,
  blocks: 1,
  views: 10,
  feasible: true,
  modelRulesBroken: [],
  ...(message ? { message } : {}),
});

describe("the sweep's table", () => {
  it("says which optima were closed at the time limit, and counts them as proved", () => {
    const md = summaryMarkdown([record("P1", "optimal", 2000, 2000), record("P5", "optimal", 4244, 4244, `Cbc0020I Exiting on maximum time; ${CLOSED_AT_LIMIT}`), record("P4", "time_limit", -1240, -1260.875)]);
    const row = (p: string) => md.split("\n").find((l) => l.includes(`| ${p} |`))!;
    expect(row("P1")).toMatch(/\| \*\*optimal\*\* \| 2000 \|/);
    expect(row("P5")).toMatch(/\| \*\*optimal\*\* \(bound reached at the limit\) \| 4244 \|/);
    expect(row("P4")).toMatch(/\| time limit \| -1240 \| -1260.875 \|/);
    expect(md).toContain("- strengthened: 2 of 3 runs proved");
  });

  it("names memory as the likely reason of a solver killed from outside, and only then", () => {
    const killed = record("P6", "error", -335, 678, `cbc ended without a solution (${howItEnded({ code: null, signal: "SIGKILL", stoppedBy: null })}): Cbc0010I ...`);
    const crashed = record("P7", "error", -1, 0, "cbc ended without a solution (signal SIGSEGV)");
    const md = summaryMarkdown([killed, crashed]);
    const row = (p: string) => md.split("\n").find((l) => l.includes(`| ${p} |`))!;
    expect(row("P6")).toMatch(/\| error \(out of memory\?\) \| -335 \| 678 \|/);
    expect(row("P7")).toMatch(/\| error \| -1 \|/);
  });
});
