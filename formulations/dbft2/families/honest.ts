import { addReceipts, addSteps, type DbftContext } from "../context.js";
import type { StepNodeView, StepPairView } from "../variables.js";

/** (19) An honest node relays at most one block over all views: Σ_{t∈T⁺} Σ_v BlockRelay(t,i,v) ≤ 1. */
export function blockRelayLimitToOneForNonByz({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number]>("blockRelayLimitToOneForNonByz", "<=", 1);
  for (let i = s.H.first; i <= s.H.last; i++) {
    const r = b.row(rows, i);
    for (let t = s.Tplus.first; t <= s.Tplus.last; t++) for (let v = s.V.first; v <= s.V.last; v++) r.add(x.blockRelay.col(t, i, v));
    r.end(1);
  }
}

/**
 * (20) If an honest node got at least M ChangeViews in view v−1, view v has a primary:
 * 2·Σ_ii Primary(ii,v) ≥ CV#(i,v−1) − M + 1.
 */
export function assertAtLeastOnePrimaryIfEnoughCV({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number, number]>("assertAtLeastOnePrimaryIfEnoughCV", ">=", 2);
  for (let i = s.H.first; i <= s.H.last; i++)
    for (let v = s.Vplus.first; v <= s.Vplus.last; v++) {
      const r = b.row(rows, i, v);
      for (let ii = s.R.first; ii <= s.R.last; ii++) r.add(x.primary.col(ii, v), 2);
      r.add(x.cvCount.col(i, v - 1), -1).end(1 - s.M);
    }
}

/**
 * (21) Honest nodes act within the simulation (the paper's Eq. 19 with Send, Recv, Rate, Delta):
 * Rate·Σ_{t∈T⁺} Send(t,i,v) ≥ Σ_{t∈T⁺} Σ_j Recv(t,i,j,v) + Delta; the primary always sends its PrepareRequest.
 */
export function withinSimulationLimit({ b, s, x }: DbftContext): void {
  const prepReq = b.constraintFamily<[number, number]>("assertSendPrepReqWithinSimLimit", ">=", 2);
  for (let i = s.H.first; i <= s.H.last; i++)
    for (let v = s.V.first; v <= s.V.last; v++) {
      const r = b.row(prepReq, i, v);
      addSteps(r, x.send.PrepareRequest, s.Tplus.first, s.Tplus.last, i, v);
      r.add(x.primary.col(i, v), -1).end(0);
    }
  const groups: [string, StepNodeView, StepPairView, number, number][] = [
    ["assertSendPrepResWithinSimLimit", x.send.PrepareResponse, x.recv.PrepareRequest, 1, 0],
    ["assertSendCommitWithinSimLimit", x.send.Commit, x.recv.PrepareResponse, 2, 1 - s.M],
    ["assertBlockRelayWithinSimLimit", x.blockRelay, x.recv.Commit, 2, 1 - s.M],
  ];
  for (const [name, send, recv, rate, delta] of groups) {
    const rows = b.constraintFamily<[number, number]>(name, ">=", 2);
    for (let i = s.H.first; i <= s.H.last; i++)
      for (let v = s.V.first; v <= s.V.last; v++) {
        const r = b.row(rows, i, v);
        addSteps(r, send, s.Tplus.first, s.Tplus.last, i, v, rate);
        addReceipts(r, s, recv, s.Tplus.first, s.Tplus.last, i, v, -1);
        r.end(delta);
      }
  }
}

/**
 * (22) An honest node acts in view v only after M ChangeViews reached it in view v−1:
 * Σ_{t∈T⁺} X(t,i,v) ≤ (1/M)·CV#(i,v−1), written multiplied through by M.
 */
export function noViewJumps({ b, s, x }: DbftContext): void {
  const groups: [string, StepNodeView][] = [
    ["sendPrepReqOnlyIfViewBeforeOk", x.send.PrepareRequest],
    ["sendPrepResOnlyIfViewBeforeOk", x.send.PrepareResponse],
    ["sendCommitOnlyIfViewBeforeOk", x.send.Commit],
    ["sendCVOnlyIfViewBeforeOk", x.send.ChangeView],
  ];
  for (const [name, fam] of groups) {
    const rows = b.constraintFamily<[number, number]>(name, "<=", 2);
    for (let i = s.H.first; i <= s.H.last; i++)
      for (let v = s.Vplus.first; v <= s.Vplus.last; v++) {
        const r = b.row(rows, i, v);
        addSteps(r, fam, s.Tplus.first, s.Tplus.last, i, v, s.M);
        r.add(x.cvCount.col(i, v - 1), -1).end(0);
      }
  }
}

/** (23) In view 1 an honest node that did not commit asks for a view change: Σ SendCV(t,i,1) ≥ 1 − Σ SendCommit(t,i,1). */
export function assertSendCVIfNotSendCommitV1({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number]>("assertSendCVIfNotSendCommitV1", ">=", 1);
  for (let i = s.H.first; i <= s.H.last; i++) {
    const r = b.row(rows, i);
    addSteps(r, x.send.ChangeView, s.Tplus.first, s.Tplus.last, i, 1);
    addSteps(r, x.send.Commit, s.Tplus.first, s.Tplus.last, i, 1);
    r.end(1);
  }
}

