import fc from "fast-check";
import { LinearExpr, type Model, ModelBuilder, type Sense, type VarKind } from "../../formulations/model/index.js";

/** A small MILP as plain data: what fast-check generates and shrinks. */
export interface MilpSpec {
  direction: "min" | "max";
  vars: { kind: VarKind; lower: number; upper: number; cost: number }[];
  rows: { coefs: number[]; sense: Sense; rhs: number }[];
}

const coef = fc.integer({ min: -5, max: 5 });

/**
 * A few bounded variables (so never unbounded), a few rows with small integer data: feasible or not.
 * Continuous bounds are halves so that LP answers are not always integral.
 */
export const milpSpec: fc.Arbitrary<MilpSpec> = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    direction: fc.constantFrom("min" as const, "max" as const),
    vars: fc.array(
      fc.record({ kind: fc.constantFrom<VarKind>("continuous", "integer", "binary"), lower: fc.integer({ min: -6, max: 2 }), width: fc.integer({ min: 0, max: 8 }), cost: coef }).map(({ kind, lower, width, cost }) =>
        kind === "binary" ? { kind, lower: 0, upper: 1, cost } : kind === "continuous" ? { kind, lower: lower / 2, upper: (lower + width) / 2, cost } : { kind, lower, upper: lower + width, cost },
      ),
      { minLength: n, maxLength: n },
    ),
    rows: fc.array(fc.record({ coefs: fc.array(coef, { minLength: n, maxLength: n }), sense: fc.constantFrom<Sense>("<=", ">=", "="), rhs: fc.integer({ min: -10, max: 10 }) }), { maxLength: 5 }),
  }),
);

export function milpModel(spec: MilpSpec): Model {
  const b = new ModelBuilder("random");
  const cols = spec.vars.map((v, k) => b.addNamedColumn(`x${k + 1}`, v.kind, { lower: v.lower, upper: v.upper }));
  spec.rows.forEach((r, i) => {
    const w = b.namedRow(`c${i + 1}`, r.sense);
    r.coefs.forEach((c, k) => w.add(cols[k]!, c));
    w.end(r.rhs);
  });
  const obj = new LinearExpr();
  spec.vars.forEach((v, k) => obj.add(cols[k]!, v.cost));
  b.setObjective(spec.direction, obj);
  return b.build();
}
