import type { DbftContext } from "../context.js";
import { neoPrimary } from "../params.js";

/** (3) Some node is primary of view 1: Σ_i Primary(i,1) = 1. */
export function consensusShouldStart({ b, s, x }: DbftContext): void {
  const r = b.row(b.constraintFamily<[]>("consensusShouldStart", "=", 0));
  for (let i = s.R.first; i <= s.R.last; i++) r.add(x.primary.col(i, 1));
  r.end(1);
}

/** (4) At most one primary per view: Σ_i Primary(i,v) ≤ 1. */
export function singlePrimaryEveryView({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number]>("singlePrimaryEveryView", "<=", 1);
  for (let v = s.V.first; v <= s.V.last; v++) {
    const r = b.row(rows, v);
    for (let i = s.R.first; i <= s.R.last; i++) r.add(x.primary.col(i, v));
    r.end(1);
  }
}

/** (5) A node is primary at most once: Σ_v Primary(i,v) ≤ 1. */
export function primaryOO({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number]>("primaryOO", "<=", 1);
  for (let i = s.R.first; i <= s.R.last; i++) {
    const r = b.row(rows, i);
    for (let v = s.V.first; v <= s.V.last; v++) r.add(x.primary.col(i, v));
    r.end(1);
  }
}

/** (6) View v has a primary only if every earlier view had one: (v−1)·Σ_i Primary(i,v) ≤ Σ_i Σ_{v2<v} Primary(i,v2). */
export function avoidJumpingViews({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number]>("avoidJumpingViews", "<=", 1);
  for (let v = s.Vplus.first; v <= s.Vplus.last; v++) {
    const r = b.row(rows, v);
    for (let i = s.R.first; i <= s.R.last; i++) r.add(x.primary.col(i, v), v - 1);
    for (let i = s.R.first; i <= s.R.last; i++) for (let v2 = s.V.first; v2 < v; v2++) r.add(x.primary.col(i, v2), -1);
    r.end(0);
  }
}

/**
 * (7) Node i leads view v only after receiving M ChangeViews in view v−1: Primary(i,v) ≤ (1/M)·CV#(i,v−1).
 * Written multiplied through by M so every coefficient is an integer; the row and its non-zeros are unchanged.
 */
export function nextPrimaryOnlyIfEnoughCV({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number, number]>("nextPrimaryOnlyIfEnoughCV", "<=", 2);
  for (let i = s.R.first; i <= s.R.last; i++)
    for (let v = s.Vplus.first; v <= s.Vplus.last; v++) b.row(rows, i, v).add(x.primary.col(i, v), s.M).add(x.cvCount.col(i, v - 1), -1).end(0);
}

/**
 * Optional (`rotation`, not in the paper): Neo's round-robin primary. At block height h only node
 * ρ(v) = neoPrimary(N, h, v) may lead view v: Primary(i,v) ≤ 0 for every i ≠ ρ(v). Rows rather than
 * bounds, so that LP and MPS files show them. Family (3) then makes ρ(1) lead view 1; (5) forbids no
 * view of the rotation, since ρ maps the N views one-to-one onto the N nodes.
 */
export function primaryRotation({ b, p, s, x }: DbftContext): void {
  if (p.rotation === null) return;
  const rows = b.constraintFamily<[number, number]>("primaryRotation", "<=", 2);
  for (let v = s.V.first; v <= s.V.last; v++) {
    const leader = neoPrimary(s.N, p.rotation.height, v);
    for (let i = s.R.first; i <= s.R.last; i++) if (i !== leader) b.row(rows, i, v).add(x.primary.col(i, v)).end(0);
  }
}
