import { readFileSync, existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams, PRESET_NAMES, quorum } from "../../formulations/dbft2/index.js";
import { InputError } from "../../formulations/input-error.js";
import { familyStats, modelStats } from "../../formulations/model/index.js";
import { PAPER_INSTANCES } from "../../instances/paper.js";

const REFERENCE = new URL("../../instances/reference/dbft2-table1.json", import.meta.url);
const SHARED = new URL("../../../shared/spec/reference/dbft2-table1.json", import.meta.url);

describe("Table 1 of the paper", () => {
  const table = JSON.parse(readFileSync(REFERENCE, "utf8")) as { instances: (Record<string, number> & { name: string })[] };

  it("the repository's copy is the spec's file, verbatim", () => {
    if (existsSync(SHARED)) expect(readFileSync(REFERENCE, "utf8")).toBe(readFileSync(SHARED, "utf8"));
    expect(table.instances).toHaveLength(12);
    expect(PAPER_INSTANCES).toEqual(table.instances);
  });

  for (const row of table.instances) {
    it(`${row.name}: every count of the row`, () => {
      const { model } = buildDbftModel(dbftParams({ n: row.N!, tmax: row.tmax! }));
      const keys = ["vars", "binaries", "integers", "constraints", "equalities", "inequalities", "nonzeros"] as const;
      const expected = Object.fromEntries(keys.map((k) => [k, row[k]]));
      expect(modelStats(model)).toEqual(expected);
    });
  }
});

describe("constraint families at N=4, tmax=5", () => {
  const { model } = buildDbftModel(dbftParams({ n: 4, tmax: 5 }));
  const rows = Object.fromEntries(familyStats(model).map((f) => [f.name, f.rows]));
  const sum = (names: string[]) => names.reduce((s, n) => s + (rows[n] ?? NaN), 0);

  it("have the sizes the spec adds up to 2838", () => {
    // The spec's sum: 80+256 (init) +1+4+4+3+12 (primary) +192 +16+64 +256 +768 +256 +256 +8 (blocks)
    // +3+9+48+36+3+9+384+9+63 (honest) +1+1+16+80 (auxiliary).
    expect(sum(["initSendPrepReq", "initSendPrepRes", "initSendCommit", "initSendCV", "initBlockRelay"])).toBe(80);
    expect(sum(["initRecvPrepReq", "initRecvPrepResp", "initRecvCommit", "initRecvCV"])).toBe(256);
    expect([rows.consensusShouldStart, rows.singlePrimaryEveryView, rows.primaryOO, rows.avoidJumpingViews, rows.nextPrimaryOnlyIfEnoughCV]).toEqual([1, 4, 4, 3, 12]);
    expect(sum(["prepRespSendOptionally", "commitSentIfMPrepRespOptionally", "blockRelayOptionallyOnlyIfEnoughCommits"])).toBe(192);
    expect(rows.prepReqOOIfPrimary).toBe(16);
    expect(sum(["sendPrepResOO", "sendCommitOO", "sendCVOO", "blockRelayOO"])).toBe(64);
    expect(sum(["prepReqReceivedSS", "prepRespReceivedSS", "commitReceivedSS", "cvReceivedSS"])).toBe(256);
    expect(sum(["prepReqReceived", "prepRespReceived", "commitReceived", "cvReceived"])).toBe(768);
    expect(rows.prepResReceivedAlongWithPrepReq).toBe(256);
    expect(sum(["rcvdPrepReqOO", "rcvdPrepResOO", "rcvdCommitOO", "rcvdCVOO"])).toBe(256);
    expect(sum(["blockRelayedOnlyIfNodeRelay", "blockRelayedCounterForced"])).toBe(8);
    expect([rows.blockRelayLimitToOneForNonByz, rows.assertAtLeastOnePrimaryIfEnoughCV]).toEqual([3, 9]);
    expect(sum(["assertSendPrepReqWithinSimLimit", "assertSendPrepResWithinSimLimit", "assertSendCommitWithinSimLimit", "assertBlockRelayWithinSimLimit"])).toBe(48);
    expect(sum(["sendPrepReqOnlyIfViewBeforeOk", "sendPrepResOnlyIfViewBeforeOk", "sendCommitOnlyIfViewBeforeOk", "sendCVOnlyIfViewBeforeOk"])).toBe(36);
    expect([rows.assertSendCVIfNotSendCommitV1, rows.assertSendCVIfNotCommitAndYesPrimary]).toEqual([3, 9]);
    expect(sum(["noPrepReqIfCV", "noPrepResIfCV", "noCommitIfCV", "noCVIfCommit", "noBlockYesPrepReq", "noBlockYesPrepRes", "noBlockYesCommit", "noBlockYesCV"])).toBe(384);
    expect(rows.noBlockOldViewsYesPrimary).toBe(9);
    expect(
      sum(["noBlockOldViewsYesPrepReq", "noBlockOldViewsYesPrepRes", "noBlockOldViewsYesCommit", "noCommitOldViewsYesPrepReq", "noCommitOldViewsYesPrepRes", "noCommitOldViewsYesCommit", "noCommitOldViewsYesCV"]),
    ).toBe(63);
    expect([rows.calcSumBlockRelayed, rows.calcTotalPrimaries, rows.calcChangeViewEveryNodeAndView, rows.calcLastRelayedBlockMaxProblem]).toEqual([1, 1, 16, 80]);
    expect(model.numRows).toBe(2838);
  });

  it("name rows as the spec does", () => {
    const names = new Set<string>();
    for (let r = 0; r < model.numRows; r++) names.add(model.rowName(r));
    expect(names.size).toBe(model.numRows);
    for (const name of ["consensusShouldStart", "avoidJumpingViews(2)", "nextPrimaryOnlyIfEnoughCV(1,2)", "prepReqReceived(3,1,2,1)", "cvReceivedSS(2,4,1)", "noCVIfCommit(2,1,1)", "calcLastRelayedBlockMaxProblem(1,1,1)"]) {
      expect(names.has(name), name).toBe(true);
    }
    expect(names.has("prepReqReceived(3,1,1,1)")).toBe(false); // i = j is the self-receipt family
  });

  it("write the within-simulation rows with the paper's Rate and Delta", () => {
    let found = 0;
    for (let r = 0; r < model.numRows; r++) {
      if (model.rowName(r) !== "assertSendCommitWithinSimLimit(1,1)") continue;
      found++;
      expect(model.rowSenseOf(r)).toBe(">=");
      expect(model.rowRhs[r]).toBe(1 - quorum(4));
      const coefs = new Map<string, number>();
      for (let k = model.rowStart[r]!; k < model.rowStart[r + 1]!; k++) coefs.set(model.colName(model.rowCol[k]!), model.rowCoef[k]!);
      expect(coefs.get("SendCommit(2,1,1)")).toBe(2);
      expect(coefs.get("RecvPrepResp(3,1,4,1)")).toBe(-1);
      expect(coefs.has("RecvPrepResp(1,1,4,1)")).toBe(false); // T⁺ only
    }
    expect(found).toBe(1);
  });
});

