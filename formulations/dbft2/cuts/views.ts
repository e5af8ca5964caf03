import type { DbftContext } from "../context.js";

/**
 * Views in order, v∈V⁺: Σ_i Primary(i,v) ≤ Σ_i Primary(i,v−1).
 * Family 6 says (v−1)·[view v has a primary] ≤ number of primaries of views before v; each view has at
 * most one (4), so with integers every earlier view has one, in particular v−1. Family 6 is the sum of
 * these rows over earlier views, which the LP relaxation can meet with fractions spread over the views.
 */
export function viewsInOrder({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number]>("cutViewsInOrder", "<=", 1);
  for (let v = s.Vplus.first; v <= s.Vplus.last; v++) {
    const r = b.row(rows, v);
    for (let i = s.R.first; i <= s.R.last; i++) r.add(x.primary.col(i, v)).add(x.primary.col(i, v - 1), -1);
    r.end(0);
  }
}

/**
 * A relay marks its view, t∈T⁺, i∈R, v∈V: BlockRelay(t,i,v) ≤ blockRelayed(v).
 * Family 18 says N·blockRelayed(v) ≥ the number of relays of view v, so one relay forces the binary to 1;
 * these rows say it per relay, which the relaxation cannot dilute by a factor N.
 */
export function relayMarksView({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number, number, number]>("cutRelayMarksView", "<=", 3);
  for (let t = s.Tplus.first; t <= s.Tplus.last; t++)
    for (let i = s.R.first; i <= s.R.last; i++)
      for (let v = s.V.first; v <= s.V.last; v++) b.row(rows, t, i, v).add(x.blockRelay.col(t, i, v)).add(x.blockRelayed.col(v), -1).end(0);
}

/**
 * Commit or change view, i∈H, v∈V: Σ_{t∈T⁺} SendCommit(t,i,v) + Σ_{t∈T⁺} SendCV(t,i,v) ≤ 1.
 * Family 25 forbids an honest ChangeView at or after its commit (noCVIfCommit) and a commit at or after
 * its ChangeView (noCommitIfCV); with binaries the two never meet in one view. Step by step, the
 * relaxation can send half of each twice over.
 */
export function commitOrChangeView({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number, number]>("cutCommitOrChangeView", "<=", 2);
  for (let i = s.H.first; i <= s.H.last; i++)
    for (let v = s.V.first; v <= s.V.last; v++) {
      const r = b.row(rows, i, v);
      for (let t = s.Tplus.first; t <= s.Tplus.last; t++) r.add(x.send.Commit.col(t, i, v)).add(x.send.ChangeView.col(t, i, v));
      r.end(1);
    }
}
