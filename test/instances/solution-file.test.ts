import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildDbftModel } from "../../formulations/dbft2/build.js";
import { dbftParams } from "../../formulations/dbft2/params.js";
import { InputError } from "../../formulations/input-error.js";
import { parseSolutionText, readSolutionFile, solutionText, writeSolutionFile } from "../../instances/solution-file.js";
import { tempDir } from "../helpers/cli.js";

describe("solution files", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const { model } = buildDbftModel(dbftParams({ n: 4, tmax: 3, objective: "P1" }));
  const names = model.colNames();
  // A point with a near-integer binary, a zero and an exact integer: what solvers hand back.
  const values = new Float64Array(model.numCols);
  values[0] = 0.9999999996;
  values[5] = 1;
  values[model.numCols - 1] = 3;

  it("keeps the non-zero columns by name, rounded where integer, in column order", () => {
    const text = solutionText(model, values, { instance: "dbft-2-4-3", value: 1400 });
    expect(text.split("\n").slice(0, 3)).toEqual(["# byzopt.solution/1", "# instance dbft-2-4-3", "# value 1400"]);
    const parsed = parseSolutionText(text);
    expect(parsed.header).toEqual({ instance: "dbft-2-4-3", value: "1400" });
    expect(parsed.entries).toEqual([[names[0], 1], [names[5], 1], [names[model.numCols - 1], 3]]);
  });

  it("writes the same bytes for the same point (gzip without a timestamp) and reads them back", () => {
    const [a, b] = [join(dir.path, "a.sol.gz"), join(dir.path, "b.sol.gz")];
    writeSolutionFile(a, model, values, { objective: "P1" });
    writeSolutionFile(b, model, Float64Array.from(values, (v) => (v > 0.5 ? Math.round(v) : v)), { objective: "P1" });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(a)[0]).toBe(0x1f);
    expect(readSolutionFile(a).entries).toHaveLength(3);
  });

  it("refuses what it did not write, naming the file and the line", () => {
    const bad = join(dir.path, "bad.sol");
    writeFileSync(bad, "# byzopt.solution/1\nPrimary_1_1 one\n");
    expect(() => readSolutionFile(bad)).toThrow(InputError);
    expect(() => readSolutionFile(bad)).toThrow(/bad\.sol: line 2 is not "name value"/);
    writeFileSync(bad, "x 1\n");
    expect(() => readSolutionFile(bad)).toThrow(/not a byzopt\.solution\/1 file/);
    expect(() => readSolutionFile(join(dir.path, "missing.sol.gz"))).toThrow(/no such file/);
  });
});
