import { addSteps, type DbftContext } from "../context.js";

/**
 * Honest commits a block needs. A relay of view v needs M commits of view v received from M distinct
 * senders (families 10, 16); a commit is received only if its sender sent it (13, 14); at most N − M of
 * the senders are Byzantine. So at least 2M − N honest nodes sent a commit in view v.
 */
export function honestCommitsPerBlock(s: DbftContext["s"]): number {
  return 2 * s.M - s.N;
}

/**
 * Quorum cut, per view v: (2M − N)·blockRelayed(v) ≤ Σ_{j∈H} Σ_{t∈T⁺} SendCommit(t,j,v).
 * blockRelayed(v) = 1 only if some node relayed in view v (17), which needs the honest commits above;
 * an honest node commits at most once per view (12). Rows are omitted when 2M ≤ N (no bound).
 */
export function quorumCut(ctx: DbftContext): void {
  const { b, s, x } = ctx;
  const need = honestCommitsPerBlock(s);
  if (need <= 0) return;
  const rows = b.constraintFamily<[number]>("cutQuorumCommitsPerBlock", "<=", 1);
  for (let v = s.V.first; v <= s.V.last; v++) {
    const r = b.row(rows, v).add(x.blockRelayed.col(v), need);
    for (let j = s.H.first; j <= s.H.last; j++) addSteps(r, x.send.Commit, s.Tplus.first, s.Tplus.last, j, v, -1);
    r.end(0);
  }
}

/**
 * Block budget: Σ_v blockRelayed(v) ≤ ⌊M / (2M − N)⌋. Summing the quorum cut over the views, the right
 * side counts every honest commit of the run; an honest node commits once in all views (12 and 27), so
 * it is at most M. The left side is an integer: round down (a Chvátal–Gomory cut).
 */
export function blockBudget(ctx: DbftContext): void {
  const { b, s, x } = ctx;
  const need = honestCommitsPerBlock(s);
  if (need <= 0) return;
  const r = b.row(b.constraintFamily<[]>("cutBlockBudget", "<=", 0));
  for (let v = s.V.first; v <= s.V.last; v++) r.add(x.blockRelayed.col(v));
  r.end(Math.floor(s.M / need));
}

/**
 * Honest responses a commit needs, per node i and view v:
 * (2M − N)·Σ_{t∈T⁺} SendCommit(t,i,v) ≤ Σ_{j∈H} Σ_{t∈T⁺} SendPrepRes(t,j,v).
 * Any node (Byzantine too, family 9) commits only after receiving M PrepareResponses of view v from
 * distinct senders; as above, at least 2M − N of them are honest, and each sends at most one (12).
 */
export function commitNeedsHonestResponses(ctx: DbftContext): void {
  const { b, s, x } = ctx;
  const need = honestCommitsPerBlock(s);
  if (need <= 0) return;
  const rows = b.constraintFamily<[number, number]>("cutCommitNeedsHonestResponses", "<=", 2);
  for (let i = s.R.first; i <= s.R.last; i++)
    for (let v = s.V.first; v <= s.V.last; v++) {
      const r = b.row(rows, i, v);
      addSteps(r, x.send.Commit, s.Tplus.first, s.Tplus.last, i, v, need);
      for (let j = s.H.first; j <= s.H.last; j++) addSteps(r, x.send.PrepareResponse, s.Tplus.first, s.Tplus.last, j, v, -1);
      r.end(0);
    }
}
