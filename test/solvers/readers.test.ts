import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams } from "../../formulations/dbft2/index.js";
import { InputError } from "../../formulations/input-error.js";
import { KIND_CODE } from "../../formulations/model/index.js";
import { writeModelFile } from "../../instances/generate.js";
import { readModelFile } from "../../solvers/read-model.js";
import { tempDir } from "../helpers/cli.js";
import { modelByNames } from "../helpers/models.js";

const dir = tempDir();
afterAll(() => dir.remove());

function write(name: string, text: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

describe("reading back what we write", () => {
  for (const objective of ["P1", "P4"] as const) {
    for (const format of ["lp", "mps"] as const) {
      it(`dbft-2-4-3 ${objective} as ${format}: the same model, name by name`, () => {
        const { model } = buildDbftModel(dbftParams({ n: 4, tmax: 3, objective, deliver: [2] }));
        const path = join(dir.path, `m-${objective}.${format}`);
        writeModelFile(model, path, format, ["round trip"]);
        const back = readModelFile(path);
        expect(modelByNames(back)).toEqual(modelByNames(model));
      });
    }
  }
});

describe("LP files written by others", () => {
  it("reads comments, labels, constants, continuation lines, every bound form and section spelling", () => {
    const path = write(
      "other.lp",
      [
        "\\* a GLPK-style comment *\\",
        "MAXIMIZE",
        " profit: + 3 x + 2 y - z + 10",
        "SUBJECT TO",
        " c1: x + y",
        "   + z <= 4",
        " -x + 2 y - 1 >= -3",
        " c3: 2 x = 2",
        "Bounds",
        " -inf <= z <= 5",
        " y <= 2.5",
        " w free",
        " 1 <= x",
        " u = 7",
        "General",
        " x",
        "Binary",
        " b",
        "End",
      ].join("\n"),
    );
    const m = modelByNames(readModelFile(path));
    expect(m.direction).toBe("max");
    expect(m.offset).toBe(10);
    expect(m.objective).toEqual({ x: 3, y: 2, z: -1 });
    expect(m.rows).toEqual([
      { name: "c1", sense: "<=", rhs: 4, terms: { x: 1, y: 1, z: 1 } },
      { name: "R2", sense: ">=", rhs: -2, terms: { x: -1, y: 2 } },
      { name: "c3", sense: "=", rhs: 2, terms: { x: 2 } },
    ]);
    const col = m.columns;
    expect(col.z).toMatchObject({ lower: -Infinity, upper: 5, kind: KIND_CODE.continuous });
    expect(col.y).toMatchObject({ lower: 0, upper: 2.5 });
    expect(col.w).toMatchObject({ lower: -Infinity, upper: Infinity });
    expect(col.x).toMatchObject({ lower: 1, upper: Infinity, kind: KIND_CODE.integer });
    expect(col.u).toMatchObject({ lower: 7, upper: 7 });
    expect(col.b).toMatchObject({ lower: 0, upper: 1, kind: KIND_CODE.binary });
  });

  const refused: [string, string, RegExp][] = [
    ["ranged row", "Minimize\n obj: x\nSubject To\n r: -2 <= x + y <= 4\nEnd\n", /ranged rows/],
    ["variables on the right", "Minimize\n obj: x\nSubject To\n r: x <= y\nEnd\n", /right-hand side must be a number/],
    ["quadratic objective", "Minimize\n obj: x + [ x ^ 2 ] / 2\nEnd\n", /quadratic/],
    ["semi-continuous", "Minimize\n obj: x\nSubject To\n r: x >= 1\nSemi-continuous\n x\nEnd\n", /not supported/],
    ["no objective", "Subject To\n r: x >= 1\nEnd\n", /expected Maximize or Minimize/],
    ["incomplete row", "Minimize\n obj: x\nSubject To\n r: x + y\nEnd\n", /incomplete/],
  ];
  for (const [what, text, message] of refused) {
    it(`refuses a ${what} with the file and line`, () => {
      const path = write(`bad-${what.replace(/\W/g, "")}.lp`, text);
      expect(() => readModelFile(path)).toThrow(InputError);
      expect(() => readModelFile(path)).toThrow(message);
    });
  }
});

describe("MPS files written by others", () => {
  it("reads OBJSENSE, an RHS on the objective, markers, optional set names and every bound type", () => {
    const path = write(
      "other.mps",
      [
        "NAME demo",
        "OBJSENSE",
        "    MAX",
        "ROWS",
        " N cost",
        " N spare",
        " L lim",
        " E eq",
        "COLUMNS",
        " MARKER 'MARKER' 'INTORG'",
        " n cost 2 lim 1",
        " k spare 1 eq 1",
        " MARKER 'MARKER' 'INTEND'",
        " r cost -1 lim 1",
        " r eq -1",
        "RHS",
        " lim 10 cost -5",
        " RHS eq 0.5",
        "BOUNDS",
        " UP BND r 4",
        " MI BND r",
        " LI n 2",
        "ENDATA",
      ].join("\n"),
    );
    const m = modelByNames(readModelFile(path));
    expect(m.direction).toBe("max");
    expect(m.offset).toBe(5);
    expect(m.objective).toEqual({ n: 2, r: -1 });
    expect(m.rows).toEqual([
      { name: "lim", sense: "<=", rhs: 10, terms: { n: 1, r: 1 } },
      { name: "eq", sense: "=", rhs: 0.5, terms: { k: 1, r: -1 } },
    ]);
    const col = m.columns;
    expect(col.n).toMatchObject({ kind: KIND_CODE.integer, lower: 2, upper: Infinity });
    expect(col.k).toMatchObject({ kind: KIND_CODE.integer, lower: 0, upper: 1 }); // marked, no bound: [0, 1]
    expect(col.r).toMatchObject({ kind: KIND_CODE.continuous, lower: -Infinity, upper: 4 });
  });

  it("refuses RANGES, an unknown row and a file without ENDATA", () => {
    const ranges = write("r.mps", "NAME x\nROWS\n N c\n L a\nCOLUMNS\n x c 1 a 1\nRHS\n a 1\nRANGES\n R a 2\nENDATA\n");
    expect(() => readModelFile(ranges)).toThrow(/RANGES/);
    const unknown = write("u.mps", "NAME x\nROWS\n N c\nCOLUMNS\n x c 1 b 1\nENDATA\n");
    expect(() => readModelFile(unknown)).toThrow(/u\.mps:5: unknown row b/);
    const cut = write("t.mps", "NAME x\nROWS\n N c\nCOLUMNS\n x c 1\n");
    expect(() => readModelFile(cut)).toThrow(/no ENDATA/);
  });
});
