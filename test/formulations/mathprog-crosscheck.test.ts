import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { buildDbftModel, dbftParams } from "../../formulations/dbft2/index.js";
import { readLpFile } from "../../solvers/lp-reader.js";
import { ROOT, tempDir } from "../helpers/cli.js";
import { modelByNames } from "../helpers/models.js";

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
    const theirs = new Map(modelByNames(readLpFile(glpkLp)).rows.map((r) => [r.name, r]));
    const ours = modelByNames(buildDbftModel(dbftParams({ n, tmax, objective: "P1" })).model).rows;

    expect(ours.length).toBe(theirs.size);
    for (const row of ours) {
      const other = theirs.get(row.name);
      expect(other, row.name).toBeDefined();
      expect({ ...other, rhs: other!.rhs! + 0 }).toEqual(row);
    }
  });
}
