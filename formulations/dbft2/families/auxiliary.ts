import { MESSAGE_KINDS } from "../messages.js";
import type { DbftContext } from "../context.js";

/** (28) totalBlockRelayed = Σ_v blockRelayed(v). */
export function calcSumBlockRelayed({ b, s, x }: DbftContext): void {
  const r = b.row(b.constraintFamily<[]>("calcSumBlockRelayed", "=", 0)).add(x.totalBlockRelayed);
  for (let v = s.V.first; v <= s.V.last; v++) r.add(x.blockRelayed.col(v), -1);
  r.end(0);
}

/** (29) numberOfRounds = Σ_i Σ_v Primary(i,v). */
export function calcTotalPrimaries({ b, s, x }: DbftContext): void {
  const r = b.row(b.constraintFamily<[]>("calcTotalPrimaries", "=", 0)).add(x.numberOfRounds);
  for (let i = s.R.first; i <= s.R.last; i++) for (let v = s.V.first; v <= s.V.last; v++) r.add(x.primary.col(i, v), -1);
  r.end(0);
}

/** (30) CV#(i,v) = Σ_{t∈T} Σ_j RecvCV(t,i,j,v). */
export function calcChangeViewEveryNodeAndView({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number, number]>("calcChangeViewEveryNodeAndView", "=", 2);
  for (let i = s.R.first; i <= s.R.last; i++)
    for (let v = s.V.first; v <= s.V.last; v++) {
      const r = b.row(rows, i, v).add(x.cvCount.col(i, v));
      for (let t = s.T.first; t <= s.T.last; t++) for (let j = s.R.first; j <= s.R.last; j++) r.add(x.recv.ChangeView.col(t, i, j, v), -1);
      r.end(0);
    }
}

/** (31) lastRelayedBlock ≥ ((v−1)·τ + t)·BlockRelay(t,i,v): the global step of the latest relay. */
export function calcLastRelayedBlockMaxProblem({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number, number, number]>("calcLastRelayedBlockMaxProblem", ">=", 3);
  for (let t = s.T.first; t <= s.T.last; t++)
    for (let i = s.R.first; i <= s.R.last; i++)
      for (let v = s.V.first; v <= s.V.last; v++)
        b.row(rows, t, i, v).add(x.lastRelayedBlock).add(x.blockRelay.col(t, i, v), -((v - 1) * s.tmax + t)).end(0);
}

/** (32) Message counters, tied to the model only when the message weight w3 ≠ 0. */
export function messageCounters({ b, p, s, x }: DbftContext): void {
  if (p.objective.w3 === 0) return;
  const sent = b.row(b.constraintFamily<[]>("calcTotalNumberSendMsg", "=", 0)).add(x.totalNumberSendMsg);
  for (const kind of MESSAGE_KINDS)
    for (let t = s.T.first; t <= s.T.last; t++)
      for (let i = s.R.first; i <= s.R.last; i++) for (let v = s.V.first; v <= s.V.last; v++) sent.add(x.send[kind].col(t, i, v), -1);
  sent.end(0);
  const received = b.row(b.constraintFamily<[]>("calcTotalNumberRcvdMsg", "=", 0)).add(x.totalNumberRcvdMsg);
  for (const kind of MESSAGE_KINDS)
    for (let t = s.T.first; t <= s.T.last; t++)
      for (let i = s.R.first; i <= s.R.last; i++)
        for (let j = s.R.first; j <= s.R.last; j++)
          for (let v = s.V.first; v <= s.V.last; v++) received.add(x.recv[kind].col(t, i, j, v), -1);
  received.end(0);
  b.row(b.constraintFamily<[]>("calcTotalNumberMsgs", "=", 0)).add(x.totalNumberMsgs).add(x.totalNumberSendMsg, -1).add(x.totalNumberRcvdMsg, -1).end(0);
}
