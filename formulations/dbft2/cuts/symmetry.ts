import type { DbftContext } from "../context.js";

/**
 * Symmetry of node labels: honest primaries in label order, and Byzantine ones too.
 * For consecutive labels k, k+1 of one group (honest H = 1..M or Byzantine M+1..N) and every view v:
 *   Primary(k+1, v) ≤ Σ_{v2<v} Primary(k, v2).
 * Why the optimum is kept: every family of the model treats the nodes of H alike and those of R \ H
 * alike (rows range over all i of a group, sums over all j of R or of H, delivery over all pairs of H),
 * and so does the objective. Renaming nodes within a group maps solutions to solutions of equal value.
 * Given any solution, rename each group's primaries 1, 2, ... (M+1, M+2, ...) in the order of the views
 * they lead (a node leads at most once, family 5) and the others after them: the renamed solution meets
 * these rows. The other cuts are sums over whole groups or rows for every node, so renaming keeps them.
 */
export function primariesInLabelOrder({ b, s, x }: DbftContext): void {
  const rows = b.constraintFamily<[number, number]>("cutPrimariesInLabelOrder", "<=", 2);
  const groups: [first: number, last: number][] = [
    [s.H.first, s.H.last],
    [s.M + 1, s.N],
  ];
  for (const [first, last] of groups)
    for (let k = first; k < last; k++)
      for (let v = s.V.first; v <= s.V.last; v++) {
        const r = b.row(rows, k + 1, v).add(x.primary.col(k + 1, v));
        for (let v2 = s.V.first; v2 < v; v2++) r.add(x.primary.col(k, v2), -1);
        r.end(0);
      }
}
