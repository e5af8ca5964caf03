import { describe, expect, it } from "vitest";
import { buildDbftModel, CUT_NAMES, type CutName, dbftParams, DEFAULT_CUTS, PRESET_NAMES, PRESETS } from "../../formulations/dbft2/index.js";
import { InputError } from "../../formulations/input-error.js";
import { checkSolution, familyStats, Model, objectiveValue } from "../../formulations/model/index.js";
import { solveModel, solverNamed } from "../../solvers/registry.js";
import { canonicalPermutation, relabelNodes } from "../helpers/dbft-relabel.js";
import { mulberry32 } from "../helpers/rng.js";

const VALID: CutName[] = CUT_NAMES.filter((c) => c !== "symmetry");

/** The same rows and columns under another objective (the arrays are shared, never written). */
function withObjective(model: Model, direction: "min" | "max", coefs: Float64Array): Model {
  const cols = Int32Array.from(coefs.keys());
  return new Model(model.name, model.variables, model.constraints, model, { direction, cols, coefs, offset: 0 });
}

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

describe("strengthening families: validity on solutions of the paper's model", () => {
  // Any feasible solution of the reference model must meet every valid inequality; renaming nodes
  // within their group must give a solution again, with the same preset objectives; and the canonical
  // renaming must meet the symmetry rows too. The solutions: random objectives over all columns (any
  // incumbent will do), and the proved optima of the seven presets, taken from the strengthened model
  // (which only adds rows, so they are solutions of the paper's model as well; the test checks it).
  for (const [n, tmax, runs] of [
    [4, 5, 8],
    [5, 5, 6],
  ] as const) {
    it(`N=${n}, tmax=${tmax}: ${runs} random objectives and the seven presets`, async () => {
      const base = buildDbftModel(dbftParams({ n, tmax })).model;
      const valid = buildDbftModel(dbftParams({ n, tmax, strengthen: VALID })).model;
      const all = buildDbftModel(dbftParams({ n, tmax, strengthen: [...CUT_NAMES] })).model;
      const presetModels = PRESET_NAMES.map((preset) => buildDbftModel(dbftParams({ n, tmax, objective: PRESETS[preset] })).model);
      const random = mulberry32(n * 100 + tmax);
      const solutions: [string, Float64Array][] = [];
      for (let k = 0; k < runs; k++) {
        const model = withObjective(base, "max", Float64Array.from({ length: base.numCols }, () => random() * 2 - 1));
        const r = await solveModel(solverNamed("highs"), model, { timeLimit: 2, relGap: 0.5 });
        expect(r.values, `random objective ${k}: ${r.status}`).not.toBeNull();
        solutions.push([`random objective ${k}`, r.values!]);
      }
      for (const preset of PRESET_NAMES) {
        const r = await solveModel(solverNamed("highs"), buildDbftModel(dbftParams({ n, tmax, objective: preset, strengthen: [...CUT_NAMES] })).model);
        expect(r.status, preset).toBe("optimal");
        solutions.push([`${preset} optimum`, r.values!]);
      }
      const index = base.colIndex();
      const blockCols = Array.from({ length: n }, (_, v) => index.get(`blockRelayed(${v + 1})`)!);
      const m = 2 * Math.floor((n - 1) / 3) + 1;
      // Honest labels reversed, and Byzantine ones reversed: a renaming that is not the canonical one.
      const reverse = [0, ...Array.from({ length: m }, (_, k) => m - k), ...Array.from({ length: n - m }, (_, k) => n - k)];
      let blocks = 0;
      let brokeSymmetry = 0;
      const where = (model: Model, x: Float64Array) => {
        const c = checkSolution(model, x);
        return c.feasible ? "" : (c.worstRow === null ? "bounds or integrality" : model.rowName(c.worstRow));
      };
      for (const [label, x] of solutions) {
        expect(where(base, x), label).toBe("");
        expect(where(valid, x), label).toBe("");
        const reversed = relabelNodes(base, x, reverse);
        expect(where(valid, reversed), `${label}, renamed`).toBe("");
        if (where(all, reversed) !== "") brokeSymmetry++;
        const canonical = relabelNodes(base, reversed, canonicalPermutation({ n, tmax }, reversed));
        expect(where(all, canonical), `${label}, canonical`).toBe("");
        for (const pm of presetModels) {
          expect(objectiveValue(pm, reversed)).toBeCloseTo(objectiveValue(pm, x), 9);
          expect(objectiveValue(pm, canonical)).toBeCloseTo(objectiveValue(pm, x), 9);
        }
        blocks += blockCols.reduce((s, c) => s + x[c]!, 0);
      }
      // Not vacuous: there were blocks, and renamed solutions that the symmetry rows cut off.
      expect(blocks).toBeGreaterThan(0);
      expect(brokeSymmetry).toBeGreaterThan(0);
    });
  }
});

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
