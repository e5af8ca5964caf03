import { addReceipts, addSteps, type DbftContext } from "../context.js";
import type { StepNodeView, StepPairView } from "../variables.js";
import { MESSAGE_KINDS, MESSAGE_NAMES } from "../messages.js";

/**
 * Receipt needs a send, per kind, i≠j, v: Σ_{t∈T⁺} Recv(t,i,j,v) ≤ Σ_{t∈T⁺} Send(t,j,v).
 * Family 14 bounds each step's receipt by the sends before it, and 16 the receipts by 1; with integers a
 * receipt at all means j sent once. The relaxation can instead receive a fraction at every step, each
 * time against the same fractional send; this row aggregates over the steps.
 */
export function receiptNeedsSend({ b, s, x }: DbftContext): void {
  for (const kind of MESSAGE_KINDS) {
    const rows = b.constraintFamily<[number, number, number]>(`cutReceiptNeedsSend${MESSAGE_NAMES[kind].tag}`, "<=", 3);
    const recv = x.recv[kind];
    const send = x.send[kind];
    for (let i = s.R.first; i <= s.R.last; i++)
      for (let j = s.R.first; j <= s.R.last; j++) {
        if (i === j) continue;
        for (let v = s.V.first; v <= s.V.last; v++) {
          const r = b.row(rows, i, j, v);
          for (let t = s.Tplus.first; t <= s.Tplus.last; t++) r.add(recv.col(t, i, j, v));
          addSteps(r, send, s.Tplus.first, s.Tplus.last, j, v, -1);
          r.end(0);
        }
      }
  }
}

/**
 * Sends need receipts, summed over the steps, for every node i and view v:
 *   Σ_{t∈T⁺} SendPrepRes(t,i,v) ≤ Σ_{t∈T⁺} Σ_j RecvPrepReq(t,i,j,v),
 *   M·Σ_{t∈T⁺} SendCommit(t,i,v) ≤ Σ_{t∈T⁺} Σ_j RecvPrepResp(t,i,j,v),
 *   M·Σ_{t∈T⁺} BlockRelay(t,i,v) ≤ Σ_{t∈T⁺} Σ_j RecvCommit(t,i,j,v).
 * Families 8–10 bound each step's send by the receipts up to that step; a node sends each payload at
 * most once (12), so with binaries the sum over the steps is one send at some step t*, covered by the
 * receipts up to t*, which are at most all its receipts. The relaxation can instead send a fraction at
 * every step, each time against the same receipts.
 */
export function sendsNeedReceipts({ b, s, x }: DbftContext): void {
  const groups: [string, StepNodeView, StepPairView, number][] = [
    ["cutPrepResNeedsRequest", x.send.PrepareResponse, x.recv.PrepareRequest, 1],
    ["cutCommitNeedsResponses", x.send.Commit, x.recv.PrepareResponse, s.M],
    ["cutRelayNeedsCommits", x.blockRelay, x.recv.Commit, s.M],
  ];
  for (const [name, send, recv, rate] of groups) {
    const rows = b.constraintFamily<[number, number]>(name, "<=", 2);
    for (let i = s.R.first; i <= s.R.last; i++)
      for (let v = s.V.first; v <= s.V.last; v++) {
        const r = b.row(rows, i, v);
        addSteps(r, send, s.Tplus.first, s.Tplus.last, i, v, rate);
        addReceipts(r, s, recv, s.Tplus.first, s.Tplus.last, i, v, -1);
        r.end(0);
      }
  }
}
