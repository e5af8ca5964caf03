import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, tempDir } from "../helpers/cli.js";

// Moved from test/cli/dbft.test.ts to keep `make test` well under 10 minutes: each solves dbft-2-4-6 or
// dbft-2-4-5 to the proof, twice. `make test` still runs both options end to end through `byzopt sweep`
// on dbft-2-4-3 (test/cli/sweep.test.ts), and test/long/sweep-starts.long.ts at dbft-2-4-5 and 4-10.
const dir = tempDir();
afterAll(() => dir.remove());

describe("byzopt dbft solve --warm-start (long)", () => {
  it("starts from the shorter horizon's solution, says so, and counts its time", () => {
    // Strengthened dbft-2-4-6 P5: the warm start at tmax 5 is proved at 1582, and so is the run from it;
    // no limit, so nothing here depends on the machine's speed.
    const r = byzopt(["dbft", "solve", "--n", "4", "--tmax", "6", "--objective", "P5", "--strengthen", "--warm-start", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.warmStart).toMatchObject({ from: "dbft-2-4-5", tmax: 5, solver: "highs", status: "optimal", value: 1582, startValue: 1582, used: true });
    expect(j).toMatchObject({ status: "optimal", objective: 1582, check: { feasible: true } });
    expect(j.seconds).toBeGreaterThan(j.warmStart.seconds);
    // At 4 steps per view no block is possible (P2 = -100: one view, no block); CBC goes on from there.
    const text = byzopt(["dbft", "solve", "--n", "4", "--tmax", "7", "--objective", "P2", "--strengthen", "--warm-start", "4", "--solver", "cbc"]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout.split("\n")[1]).toMatch(/^started from dbft-2-4-4 \(optimal -100, \d+\.\d s\): start -100$/);
    expect(text.stdout).toContain("optimal (proved)   objective 900");
  });

});

describe("byzopt dbft solve --polish (long)", () => {
  it("--polish turns P7's view changes into P1's block and says what it did; it needs a start", () => {
    const flood = join(dir.path, "p7-4-5.sol.gz");
    expect(byzopt(["dbft", "solve", "--n", "4", "--tmax", "5", "--objective", "P7", "--strengthen", "--save-solution", flood]).status).toBe(0);
    // No --time-limit: the full solve has none, and the polish stops when a pass improves nothing, within
    // its default 60 s cap (it takes a few seconds here).
    const args = ["dbft", "solve", "--n", "4", "--tmax", "5", "--objective", "P1", "--strengthen", "--start", flood, "--polish"];
    const r = byzopt([...args, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.polish.from).toBe(j.start.value);
    expect(j.polish.value).toBe(1400); // dbft-2-4-5 P1: one block, four views
    expect(j).toMatchObject({ status: "optimal", objective: 1400, blocks: 1, views: 4, check: { feasible: true } });
    expect(j.seconds).toBeGreaterThanOrEqual(j.polish.seconds);
    const text = byzopt(args);
    expect(text.stdout.split("\n")[2]).toMatch(new RegExp(`^polished ${j.start.value} -> 1400 in \\d+\\.\\d s: \\d+ of \\d+ windows improved it \\(views? [\\d, -]+`));
    const alone = byzopt(["dbft", "solve", "--n", "4", "--tmax", "5", "--objective", "P1", "--polish"]);
    expect(alone.status).toBe(2);
    expect(alone.stderr.trim()).toBe("error: --polish improves a start: give --warm-start or --start too");
  });

});
