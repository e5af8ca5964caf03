import { LinearExpr, type Model, ModelBuilder } from "../model/index.js";
import type { DbftContext } from "./context.js";
import { addCuts } from "./cuts/index.js";
import * as auxiliary from "./families/auxiliary.js";
import * as blocks from "./families/blocks.js";
import { guaranteedDelivery } from "./families/delivery.js";
import * as honest from "./families/honest.js";
import * as payloads from "./families/payloads.js";
import * as primary from "./families/primary.js";
import * as receipt from "./families/receipt.js";
import * as timeZero from "./families/time-zero.js";
import { type DbftParams, instanceName } from "./params.js";
import { type DbftSets, type DbftVars, dbftSets, declareDbftVariables } from "./variables.js";

/** The spec's numbered constraint families and the options (delivery, rotation: no rows when off), in the order rows are emitted. */
export const DBFT_FAMILIES: readonly {
  /** The family's number in the spec (Table 1). */
  readonly spec: string;
  /** Emits the family's rows into the context's builder. */
  readonly build: (ctx: DbftContext) => void;
}[] = [
  { spec: "1", build: timeZero.initSends },
  { spec: "2", build: timeZero.initReceives },
  { spec: "3", build: primary.consensusShouldStart },
  { spec: "4", build: primary.singlePrimaryEveryView },
  { spec: "5", build: primary.primaryOO },
  { spec: "6", build: primary.avoidJumpingViews },
  { spec: "7", build: primary.nextPrimaryOnlyIfEnoughCV },
  { spec: "8", build: payloads.prepRespSendOptionally },
  { spec: "9", build: payloads.commitSentIfMPrepRespOptionally },
  { spec: "10", build: payloads.blockRelayOptionallyOnlyIfEnoughCommits },
  { spec: "11", build: payloads.prepReqOOIfPrimary },
  { spec: "12", build: payloads.sendOnce },
  { spec: "13", build: receipt.selfReceipt },
  { spec: "14", build: receipt.receiptFromOthers },
  { spec: "15", build: receipt.prepResReceivedAlongWithPrepReq },
  { spec: "16", build: receipt.receiveOnce },
  { spec: "17", build: blocks.blockRelayedOnlyIfNodeRelay },
  { spec: "18", build: blocks.blockRelayedCounterForced },
  { spec: "19", build: honest.blockRelayLimitToOneForNonByz },
  { spec: "20", build: honest.assertAtLeastOnePrimaryIfEnoughCV },
  { spec: "21", build: honest.withinSimulationLimit },
  { spec: "22", build: honest.noViewJumps },
  { spec: "23", build: honest.assertSendCVIfNotSendCommitV1 },
  { spec: "24", build: honest.assertSendCVIfNotCommitAndYesPrimary },
  { spec: "25", build: honest.sameViewLocks },
  { spec: "26", build: honest.noBlockOldViewsYesPrimary },
  { spec: "27", build: honest.earlierViewLocks },
  { spec: "28", build: auxiliary.calcSumBlockRelayed },
  { spec: "29", build: auxiliary.calcTotalPrimaries },
  { spec: "30", build: auxiliary.calcChangeViewEveryNodeAndView },
  { spec: "31", build: auxiliary.calcLastRelayedBlockMaxProblem },
  { spec: "32", build: auxiliary.messageCounters },
  { spec: "delivery", build: guaranteedDelivery },
  { spec: "rotation", build: primary.primaryRotation },
];

/** A built dBFT 2.0 model together with the parameters, sets and columns it was built from. */
export interface DbftModel {
  /** The finished model (columns, rows, objective). */
  readonly model: Model;
  /** The parameters it was built for. */
  readonly params: DbftParams;
  /** The index sets of those parameters. */
  readonly sets: DbftSets;
  /** The column layout, for decoding solutions. */
  readonly vars: DbftVars;
}

/**
 * Slight over-estimate of the non-zeros, to size the arrays once: families 8–10 and 14 give ~3.5·τ²·N³,
 * the per-step receipt families ~8·τ·N³. Growth still works if it falls short.
 */
function expectedNonzeros(p: DbftParams): number {
  const { n, tmax } = p;
  return Math.ceil(1.1 * (3.5 * tmax * tmax * n ** 3 + 8 * tmax * n ** 3) + 4096);
}

/** What a caller may add to the model while it is built. */
export interface DbftBuildOptions {
  /**
   * Rows of your own (a valid inequality, a scenario), added after the paper's families and the
   * strengthening ones: `ctx.b.row(ctx.b.constraintFamily("myCut", "<=", 0))`, then `.add(col, coef)` and
   * `.end(rhs)`, with columns from `ctx.x` (e.g. `ctx.x.blockRelayed.col(v)`).
   */
  readonly extraRows?: (ctx: DbftContext) => void;
}

/** Builds the dBFT 2.0 attack MILP of `dbft2-milp.md` for the given parameters. */
export function buildDbftModel(p: DbftParams, options: DbftBuildOptions = {}): DbftModel {
  const b = new ModelBuilder(instanceName(p), expectedNonzeros(p));
  const s = dbftSets(p);
  const x = declareDbftVariables(b, s);
  const ctx: DbftContext = { b, p, s, x };
  for (const family of DBFT_FAMILIES) family.build(ctx);
  addCuts(ctx, p.strengthen);
  options.extraRows?.(ctx);
  const { w1, w2, w3, direction } = p.objective;
  const objective = new LinearExpr().add(x.totalBlockRelayed, w1).add(x.numberOfRounds, w2).add(x.totalNumberMsgs, w3);
  b.setObjective(direction, objective);
  return { model: b.build(), params: p, sets: s, vars: x };
}