/**
 * (24) Later views likewise, unless the previous view never started:
 * Σ SendCV(t,i,v) ≥ 1 − Σ_{v2≤v} Σ SendCommit(t,i,v2) − (1 − Σ_ii Primary(ii,v−1)); the constants cancel.
 */
export function assertSendCVIfNotCommitAndYesPrimary({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number, number]>("assertSendCVIfNotCommitAndYesPrimary", ">=", 2);
  for (let i = s.H.first; i <= s.H.last; i++)
    for (let v = s.Vplus.first; v <= s.Vplus.last; v++) {
      const r = b.row(rows, i, v);
      addSteps(r, x.send.ChangeView, s.Tplus.first, s.Tplus.last, i, v);
      for (let v2 = s.V.first; v2 <= v; v2++) addSteps(r, x.send.Commit, s.Tplus.first, s.Tplus.last, i, v2);
      for (let ii = s.R.first; ii <= s.R.last; ii++) r.add(x.primary.col(ii, v - 1), -1);
      r.end(0);
    }
}

/**
 * (25) Locks within a view: after a ChangeView (or a Commit, or a relay) an honest node sends nothing
 * that contradicts it: X(t,i,v) ≤ 1 − Σ_{1<t2≤t} Y(t2,i,v).
 */
export function sameViewLocks({ b, s, x }: DbftContext): void {
  const { send, blockRelay } = x;
  const pairs: [string, StepNodeView, StepNodeView][] = [
    ["noPrepReqIfCV", send.PrepareRequest, send.ChangeView],
    ["noPrepResIfCV", send.PrepareResponse, send.ChangeView],
    ["noCommitIfCV", send.Commit, send.ChangeView],
    ["noCVIfCommit", send.ChangeView, send.Commit],
    ["noBlockYesPrepReq", send.PrepareRequest, blockRelay],
    ["noBlockYesPrepRes", send.PrepareResponse, blockRelay],
    ["noBlockYesCommit", send.Commit, blockRelay],
    ["noBlockYesCV", send.ChangeView, blockRelay],
  ];
  for (const [name, xFam, yFam] of pairs) {
    const rows = b.constraintFamily<[number, number, number]>(name, "<=", 3);
    for (let t = s.Tplus.first; t <= s.Tplus.last; t++)
      for (let i = s.H.first; i <= s.H.last; i++)
        for (let v = s.V.first; v <= s.V.last; v++) {
          const r = b.row(rows, t, i, v).add(xFam.col(t, i, v));
          addSteps(r, yFam, s.Tplus.first, t, i, v);
          r.end(1);
        }
  }
}

/** (26) An honest node that relayed a block in an earlier view is never primary again. */
export function noBlockOldViewsYesPrimary({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number, number]>("noBlockOldViewsYesPrimary", "<=", 2);
  for (let i = s.H.first; i <= s.H.last; i++)
    for (let v = s.Vplus.first; v <= s.Vplus.last; v++) {
      const r = b.row(rows, i, v).add(x.primary.col(i, v));
      for (let v2 = s.V.first; v2 < v; v2++) addSteps(r, x.blockRelay, s.Tplus.first, s.Tplus.last, i, v2);
      r.end(1);
    }
}

/**
 * (27) Locks from earlier views: a relay or a Commit in an earlier view forbids later payloads:
 * Σ_{t∈T⁺} X(t,i,v) ≤ 1 − Σ_{t∈T⁺} Σ_{v2<v} Y(t,i,v2).
 */
export function earlierViewLocks({ b, s, x }: DbftContext): void {
  const { send, blockRelay } = x;
  const pairs: [string, StepNodeView, StepNodeView][] = [
    ["noBlockOldViewsYesPrepReq", send.PrepareRequest, blockRelay],
    ["noBlockOldViewsYesPrepRes", send.PrepareResponse, blockRelay],
    ["noBlockOldViewsYesCommit", send.Commit, blockRelay],
    ["noCommitOldViewsYesPrepReq", send.PrepareRequest, send.Commit],
    ["noCommitOldViewsYesPrepRes", send.PrepareResponse, send.Commit],
    ["noCommitOldViewsYesCommit", send.Commit, send.Commit],
    ["noCommitOldViewsYesCV", send.ChangeView, send.Commit],
  ];
  for (const [name, xFam, yFam] of pairs) {
    const rows = b.constraintFamily<[number, number]>(name, "<=", 2);
    for (let i = s.H.first; i <= s.H.last; i++)
      for (let v = s.Vplus.first; v <= s.Vplus.last; v++) {
        const r = b.row(rows, i, v);
        addSteps(r, xFam, s.Tplus.first, s.Tplus.last, i, v);
        for (let v2 = s.V.first; v2 < v; v2++) addSteps(r, yFam, s.Tplus.first, s.Tplus.last, i, v2);
        r.end(1);
      }
  }
}
