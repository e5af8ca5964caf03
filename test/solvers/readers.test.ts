import { readFileSync, writeFileSync } from "node:fs";
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

/** A fixed-format MPS data line: fields start in columns 2, 5, 15, 25, 40 and 50. */
function fixedLine(...fields: string[]): string {
  const starts = [1, 4, 14, 24, 39, 49];
  let line = "";
  fields.forEach((f, k) => (line = line.padEnd(starts[k]!) + f));
  return line;
}

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

  it("reads ranged rows both ways round, rows without variables, empty sections and semi-continuous columns", () => {
    const path = write(
      "ranges.lp",
      [
        "max",
        " obj: x + y + s + t",
        "st",
        " r1: -2 <= x + y <= 4",
        " r2: 4 >= x - y >= -1",
        " r3: -inf <= x + 2 y <= 9",
        " e1: = +0",
        " e2: 0 x >= -3",
        " -1 <= s - t <= 1",
        "bounds",
        " x <= 10",
        " 2 <= s <= 8",
        " 3 <= t <= 6",
        "bin",
        "gen",
        " t",
        "semi",
        " s",
        " t",
        "sos",
      ].join("\n"),
    );
    expect(() => readModelFile(path)).toThrow(/ranges\.lp:20: sos sections are not supported/);
    writeFileSync(path, readFileSync(path, "utf8").replace("sos", "end"));
    const m = modelByNames(readModelFile(path));
    expect(m.rows).toEqual([
      { name: "r1", lower: -2, upper: 4, terms: { x: 1, y: 1 } },
      { name: "r2", lower: -1, upper: 4, terms: { x: 1, y: -1 } },
      { name: "r3", sense: "<=", rhs: 9, terms: { x: 1, y: 2 } },
      { name: "e1", sense: "=", rhs: 0, terms: {} },
      { name: "e2", sense: ">=", rhs: -3, terms: {} },
      { name: "R6", lower: -1, upper: 1, terms: { s: 1, t: -1 } },
    ]);
    expect(m.columns.s).toMatchObject({ kind: KIND_CODE.semicontinuous, lower: 2, upper: 8 });
    expect(m.columns.t).toMatchObject({ kind: KIND_CODE.semiinteger, lower: 3, upper: 6 });
  });

  const refused: [string, string, RegExp][] = [
    ["ranged row with = ", "Minimize\n obj: x\nSubject To\n r: -2 = x + y <= 4\nEnd\n", /ranged row is written number <= terms <= number/],
    ["ranged row pointing both ways", "Minimize\n obj: x\nSubject To\n r: -2 <= x + y >= 4\nEnd\n", /two <= or two >=/],
    ["ranged row with its ends crossed", "Minimize\n obj: x\nSubject To\n r: 5 <= x + y <= 4\nEnd\n", /:4: row r cannot range from 5 to 4/],
    ["variables on the right", "Minimize\n obj: x\nSubject To\n r: x <= y\nEnd\n", /right-hand side must be a number/],
    ["quadratic objective", "Minimize\n obj: x + [ x ^ 2 ] / 2\nEnd\n", /quadratic/],
    ["binary semi-continuous column", "Minimize\n obj: x\nSubject To\n r: x >= 1\nBinary\n x\nSemi-continuous\n x\nEnd\n", /both binary and semi-continuous/],
    ["no objective", "Subject To\n r: x >= 1\nEnd\n", /expected Maximize or Minimize/],
    ["incomplete row", "Minimize\n obj: x\nSubject To\n r: x + y\nEnd\n", /incomplete/],
    ["incomplete ranged row", "Minimize\n obj: x\nSubject To\n r: 1 <= x + y\nEnd\n", /incomplete/],
    ["row glued to the next", "Minimize\n obj: x\nSubject To\n c1: x >= 2 y\n + x >= 3\nEnd\n", /:4: text after the right-hand side/],
    ["terms without a sign", "Minimize\n obj: 2 x 3 y\nEnd\n", /:2: expected \+ or - before 3/],
    ["section byzopt does not know", "Minimize\n obj: x\nSubject To\n c1: x >= 1\nLazy Constraints\n c2: x <= 4\nEnd\n", /:6: expected \+ or - before "Constraints"/],
    ["infinite coefficient", "Minimize\n obj: 1e400 x\nEnd\n", /coefficient Infinity of x is not a finite number/],
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

  it("reads RANGES on every row type, comments after the data, Fortran exponents, SC and SI bounds", () => {
    const path = write(
      "ranges.mps",
      [
        "NAME ranges and more",
        "OBJSENSE MAX",
        "ROWS",
        " N obj $ the objective",
        " L lim *comment",
        " G low",
        " E eqp",
        " E eqn",
        " N spare",
        "COLUMNS",
        "    x obj 1 lim 1 $ a comment",
        "    x low 1 eqp 1",
        "    y obj 2.0D0 eqn 1 *comment",
        "    s obj 1 lim 1",
        "    MARKER 'MARKER' 'INTORG'",
        "    t obj 1 low 1",
        "    MARKER 'MARKER' 'INTEND'",
        "RHS",
        "    RHS lim 1.0D1 low 1",
        "    RHS eqp 2 eqn 3 $ comment",
        "RANGES",
        "    RNG lim 4 low -3",
        "    RNG eqp 1.5 eqn -2.5",
        "    RNG spare 7",
        "BOUNDS",
        " UP BND x 1d2 $ comment",
        " LO BND s 2",
        " SC BND s 8",
        " LO BND t 3",
        " SC BND t 6",
        " SI BND y 5",
        "ENDATA",
      ].join("\n"),
    );
    const m = modelByNames(readModelFile(path));
    expect(m.direction).toBe("max");
    expect(m.objective).toEqual({ x: 1, y: 2, s: 1, t: 1 });
    expect(m.rows).toEqual([
      { name: "lim", lower: 6, upper: 10, terms: { x: 1, s: 1 } },
      { name: "low", lower: 1, upper: 4, terms: { x: 1, t: 1 } },
      { name: "eqp", lower: 2, upper: 3.5, terms: { x: 1 } },
      { name: "eqn", lower: 0.5, upper: 3, terms: { y: 1 } },
    ]);
    expect(m.columns.x).toMatchObject({ kind: KIND_CODE.continuous, lower: 0, upper: 100 });
    expect(m.columns.s).toMatchObject({ kind: KIND_CODE.semicontinuous, lower: 2, upper: 8 });
    expect(m.columns.t).toMatchObject({ kind: KIND_CODE.semiinteger, lower: 3, upper: 6 });
    // Semi-integer with 0 inside its bounds is a plain integer, as HiGHS reads it.
    expect(m.columns.y).toMatchObject({ kind: KIND_CODE.integer, lower: 0, upper: 5 });
  });

  it("reads fixed-format lines whose names hold spaces, and a negative UP as making the column free below", () => {
    const path = write(
      "fixed.mps",
      [
        "NAME          FIXED",
        "ROWS",
        " N  COST",
        " L  LIM 1",
        "COLUMNS",
        fixedLine("", "MY VAR", "COST", "1.0", "LIM 1", "1.0"),
        fixedLine("", "OTHER", "LIM 1", "1.0"),
        "RHS",
        fixedLine("", "RHS", "LIM 1", "4.0"),
        "BOUNDS",
        fixedLine("UP", "BND", "MY VAR", "-1.0"),
        fixedLine("UP", "BND", "OTHER", "-2.0"),
        fixedLine("LO", "BND", "OTHER", "-5.0"),
        "ENDATA",
      ].join("\n"),
    );
    const m = modelByNames(readModelFile(path));
    expect(m.rows).toEqual([{ name: "LIM 1", sense: "<=", rhs: 4, terms: { "MY VAR": 1, OTHER: 1 } }]);
    expect(m.columns["MY VAR"]).toMatchObject({ lower: -Infinity, upper: -1 });
    expect(m.columns.OTHER).toMatchObject({ lower: -5, upper: -2 });
  });

  it("keeps declared bounds of a binary, pins an empty semi-continuous column at 0, and leaves no column from a line read again by the fixed columns", () => {
    const lp = write("keep.lp", "Minimize\n obj: x + y + s\nSubject To\n c: x + y >= 0\nBounds\n 1 <= x <= 1\n s <= -3\nBinaries\n x y\nSemi-continuous\n s\nEnd\n");
    const m = modelByNames(readModelFile(lp));
    expect(m.columns.x).toMatchObject({ kind: KIND_CODE.integer, lower: 1, upper: 1 });
    expect(m.columns.y).toMatchObject({ kind: KIND_CODE.binary, lower: 0, upper: 1 });
    expect(m.columns.s).toMatchObject({ kind: KIND_CODE.continuous, lower: 0, upper: 0 });
    const fixed = write("fx.mps", ["NAME fx", "ROWS", " N obj", " L R1", "COLUMNS", fixedLine("", "X 1 2", "R1", "1.0"), fixedLine("", "X 1 2", "obj", "-1.0"), "RHS", fixedLine("", "RHS", "R1", "4.0"), "ENDATA"].join("\n"));
    expect(Object.keys(modelByNames(readModelFile(fixed)).columns)).toEqual(["X 1 2"]);
  });

  const refusedMps: [string, string, RegExp][] = [
    ["an unknown row", "NAME x\nROWS\n N c\nCOLUMNS\n x c 1 b 1\nENDATA\n", /u\.mps:5: unknown row "b"/],
    ["a bound on an unknown column", "NAME x\nROWS\n N c\nCOLUMNS\n x c 1\nBOUNDS\n UP BND y 4\nENDATA\n", /u\.mps:7: unknown column "y"/],
    ["an RHS given twice", "NAME x\nROWS\n N c\n L a\nCOLUMNS\n x c 1 a 1\nRHS\n RHS a 1 a 2\nENDATA\n", /u\.mps:8: the RHS of row a is given twice/],
    ["a quadratic objective", "NAME x\nROWS\n N c\nCOLUMNS\n x c 1\nQUADOBJ\n x x 1\nENDATA\n", /u\.mps:6: quadratic objectives are not supported/],
    ["a bad number", "NAME x\nROWS\n N c\nCOLUMNS\n x c 1.5abc\nENDATA\n", /u\.mps:5: expected a number, got "1\.5abc"/],
    ["a repeated entry", "NAME x\nROWS\n N c\n L a\nCOLUMNS\n x c 1 a 1\n x a 2\nENDATA\n", /u\.mps:7: column x has two entries in row a/],
    ["a column that comes back", "NAME x\nROWS\n N c\nCOLUMNS\n x c 1\n y c 1\n x c 2\nENDATA\n", /u\.mps:7: column x comes back after other columns/],
    ["a semi-continuous column below 0", "NAME x\nROWS\n N c\nCOLUMNS\n x c 1\nBOUNDS\n LO BND x -2\n SC BND x 4\nENDATA\n", /semi-continuous column x has a negative lower bound/],
    ["a file without ENDATA", "NAME x\nROWS\n N c\nCOLUMNS\n x c 1\n", /no ENDATA/],
  ];
  for (const [what, text, message] of refusedMps) {
    it(`refuses ${what} with the file and line`, () => {
      const path = write("u.mps", text);
      expect(() => readModelFile(path)).toThrow(InputError);
      expect(() => readModelFile(path)).toThrow(message);
    });
  }
});
