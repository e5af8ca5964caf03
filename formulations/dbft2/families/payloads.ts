import { addReceipts, addSteps, type DbftContext } from "../context.js";
import type { StepNodeView, StepPairView } from "../variables.js";

/**
 * (8)–(10) A payload may be sent at step t only once enough of its trigger arrived up to t:
 * X(t,i,v) ≤ (1/need)·Σ_{t2≤t} Σ_j Trigger(t2,i,j,v), written as need·X − Σ Trigger ≤ 0.
 */
function sendCondition(ctx: DbftContext, name: string, send: StepNodeView, trigger: StepPairView, need: number): void {
  const { b, s } = ctx;
  const rows = b.constraintFamily<[number, number, number]>(name, "<=", 3);
  for (let t = s.Tplus.first; t <= s.Tplus.last; t++)
    for (let i = s.R.first; i <= s.R.last; i++)
      for (let v = s.V.first; v <= s.V.last; v++) {
        const r = b.row(rows, t, i, v).add(send.col(t, i, v), need);
        addReceipts(r, s, trigger, s.T.first, t, i, v, -1);
        r.end(0);
      }
}

/** (8) A PrepareResponse only after some PrepareRequest arrived. */
export function prepRespSendOptionally(ctx: DbftContext): void {
  sendCondition(ctx, "prepRespSendOptionally", ctx.x.send.PrepareResponse, ctx.x.recv.PrepareRequest, 1);
}

/** (9) A Commit only after M PrepareResponses arrived. */
export function commitSentIfMPrepRespOptionally(ctx: DbftContext): void {
  sendCondition(ctx, "commitSentIfMPrepRespOptionally", ctx.x.send.Commit, ctx.x.recv.PrepareResponse, ctx.s.M);
}

/** (10) A block relay only after M Commits arrived. */
export function blockRelayOptionallyOnlyIfEnoughCommits(ctx: DbftContext): void {
  sendCondition(ctx, "blockRelayOptionallyOnlyIfEnoughCommits", ctx.x.blockRelay, ctx.x.recv.Commit, ctx.s.M);
}

/** (11) Only the primary sends a PrepareRequest, once: Σ_{t∈T⁺} SendPrepReq(t,i,v) ≤ Primary(i,v). */
export function prepReqOOIfPrimary({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number, number]>("prepReqOOIfPrimary", "<=", 2);
  for (let i = s.R.first; i <= s.R.last; i++)
    for (let v = s.V.first; v <= s.V.last; v++) {
      const r = b.row(rows, i, v);
      addSteps(r, x.send.PrepareRequest, s.Tplus.first, s.Tplus.last, i, v);
      r.add(x.primary.col(i, v), -1).end(0);
    }
}

/** (12) Every other payload at most once per node and view: Σ_{t∈T⁺} X(t,i,v) ≤ 1. */
export function sendOnce({ b, s, x }: DbftContext): void {
  const families: [string, StepNodeView][] = [
    ["sendPrepResOO", x.send.PrepareResponse],
    ["sendCommitOO", x.send.Commit],
    ["sendCVOO", x.send.ChangeView],
    ["blockRelayOO", x.blockRelay],
  ];
  for (const [name, fam] of families) {
    const rows = b.constraintFamily<[number, number]>(name, "<=", 2);
    for (let i = s.R.first; i <= s.R.last; i++)
      for (let v = s.V.first; v <= s.V.last; v++) {
        const r = b.row(rows, i, v);
        addSteps(r, fam, s.Tplus.first, s.Tplus.last, i, v);
        r.end(1);
      }
  }
}
