import type { RowWriter } from "../../model/index.js";
import type { DbftContext } from "../context.js";

function addRelaysOfView({ s, x }: DbftContext, r: RowWriter, v: number, coef: number): void {
  for (let t = s.Tplus.first; t <= s.Tplus.last; t++) for (let i = s.R.first; i <= s.R.last; i++) r.add(x.blockRelay.col(t, i, v), coef);
}

/** (17) A view counts a block only if some node relayed one: blockRelayed(v) ≤ Σ_{t∈T⁺} Σ_i BlockRelay(t,i,v). */
export function blockRelayedOnlyIfNodeRelay(ctx: DbftContext): void {
  const { b, s, x } = ctx;
  const rows = b.constraintFamily<[number]>("blockRelayedOnlyIfNodeRelay", "<=", 1);
  for (let v = s.V.first; v <= s.V.last; v++) {
    const r = b.row(rows, v).add(x.blockRelayed.col(v));
    addRelaysOfView(ctx, r, v, -1);
    r.end(0);
  }
}

/** (18) Any relay in a view marks the view: N·blockRelayed(v) ≥ Σ_{t∈T⁺} Σ_i BlockRelay(t,i,v). */
export function blockRelayedCounterForced(ctx: DbftContext): void {
  const { b, s, x } = ctx;
  const rows = b.constraintFamily<[number]>("blockRelayedCounterForced", ">=", 1);
  for (let v = s.V.first; v <= s.V.last; v++) {
    const r = b.row(rows, v).add(x.blockRelayed.col(v), s.N);
    addRelaysOfView(ctx, r, v, -1);
    r.end(0);
  }
}
