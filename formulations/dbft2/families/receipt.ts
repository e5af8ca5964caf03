import { MESSAGE_KINDS, MESSAGE_NAMES } from "../messages.js";
import type { DbftContext } from "../context.js";

/** (13) A node receives its own payload at the step it sends it: RecvX(t,i,i,v) = SendX(t,i,v). */
export function selfReceipt({ b, s, x }: DbftContext): void {
  for (const kind of MESSAGE_KINDS) {
    const rows = b.constraintFamily<[number, number, number]>(`${MESSAGE_NAMES[kind].receivedTag}ReceivedSS`, "=", 3);
    const recv = x.recv[kind];
    const send = x.send[kind];
    for (let t = s.Tplus.first; t <= s.Tplus.last; t++)
      for (let i = s.R.first; i <= s.R.last; i++)
        for (let v = s.V.first; v <= s.V.last; v++) b.row(rows, t, i, v).add(recv.col(t, i, i, v)).add(send.col(t, i, v), -1).end(0);
  }
}

/**
 * (14) A payload from another node arrives at least one step after it was sent:
 * RecvX(t,i,j,v) ≤ Σ_{1<t2<t} SendX(t2,j,v), for i ≠ j. At t = 2 the sum is empty and the row pins RecvX to 0.
 */
export function receiptFromOthers({ b, s, x }: DbftContext): void {
  for (const kind of MESSAGE_KINDS) {
    const rows = b.constraintFamily<[number, number, number, number]>(`${MESSAGE_NAMES[kind].receivedTag}Received`, "<=", 4);
    const recv = x.recv[kind];
    const send = x.send[kind];
    for (let t = s.Tplus.first; t <= s.Tplus.last; t++)
      for (let i = s.R.first; i <= s.R.last; i++)
        for (let j = s.R.first; j <= s.R.last; j++) {
          if (i === j) continue;
          for (let v = s.V.first; v <= s.V.last; v++) {
            const r = b.row(rows, t, i, j, v).add(recv.col(t, i, j, v));
            for (let t2 = s.Tplus.first; t2 < t; t2++) r.add(send.col(t2, j, v), -1);
            r.end(0);
          }
        }
  }
}

/**
 * (15) The PrepareRequest carries the primary's preparation, so receiving it counts as receiving the
 * primary's PrepareResponse: RecvPrepResp(t,i,j,v) ≥ RecvPrepReq(t,i,j,v), for all i, j (i = j included).
 */
export function prepResReceivedAlongWithPrepReq({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number, number, number, number]>("prepResReceivedAlongWithPrepReq", ">=", 4);
  for (let t = s.Tplus.first; t <= s.Tplus.last; t++)
    for (let i = s.R.first; i <= s.R.last; i++)
      for (let j = s.R.first; j <= s.R.last; j++)
        for (let v = s.V.first; v <= s.V.last; v++)
          b.row(rows, t, i, j, v).add(x.recv.PrepareResponse.col(t, i, j, v)).add(x.recv.PrepareRequest.col(t, i, j, v), -1).end(0);
}

/** (16) Each payload from a given sender is received at most once per view: Σ_{t∈T⁺} RecvX(t,i,j,v) ≤ 1. */
export function receiveOnce({ b, s, x }: DbftContext): void {
  for (const kind of MESSAGE_KINDS) {
    const rows = b.constraintFamily<[number, number, number]>(`rcvd${MESSAGE_NAMES[kind].tag}OO`, "<=", 3);
    const recv = x.recv[kind];
    for (let i = s.R.first; i <= s.R.last; i++)
      for (let j = s.R.first; j <= s.R.last; j++)
        for (let v = s.V.first; v <= s.V.last; v++) {
          const r = b.row(rows, i, j, v);
          for (let t = s.Tplus.first; t <= s.Tplus.last; t++) r.add(recv.col(t, i, j, v));
          r.end(1);
        }
  }
}
