import type { DbftParams } from "../../formulations/dbft2/index.js";
import { dbftLayout, quorum } from "../../formulations/dbft2/index.js";
import { type Model, VariableFamily } from "../../formulations/model/index.js";

/**
 * The solution with node i renamed perm[i] (1-based; perm[0] unused) in every column indexed by a node.
 * This is the renaming of the symmetry argument in docs/strengthening.md, done on the column vector.
 */
export function relabelNodes(model: Model, values: ArrayLike<number>, perm: readonly number[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let col = 0; col < values.length; col++) {
    const fam = model.familyOfCol(col);
    if (!(fam instanceof VariableFamily) || !fam.sets.some((s) => s.name === "R")) {
      out[col] = values[col]!;
      continue;
    }
    const key = fam.keyOf(col).map((k, d) => (fam.sets[d]!.name === "R" ? perm[k]! : k));
    out[fam.col(...key)] = values[col]!;
  }
  return out;
}

/** The renaming that numbers each group's primaries in the order of the views they lead, others after. */
export function canonicalPermutation(p: Pick<DbftParams, "n" | "tmax">, values: ArrayLike<number>): number[] {
  const { vars } = dbftLayout(p);
  const m = quorum(p.n);
  const ledAt = (i: number) => {
    for (let v = 1; v <= p.n; v++) if (values[vars.primary.col(i, v)]! > 0.5) return v;
    return Infinity;
  };
  const perm = [0];
  for (const [first, last] of [
    [1, m],
    [m + 1, p.n],
  ] as const) {
    const nodes = Array.from({ length: last - first + 1 }, (_, k) => first + k);
    const order = [...nodes].sort((a, b) => ledAt(a) - ledAt(b) || a - b);
    order.forEach((node, k) => (perm[node] = first + k));
  }
  return perm;
}
