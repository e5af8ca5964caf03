import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, tempDir } from "../helpers/cli.js";

// The sweep's start options (--warm-start, --reuse-solutions, --polish) end to end; moved here from
// test/cli/sweep.test.ts to keep `make test` under its 10 minutes. Time limits are caps, never what a test
// decides by: each run is proved in seconds, and the tests assert proved results.
const dir = tempDir();
afterAll(() => dir.remove());
const CAP = "600";
const record = (out: string, file: string) => JSON.parse(readFileSync(join(out, file), "utf8"));

describe("byzopt sweep: starting runs from other runs", () => {
  it("--warm-start solves the shorter horizon first, starts the run from it and counts its time", () => {
    const d = join(dir.path, "warm");
    const args = ["sweep", "--instances", "4,5 4,10", "--objectives", "P1", "--strengthen", "--time-limit", CAP, "--out", d];
    const r = byzopt([...args, "--warm-start", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const [five, ten] = JSON.parse(r.stdout);
    expect(five.warmStart).toBeUndefined(); // no horizon shorter than 5 to start from
    expect(ten).toMatchObject({ instance: "dbft-2-4-10", status: "optimal", value: 1400, feasible: true, modelRulesBroken: [] });
    expect(ten.warmStart).toMatchObject({ from: "dbft-2-4-5", tmax: 5, solver: "highs", status: "optimal", value: 1400, startValue: 1400, used: true });
    expect(ten.seconds).toBeGreaterThan(ten.warmStart.seconds);
    expect(r.stderr).toContain("dbft-2-4-10-P1-strengthened-auto: optimal  value 1400");
    expect(r.stderr).toContain("(highs, start 1400 from tmax 5)");
    expect(readFileSync(join(d, "summary.md"), "utf8")).toContain("| highs (start 1400 from tmax 5) |");
    const csv = readFileSync(join(d, "summary.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toMatch(/,start_from,start_value,start_seconds,polished_value$/);
    expect(csv[2]).toMatch(/,dbft-2-4-5,1400,\d+\.\d{3},$/);
    // An unproved result counts as done only when it was started the same way.
    const file = join(d, "dbft-2-4-10-P1-strengthened-auto.json");
    const { warmStart: _, ...cold } = ten;
    writeFileSync(file, JSON.stringify({ ...cold, status: "time_limit" }));
    expect(byzopt([...args, "--warm-start", "--dry-run"]).stdout).toContain("dbft-2-4-10-P1-strengthened-auto  to run");
    expect(byzopt([...args, "--dry-run"]).stdout).toContain("dbft-2-4-10-P1-strengthened-auto  done");
    writeFileSync(file, JSON.stringify(cold));
    expect(byzopt([...args, "--warm-start", "--dry-run"]).stdout).toContain("dbft-2-4-10-P1-strengthened-auto  done");
  });

  it("--reuse-solutions starts a run from another objective's saved execution, and from the shorter run's own without solving it again", () => {
    const d = join(dir.path, "reuse");
    const common = ["--strengthen", "--solver", "highs", "--time-limit", CAP, "--out", d];
    expect(byzopt(["sweep", "--instances", "4,4", "--objectives", "P1,P7", ...common]).status).toBe(0);
    const r = byzopt(["sweep", "--instances", "4,6", "--objectives", "P1,P4", ...common, "--warm-start", "4", "--reuse-solutions", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const [p1, p4] = JSON.parse(r.stdout);
    const saved = (key: string) => record(d, `${key}.json`);
    // P1 at tmax 6: its tmax-4 run is saved, so it is not solved again; the pool scores it as the start.
    expect(p1.warmStart).toMatchObject({ from: "dbft-2-4-4", tmax: 4, seconds: 0, status: "optimal", value: saved("dbft-2-4-4-P1-strengthened-highs").value, note: expect.stringContaining("not solved again") });
    expect(p1).toMatchObject({ status: "optimal", value: 1400, feasible: true, modelRulesBroken: [] });
    expect(p1.pool.candidates.map((c: { key: string }) => c.key)).toEqual(["dbft-2-4-4-P1-strengthened-highs", "dbft-2-4-4-P7-strengthened-highs"]);
    // P4 at tmax 6: no P4 run at tmax 4 was saved, so that one is solved; the best start of all is handed over.
    expect(p4.warmStart).toMatchObject({ from: "dbft-2-4-4", seconds: expect.any(Number) });
    expect(p4.warmStart.seconds).toBeGreaterThan(0);
    const values = [...p4.pool.candidates.map((c: { value: number }) => c.value), ...(p4.warmStart.startValue === null ? [] : [p4.warmStart.startValue])];
    const best = Math.min(...values);
    expect(p4.status).toBe("optimal");
    expect(p4.value).toBeLessThanOrEqual(best);
    const note = p4.pool.used ? `start ${best} from ${p4.pool.used.replace(/^(dbft-2-4-\d+)-(P\d)-.*$/, "$1 $2")}` : `start ${best} from tmax 4`;
    expect(r.stderr).toContain(`dbft-2-4-6-P4-strengthened-highs: optimal  value ${p4.value}`);
    expect(readFileSync(join(d, "summary.md"), "utf8")).toContain(`| highs (${note}) |`);
  });

  it("--polish improves the reused start before the full solve; the record, the table and the CSV say so", () => {
    const d = join(dir.path, "polish");
    // The polish gets 10% of the cap (60 s); its windows take a few seconds in all.
    const common = ["--instances", "4,5", "--strengthen", "--solver", "highs", "--time-limit", CAP, "--out", d];
    expect(byzopt(["sweep", ...common, "--objectives", "P7"]).status).toBe(0);
    const r = byzopt(["sweep", ...common, "--objectives", "P1", "--reuse-solutions", "--polish", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const [p1] = JSON.parse(r.stdout);
    expect(p1.pool.used).toBe("dbft-2-4-5-P7-strengthened-highs");
    expect(p1.polish).toMatchObject({ from: p1.pool.value, value: 1400 });
    expect(p1.polish.windows % 5).toBe(0); // whole passes over the 5 windows of N = 4
    expect(p1.polish.improvements.length).toBeGreaterThan(0);
    expect(p1).toMatchObject({ status: "optimal", value: 1400, feasible: true, modelRulesBroken: [] });
    expect(r.stderr).toContain(`(highs, start ${p1.pool.value} from dbft-2-4-5 P7, polished to 1400)`);
    expect(readFileSync(join(d, "summary.md"), "utf8")).toContain(`| highs (start ${p1.pool.value} from dbft-2-4-5 P7, polished to 1400) |`);
    const csv = readFileSync(join(d, "summary.csv"), "utf8").trim().split("\n");
    expect(csv.find((l) => l.startsWith("dbft-2-4-5,4,5,P1,"))).toMatch(/,dbft-2-4-5-P7-strengthened-highs,-?\d+,\d+\.\d{3},1400$/);
  });

});
