import { LinearExpr, type Model, ModelBuilder } from "../../formulations/model/index.js";
import { mulberry32 } from "./rng.js";

/**
 * A multi-dimensional 0-1 knapsack with correlated weights and profits: tiny (a few rows, tens of binary
 * columns, solved at the root in milliseconds) yet it needs hundreds of branch-and-bound nodes, so a node
 * limit stops it with an incumbent, a bound and a gap on any machine.
 */
export function hardKnapsack(items = 40, dims = 5, seed = 7): Model {
  const random = mulberry32(seed);
  const b = new ModelBuilder(`knapsack-${items}x${dims}`);
  const x = Array.from({ length: items }, (_, j) => b.addNamedColumn(`x${j + 1}`, "binary", { lower: 0, upper: 1 }));
  const weights = Array.from({ length: dims }, () => Array.from({ length: items }, () => 20 + Math.floor(random() * 80)));
  for (let i = 0; i < dims; i++) {
    const row = b.namedRow(`capacity${i + 1}`, "<=");
    let total = 0;
    for (let j = 0; j < items; j++) {
      row.add(x[j]!, weights[i]![j]!);
      total += weights[i]![j]!;
    }
    row.end(Math.floor(total / 2));
  }
  const profit = new LinearExpr();
  for (let j = 0; j < items; j++) profit.add(x[j]!, weights.reduce((s, w) => s + w[j]!, 0) / dims + Math.floor(random() * 10));
  b.setObjective("max", profit);
  return b.build();
}
