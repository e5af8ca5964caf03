import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams } from "../../formulations/dbft2/index.js";
import { indexSet, LinearExpr, ModelBuilder } from "../../formulations/model/index.js";
import { loadHighs } from "../../solvers/highs-loader.js";
import { writeLp } from "../../solvers/lp-writer.js";
import { MPS_NEGATED_MARK, writeMps } from "../../solvers/mps-writer.js";
import { StringSink } from "../../solvers/text-sink.js";

function lpText(model: Parameters<typeof writeLp>[0], comments: string[] = []): string {
  const sink = new StringSink();
  writeLp(model, sink, { comments });
  return sink.toString();
}

function mpsText(model: Parameters<typeof writeMps>[0]): string {
  const sink = new StringSink();
  writeMps(model, sink);
  return sink.toString();
}

/** A small MILP with every bound shape the writers handle: max 3a + 2b + c − d, with an unused column. */
function smallModel() {
  const b = new ModelBuilder("small");
  const a = b.addScalar("a", "integer", { upper: 4 });
  const x = b.addVariables<[number]>("x", "binary", [indexSet("I", 1, 2)]);
  const c = b.addScalar("c", "continuous", { lower: -2, upper: 2.5 });
  const d = b.addScalar("d", "continuous", { lower: -Infinity, upper: Infinity });
  b.addScalar("unused", "integer");
  const le = b.constraintFamily<[number]>("cap", "<=", 1);
  const eq = b.constraintFamily<[]>("link", "=", 0);
  b.row(le, 1).add(a).add(x.col(1), 2).add(x.col(2), 0.5).end(5.25);
  b.row(le, 2).add(c).add(d, -1).end(1);
  b.row(eq).add(d).add(a, -0.125).end(0);
  b.setObjective("max", new LinearExpr().add(a, 3).add(x.col(1), 2).add(c).add(d, -1));
  return b.build();
}

describe("LP writer", () => {
  const model = buildDbftModel(dbftParams({ n: 4, tmax: 5 })).model;
  const text = lpText(model, ["a comment"]);

  it("writes the same bytes every time", () => {
    expect(lpText(model, ["a comment"])).toBe(text);
    expect(lpText(buildDbftModel(dbftParams({ n: 4, tmax: 5 })).model, ["a comment"])).toBe(text);
  });

  it("writes no objective constant, declares unused columns in the objective, keeps lines short", () => {
    const lines = text.split("\n");
    expect(lines[0]).toBe("\\ a comment");
    expect(lines[1]).toBe("Maximize");
    expect(lines[2]).toBe(" obj: 1000 totalBlockRelayed + 100 numberOfRounds + 0 totalNumberSendMsg + 0 totalNumberRcvdMsg + 0 totalNumberMsgs");
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(255);
    expect(text).toContain(" nextPrimaryOnlyIfEnoughCV(1,2): 3 Primary(1,2) - changeViewRecvPerNodeAndView(1,1) <= 0\n");
    expect(text.endsWith("End\n")).toBe(true);
  });

  it("HiGHS reads the LP text back with the model's sizes and optimum", async () => {
    const highs = await loadHighs();
    const small = smallModel();
    const m = highs.createModel({ format: "lp", data: lpText(small) });
    try {
      expect(m.getDimensions()).toMatchObject({ numCols: 6, numRows: 3, numNonzeros: 7 });
      m.options.set({ output_flag: false });
      m.run();
      // a ≤ 4 and integer, d = a/8, c ≤ min(2.5, 1 + d): a = 4, x1 = 0 (2·x1 would break the cap), c = 1.5, d = 0.5.
      expect(m.getObjectiveValue()).toBeCloseTo(3 * 4 + 1.5 - 0.5, 9);
      const lp = m.getModel();
      expect([lp.colLower[3], lp.colUpper[3]]).toEqual([-Infinity, Infinity]);
      expect([lp.colLower[2], lp.colUpper[2]]).toEqual([-2, 2.5]);
      expect(lp.colUpper[4]).toBe(Infinity);
    } finally {
      m.dispose();
    }
  });
});

describe("MPS writer", () => {
  it("negates a maximisation and says so, and HiGHS reads the same optimum", async () => {
    const small = smallModel();
    const text = mpsText(small);
    expect(text.startsWith(`* ${MPS_NEGATED_MARK}\nNAME small FREE\n`)).toBe(true);
    expect(text).not.toContain("OBJSENSE");
    expect(text).toContain("    PL BND unused\n");
    expect(text).toContain("    FR BND d\n");
    const highs = await loadHighs();
    const m = highs.createModel({ format: "mps", data: new TextEncoder().encode(text) });
    try {
      expect(m.getDimensions()).toMatchObject({ numCols: 6, numRows: 3, numNonzeros: 7 });
      m.options.set({ output_flag: false });
      m.run();
      expect(m.getObjectiveValue()).toBeCloseTo(-(3 * 4 + 1.5 - 0.5), 9);
      const lp = m.getModel();
      expect(lp.colUpper[5]).toBe(Infinity); // a marked integer without an upper bound stays unbounded
      expect(Array.from(lp.integrality)).toEqual([1, 1, 1, 0, 0, 1]);
    } finally {
      m.dispose();
    }
  });

  it("writes the same bytes every time", () => {
    const a = mpsText(buildDbftModel(dbftParams({ n: 4, tmax: 3, objective: "P4" })).model);
    const b = mpsText(buildDbftModel(dbftParams({ n: 4, tmax: 3, objective: "P4" })).model);
    expect(a).toBe(b);
  });
});
