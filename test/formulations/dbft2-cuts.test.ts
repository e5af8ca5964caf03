import { describe, expect, it } from "vitest";
import { buildDbftModel, CUT_NAMES, type CutName, dbftParams, DEFAULT_CUTS } from "../../formulations/dbft2/index.js";
import { InputError } from "../../formulations/input-error.js";
import { familyStats, Model } from "../../formulations/model/index.js";
import { solveModel, solverNamed } from "../../solvers/registry.js";
import { cutValidityOnSolutions } from "../helpers/cut-validity.js";

/** The LP relaxation: every column continuous, bounds kept. */
function relaxed(model: Model): Model {
  return new Model(model.name, model.variables, model.constraints, { ...pick(model), colKind: new Uint8Array(model.numCols) }, model.objective);
}

function pick(m: Model) {
  const { colKind, colLower, colUpper, rowStart, rowCol, rowCoef, rowSense, rowRhs, rowFamily, rowKey } = m;
  return { colKind, colLower, colUpper, rowStart, rowCol, rowCoef, rowSense, rowRhs, rowFamily, rowKey };
}

function cutRows(n: number, tmax: number, cuts: CutName[]): Record<string, number> {
  const { model } = buildDbftModel(dbftParams({ n, tmax, strengthen: cuts }));
  return Object.fromEntries(familyStats(model).filter((f) => f.name.startsWith("cut")).map((f) => [f.name, f.rows]));
}

describe("strengthening families: sizes and names", () => {
  it("add the rows their definitions count, after the reference rows, and no column", () => {
    const reference = buildDbftModel(dbftParams({ n: 4, tmax: 5 })).model;
    const strong = buildDbftModel(dbftParams({ n: 4, tmax: 5, strengthen: [...CUT_NAMES] })).model;
    expect(strong.numCols).toBe(reference.numCols);
    expect(Array.from(strong.rowRhs.subarray(0, reference.numRows))).toEqual(Array.from(reference.rowRhs));
    // N=4, tmax=5, M=3: quorum N, budget 1, responses N², symmetry (M−1)·N + (N−M−1)·N, views N−1,
    // relays (τ−1)·N², existence (N−1)·(3N + M) for sends and (N−1)²·(3N + M) for receipts,
    // exclusive M·N, receipts 4·N²·(N−1), sends 3·N².
    expect(cutRows(4, 5, [...CUT_NAMES])).toEqual({
      cutQuorumCommitsPerBlock: 4,
      cutBlockBudget: 1,
      cutCommitNeedsHonestResponses: 16,
      cutPrimariesInLabelOrder: 8,
      cutViewsInOrder: 3,
      cutRelayMarksView: 64,
      cutViewForPrepRes: 12,
      cutViewForCommit: 12,
      cutViewForRelay: 12,
      cutViewForCV: 9,
      cutViewForRecvPrepReq: 36,
      cutViewForRecvPrepRes: 36,
      cutViewForRecvCommit: 36,
      cutViewForRecvCV: 27,
      cutCommitOrChangeView: 12,
      cutReceiptNeedsSendPrepReq: 48,
      cutReceiptNeedsSendPrepRes: 48,
      cutReceiptNeedsSendCommit: 48,
      cutReceiptNeedsSendCV: 48,
      cutPrepResNeedsRequest: 16,
      cutCommitNeedsResponses: 16,
      cutRelayNeedsCommits: 16,
    });
    expect(strong.numRows - reference.numRows).toBe(4 + 1 + 16 + 8 + 3 + 64 + 3 * 15 + 9 * 15 + 12 + 4 * 48 + 3 * 16);
  });

  it("the block budget is floor(M/(2M-N)): 1 for N=3f+1, 3 for N=5, none where Byzantine nodes alone are a quorum", () => {
    const budget = (n: number) => {
      const { model } = buildDbftModel(dbftParams({ n, tmax: 3, strengthen: ["budget"] }));
      const row = familyStats(model).find((f) => f.name === "cutBlockBudget");
      return row ? model.rowRhs[model.numRows - 1] : null;
    };
    expect([budget(4), budget(5), budget(7), budget(10), budget(8)]).toEqual([1, 3, 1, 1, 2]);
    expect(budget(6)).toBeNull();
    expect(cutRows(6, 3, ["quorum", "responses"])).toEqual({});
  });

  it("unknown family names are refused, the order of the list does not matter", () => {
    expect(() => dbftParams({ n: 4, tmax: 5, strengthen: ["quorum", "bogus"] })).toThrow(InputError);
    expect(() => dbftParams({ n: 4, tmax: 5, strengthen: ["bogus"] })).toThrow(/unknown strengthening family "bogus"/);
    expect(dbftParams({ n: 4, tmax: 5, strengthen: ["symmetry", "quorum", "quorum"] }).strengthen).toEqual(["quorum", "symmetry"]);
  });
});

// N = 4 with two random objectives here; `make test-long` runs eight, and N = 5 (dbft2-cuts.long.ts).
cutValidityOnSolutions([[4, 5, 2]]);

/** The optimum of the LP relaxation of one preset, which must solve. */
async function lpBound(n: number, tmax: number, objective: "P1" | "P4", strengthen: readonly CutName[]): Promise<number> {
  const { model } = buildDbftModel(dbftParams({ n, tmax, objective, strengthen: [...strengthen] }));
  const r = await solveModel(solverNamed("highs"), relaxed(model));
  expect(r.status).toBe("optimal");
  return r.objective!;
}

const FIRST_FIVE: CutName[] = ["quorum", "budget", "symmetry", "views", "relays"];

describe("strengthening tightens the relaxation", () => {
  it("dbft-2-4-10 P1: the LP bound falls from 4400 to 1400 with quorum, budget, symmetry, views and relays", async () => {
    expect(await lpBound(4, 10, "P1", [])).toBeGreaterThanOrEqual(4400);
    expect(await lpBound(4, 10, "P1", FIRST_FIVE)).toBeCloseTo(1400, 6);
    expect(await lpBound(4, 10, "P1", DEFAULT_CUTS)).toBeCloseTo(1400, 6);
  });

  it("dbft-2-7-5 P4: existence rows make a view's messages pay for its primary, raising the LP bound", async () => {
    const before = await lpBound(7, 5, "P4", FIRST_FIVE);
    const after = await lpBound(7, 5, "P4", [...FIRST_FIVE, "existence"]);
    // Minimising: a higher bound is tighter. Without the rows, fractional views carry about 100 messages
    // each for half a primary; with them, the relaxation must pay for most of those views in full.
    expect(after).toBeGreaterThan(before + 200);
  });
});
