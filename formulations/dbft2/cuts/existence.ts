import type { RowWriter } from "../../model/index.js";
import { addSteps, type DbftContext } from "../context.js";
import { MESSAGE_NAMES, type MessageKind } from "../messages.js";

/**
 * Messages need their view to exist, v∈V⁺, with P(v) = Σ_k Primary(k,v):
 *   every node i:  Σ_{t∈T⁺} X(t,i,v) ≤ P(v) for X = SendPrepRes, SendCommit, BlockRelay;
 *   honest i:      Σ_{t∈T⁺} SendCV(t,i,v) ≤ P(v);
 *   i ≠ j:         Σ_{t∈T⁺} RecvPrepReq(t,i,j,v) ≤ Primary(j,v),
 *                  Σ_{t∈T⁺} RecvX(t,i,j,v) ≤ P(v) for X = PrepResp, Commit, and for CV when j is honest.
 * Why, with integers: a PrepareRequest is sent only by the primary (11); a PrepareResponse by anyone
 * needs one received (8), so sent by the primary (13, 14); a commit needs PrepareResponses received (9)
 * and a relay commits received (10), so sent, so a primary again. An honest ChangeView in view v ≥ 2
 * needs M ChangeViews received in v−1 (22), and then (20) reads 2·P(v) ≥ 1: view v has a primary.
 * A receipt from j ≠ i needs j's send (14). Every left side is at most 1 (12, 16).
 * Byzantine ChangeViews need nothing, so they stay free in views without a primary. The relaxation
 * otherwise runs every view at a fraction of a primary while carrying whole messages.
 */
export function messagesNeedTheirView({ b, s, x }: DbftContext): void {
  const primaries = (r: RowWriter, v: number): RowWriter => {
    for (let k = s.R.first; k <= s.R.last; k++) r.add(x.primary.col(k, v), -1);
    return r;
  };
  const sends: [string, typeof x.blockRelay, number][] = [
    ["cutViewForPrepRes", x.send.PrepareResponse, s.N],
    ["cutViewForCommit", x.send.Commit, s.N],
    ["cutViewForRelay", x.blockRelay, s.N],
    ["cutViewForCV", x.send.ChangeView, s.M],
  ];
  for (const [name, send, lastNode] of sends) {
    const rows = b.constraintFamily<[number, number]>(name, "<=", 2);
    for (let i = s.R.first; i <= lastNode; i++)
      for (let v = s.Vplus.first; v <= s.Vplus.last; v++) {
        const r = b.row(rows, i, v);
        addSteps(r, send, s.Tplus.first, s.Tplus.last, i, v);
        primaries(r, v).end(0);
      }
  }
  const receipts: [MessageKind, number][] = [
    ["PrepareRequest", s.N],
    ["PrepareResponse", s.N],
    ["Commit", s.N],
    ["ChangeView", s.M],
  ];
  for (const [kind, lastSender] of receipts) {
    const rows = b.constraintFamily<[number, number, number]>(`cutViewForRecv${MESSAGE_NAMES[kind].tag}`, "<=", 3);
    const recv = x.recv[kind];
    for (let i = s.R.first; i <= s.R.last; i++)
      for (let j = s.R.first; j <= lastSender; j++) {
        if (i === j) continue;
        for (let v = s.Vplus.first; v <= s.Vplus.last; v++) {
          const r = b.row(rows, i, j, v);
          for (let t = s.Tplus.first; t <= s.Tplus.last; t++) r.add(recv.col(t, i, j, v));
          if (kind === "PrepareRequest") r.add(x.primary.col(j, v), -1).end(0);
          else primaries(r, v).end(0);
        }
      }
  }
}