describe("options of the builder", () => {
  it("each delivery property adds M(M-1)N rows", () => {
    const base = modelStats(buildDbftModel(dbftParams({ n: 7, tmax: 4 })).model);
    const m = quorum(7);
    for (const deliver of [[1], [3, 4], [1, 2, 3, 4]]) {
      const s = modelStats(buildDbftModel(dbftParams({ n: 7, tmax: 4, deliver })).model);
      expect(s.constraints - base.constraints).toBe(deliver.length * m * (m - 1) * 7);
      expect(s.inequalities - base.inequalities).toBe(deliver.length * m * (m - 1) * 7);
      expect(s.vars).toBe(base.vars);
    }
  });

  it("a message weight ties the three counters with three equalities", () => {
    const p1 = modelStats(buildDbftModel(dbftParams({ n: 4, tmax: 5, objective: "P1" })).model);
    const p5 = modelStats(buildDbftModel(dbftParams({ n: 4, tmax: 5, objective: "P5" })).model);
    expect(p5.equalities - p1.equalities).toBe(3);
    expect(p5.vars).toBe(p1.vars);
    // 4τN² sends + 1, 4τN³ receipts + 1, and 3 in the total.
    expect(p5.nonzeros - p1.nonzeros).toBe(4 * 5 * 16 + 1 + 4 * 5 * 64 + 1 + 3);
  });

  it("puts the preset's weights and direction in the objective", () => {
    for (const preset of PRESET_NAMES) {
      const { model, params, vars } = buildDbftModel(dbftParams({ n: 4, tmax: 3, objective: preset }));
      expect(model.objective.direction).toBe(params.objective.direction);
      const coef = (col: number) => {
        const k = Array.from(model.objective.cols).indexOf(col);
        return k < 0 ? 0 : model.objective.coefs[k];
      };
      expect([coef(vars.totalBlockRelayed), coef(vars.numberOfRounds), coef(vars.totalNumberMsgs)]).toEqual([params.objective.w1, params.objective.w2, params.objective.w3]);
    }
  });

  it("recognises custom weights equal to a preset", () => {
    expect(dbftParams({ n: 4, tmax: 5, objective: { direction: "min", w1: 1000, w2: 100, w3: 0 } }).objective.preset).toBe("P3");
    expect(dbftParams({ n: 4, tmax: 5, objective: { direction: "min", w1: 1, w2: 2, w3: 3 } }).objective.preset).toBeUndefined();
  });

  it("refuses bad parameters with an InputError that names them", () => {
    const bad: [Parameters<typeof dbftParams>[0], RegExp][] = [
      [{ n: 3, tmax: 5 }, /N must be/],
      [{ n: 4.5, tmax: 5 }, /N must be/],
      [{ n: 4, tmax: 1 }, /tmax must be/],
      [{ n: 4, tmax: 5, objective: "P8" as never }, /unknown objective preset/],
      [{ n: 4, tmax: 5, deliver: [0] }, /unknown delivery property 0/],
      [{ n: 4, tmax: 5, objective: { direction: "max", w1: NaN, w2: 0, w3: 0 } }, /w1/],
      [{ n: 60, tmax: 25 }, /variables, above the limit/],
    ];
    for (const [input, message] of bad) {
      expect(() => dbftParams(input)).toThrow(InputError);
      expect(() => dbftParams(input)).toThrow(message);
    }
  });
});
