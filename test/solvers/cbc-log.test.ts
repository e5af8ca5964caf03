import { describe, expect, it } from "vitest";
import { parseCbcLine } from "../../solvers/cbc.js";
import { howItEnded, runProgram, scratchDir } from "../../solvers/native.js";

/** Lines copied from CBC 2.10 logs of dbft models (P5 maximises: sign −1). */
describe("reading CBC's log", () => {
  it("the LP relaxation's value is a bound in the model's own sense", () => {
    expect(parseCbcLine("Continuous objective value is 2600 - 185.01 seconds", -1)).toEqual({ bound: 2600, seconds: 185.01 });
    expect(parseCbcLine("Continuous objective value is -1260.875 - 3.5 seconds", 1)).toEqual({ bound: -1260.875, seconds: 3.5 });
  });

  it("progress lines are in CBC's minimising sense and are turned back when maximising", () => {
    expect(parseCbcLine("Cbc0010I After 100 nodes, 42 on tree, -1582 best solution, best possible -4589.1912 (12.34 seconds)", -1)).toEqual({ nodes: 100, incumbent: 1582, bound: 4589.1912, seconds: 12.34 });
    expect(parseCbcLine("Cbc0010I After 0 nodes, 1 on tree, 1e+50 best solution, best possible -4589.1912 (2.00 seconds)", -1)).toMatchObject({ incumbent: null, bound: 4589.1912 });
    expect(parseCbcLine("Cbc0012I Integer solution of -1582 found by RINS after 0 iterations and 0 nodes (1.08 seconds)", -1)).toEqual({ incumbent: 1582, seconds: 1.08 });
    expect(parseCbcLine("Cbc0005I Partial search - best objective -1582 (best possible -4589.1912), took 10970 iterations and 0 nodes (3.34 seconds)", -1)).toEqual({ incumbent: 1582, bound: 4589.1912, nodes: 0, seconds: 3.34 });
    expect(parseCbcLine("Cbc0012I Integer solution of -1240 found by DiveCoefficient after 0 iterations and 0 nodes (9.00 seconds)", 1)).toEqual({ incumbent: -1240, seconds: 9 });
    expect(parseCbcLine("Cgl0004I processed model has 27569 rows, 17133 columns", -1)).toBeNull();
  });

  it("with a MIP start, the bound keeps CBC's sense where the incumbent does not", () => {
    // dbft-2-10-25 P5 (strengthened) from a start worth 4244: the LP relaxation gives 4311, root cuts 4244.
    // The incumbent in this line is printed in the model's sense, which is why runCbc ignores it then.
    expect(parseCbcLine("Continuous objective value is 4311 - 65.79 seconds", -1)).toEqual({ bound: 4311, seconds: 65.79 });
    expect(parseCbcLine("Cbc0005I Partial search - best objective 4244 (best possible -4244), took 18533 iterations and 0 nodes (523.55 seconds)", -1)).toMatchObject({ bound: 4244 });
  });
});

describe("a native program's log tail", () => {
  it("names the scratch directory, not where this machine put it", async () => {
    const dir = scratchDir("byzopt-test-");
    try {
      const run = await runProgram("echo", [`opening mipstart file ${dir.path}/start.sol.`], { scratch: dir.path });
      expect(run.tail).toBe("opening mipstart file <scratch>/start.sol.");
    } finally {
      dir.remove();
    }
  });
});

describe("how a solver program ended", () => {
  it("a SIGKILL nobody here sent is named as the likely out-of-memory kill; ours and other signals are not", async () => {
    // The shell kills itself the way the kernel's OOM killer kills CBC on dbft-2-19-25.
    const killed = await runProgram("sh", ["-c", "kill -KILL $$"], {});
    expect(killed.signal).toBe("SIGKILL");
    expect(howItEnded(killed)).toMatch(/out-of-memory/);
    expect(howItEnded({ code: null, signal: "SIGKILL", stoppedBy: "abort" })).toBe("signal SIGKILL");
    expect(howItEnded({ code: null, signal: "SIGSEGV", stoppedBy: null })).toBe("signal SIGSEGV");
    expect(howItEnded({ code: 3, signal: null, stoppedBy: null })).toBe("exit 3");
  });
});
