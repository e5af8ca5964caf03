import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams } from "../../formulations/dbft2/index.js";
import { writeLp } from "../../solvers/lp-writer.js";
import { StringSink } from "../../solvers/text-sink.js";
import { ROOT, tempDir } from "../helpers/cli.js";
import { parseLpRows } from "../helpers/lp-parse.js";

/**
 * bench/baseline/dbft2.mod states the same MILP a second time, in GNU MathProg, written apart from the
 * TypeScript builder. GLPK's translator turns it into LP text; every row must equal ours: same name,
 * sense, right-hand side and coefficients.
 */
const dir = tempDir();
afterAll(() => dir.remove());

for (const [n, tmax] of [
  [4, 5],
  [7, 4],
] as const) {
  it(`N=${n}, tmax=${tmax}: each of our rows is GLPK's row from the MathProg model`, () => {
    const data = join(dir.path, `d${n}-${tmax}.dat`);
    const glpkLp = join(dir.path, `glpk-${n}-${tmax}.lp`);
    writeFileSync(data, `data;\nparam N := ${n};\nparam tmax := ${tmax};\nend;\n`);
    execFileSync("glpsol", ["--math", join(ROOT, "bench/baseline/dbft2.mod"), "--data", data, "--check", "--wlp", glpkLp], { encoding: "utf8" });
    const theirs = parseLpRows(readFileSync(glpkLp, "utf8"));

    const sink = new StringSink();
    writeLp(buildDbftModel(dbftParams({ n, tmax, objective: "P1" })).model, sink);
    const ours = parseLpRows(sink.toString());

    expect(ours.size).toBe(theirs.size);
    let compared = 0;
    for (const [name, row] of ours) {
      const other = theirs.get(name);
      expect(other, name).toBeDefined();
      expect({ name, sense: other!.sense, rhs: other!.rhs }).toEqual({ name, sense: row.sense, rhs: row.rhs });
      expect(Object.fromEntries([...other!.terms].sort()), name).toEqual(Object.fromEntries([...row.terms].sort()));
      compared++;
    }
    expect(compared).toBe(buildDbftModel(dbftParams({ n, tmax })).model.numRows);
  });
}

describe("the parser used above", () => {
  it("reads continuation lines, implicit coefficients and signs", () => {
    const rows = parseLpRows("Subject To\n c(1): - x + 2 y\n   - 0.5 z >= -3\n d: x = 0\nBounds\n");
    expect(rows.get("c(1)")).toEqual({ sense: ">=", rhs: -3, terms: new Map([["x", -1], ["y", 2], ["z", -0.5]]) });
    expect(rows.get("d")!.terms.get("x")).toBe(1);
  });
});
