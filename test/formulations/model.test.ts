import { describe, expect, it } from "vitest";
import { checkSolution, indexSet, LinearExpr, ModelBuilder, modelStats } from "../../formulations/model/index.js";
import { writeLp } from "../../solvers/lp-writer.js";
import { StringSink } from "../../solvers/text-sink.js";

describe("variable families", () => {
  const b = new ModelBuilder("t");
  const T = indexSet("T", 1, 3);
  const R = indexSet("R", 1, 4);
  const x = b.addVariables<[number, number]>("x", "binary", [T, R]);
  const z = b.addScalar("z", "integer");
  const y = b.addVariables<[number]>("y", "continuous", [indexSet("K", 0, 2)], { lower: -1, upper: 5 });

  it("lays columns out contiguously, last index fastest, and inverts the layout", () => {
    expect(x.col(1, 1)).toBe(0);
    expect(x.col(1, 2)).toBe(1);
    expect(x.col(2, 1)).toBe(4);
    expect(z).toBe(12);
    expect(y.col(0)).toBe(13);
    for (let c = x.base; c < x.base + x.size; c++) expect(x.col(...(x.keyOf(c) as [number, number]))).toBe(c);
    expect(x.nameOf(x.col(3, 4))).toBe("x(3,4)");
  });

  it("refuses an index outside its set", () => {
    expect(() => x.col(0, 1)).toThrow(/outside T/);
    expect(() => x.col(1, 5)).toThrow(/outside R/);
  });

  it("builds bounds and kinds per column", () => {
    const m = b.build();
    expect(m.numCols).toBe(16);
    expect(m.colName(12)).toBe("z");
    expect(m.colName(14)).toBe("y(1)");
    expect([m.colLower[13], m.colUpper[13]]).toEqual([-1, 5]);
    expect([m.colLower[0], m.colUpper[0]]).toEqual([0, 1]);
    expect(m.colUpper[12]).toBe(Infinity);
  });
});

describe("rows", () => {
  it("merge like terms in first-appearance order and drop terms that cancel", () => {
    const b = new ModelBuilder("t");
    const x = b.addVariables<[number]>("x", "integer", [indexSet("I", 1, 3)]);
    const c = b.constraintFamily<[number]>("c", "<=", 1);
    b.row(c, 7).add(x.col(2), 3).add(x.col(1)).add(x.col(2), -1).add(x.col(3), 2).add(x.col(3), -2).end(4);
    const m = b.build();
    expect(m.numRows).toBe(1);
    expect(Array.from(m.rowCol)).toEqual([x.col(2), x.col(1)]);
    expect(Array.from(m.rowCoef)).toEqual([2, 1]);
    expect(m.rowName(0)).toBe("c(7)");
    expect(m.rowSenseOf(0)).toBe("<=");
    expect(m.rowRhs[0]).toBe(4);
  });

  it("counts statistics as Table 1 does", () => {
    const b = new ModelBuilder("t");
    const x = b.addVariables<[number]>("x", "binary", [indexSet("I", 1, 3)]);
    const n = b.addScalar("n", "integer");
    const e = b.constraintFamily<[]>("e", "=", 0);
    const g = b.constraintFamily<[number]>("g", ">=", 1);
    b.row(e).add(n).add(x.col(1), -1).add(x.col(2), -1).add(x.col(3), -1).end(0);
    for (let i = 1; i <= 3; i++) b.row(g, i).add(x.col(i)).end(0);
    b.setObjective("max", new LinearExpr().add(n, 5));
    expect(modelStats(b.build())).toEqual({ vars: 4, binaries: 3, integers: 1, constraints: 4, equalities: 1, inequalities: 3, nonzeros: 7 });
  });

  it("refuses a second row while one is open, and keys of the wrong arity", () => {
    const b = new ModelBuilder("t");
    const x = b.addScalar("x", "binary");
    const c = b.constraintFamily<[number]>("c", "<=", 1);
    b.row(c, 1).add(x);
    expect(() => b.row(c, 2)).toThrow(/open/);
    expect(() => (b.row as (f: unknown, ...k: number[]) => unknown)(c, 1, 2)).toThrow(/expected 1 indices/);
  });

  it("keeps an objective constant, which the writers refuse unless told to drop it", () => {
    const b = new ModelBuilder("t");
    const x = b.addScalar("x", "binary");
    b.setObjective("min", new LinearExpr().add(x).addConstant(3));
    const m = b.build();
    expect(m.objective.offset).toBe(3);
    expect(() => writeLp(m, new StringSink())).toThrow(/constant/);
    const sink = new StringSink();
    writeLp(m, sink, { dropObjectiveOffset: true });
    expect(sink.toString()).toContain(" obj: x\n");
  });

  it("names rows and columns one by one for models read from files", () => {
    const b = new ModelBuilder("file");
    const a = b.addNamedColumn("alpha", "continuous", { lower: -1 });
    const z = b.addNamedColumn("zeta", "binary");
    b.namedRow("first", ">=").add(a).add(z, 2).end(1);
    b.namedRow("second", "=").add(z).end(0);
    const m = b.build();
    expect([m.colName(a), m.colName(z), m.rowName(0), m.rowName(1)]).toEqual(["alpha", "zeta", "first", "second"]);
    expect([m.rowSenseOf(0), m.rowSenseOf(1)]).toEqual([">=", "="]);
    expect(m.colLower[a]).toBe(-1);
    expect(m.colIndex().get("zeta")).toBe(z);
  });
});

describe("linear expressions", () => {
  it("merge terms and evaluate", () => {
    const e = new LinearExpr().add(0, 2).add(1, 3).add(0, -2).addConstant(1);
    expect(Array.from(e.terms().cols)).toEqual([1]);
    expect(e.evaluate([10, 100])).toBe(301);
  });
});

describe("checkSolution on points that are not numbers", () => {
  it("NaN and infinite values break the bounds and integrality, even in a column in no row", () => {
    const b = new ModelBuilder("nan");
    b.addNamedColumn("x", "continuous", { lower: 0, upper: 5 });
    b.addNamedColumn("n", "integer", { lower: 0, upper: 5 });
    const m = b.build();
    for (const v of [NaN, Infinity, -Infinity]) {
      expect(checkSolution(m, [v, 1]).feasible).toBe(false);
      expect(checkSolution(m, [1, v]).feasible).toBe(false);
    }
    expect(checkSolution(m, [1, 1]).feasible).toBe(true);
  });
});
