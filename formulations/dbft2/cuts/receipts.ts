import { addSteps, type DbftContext } from "../context.js";
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
