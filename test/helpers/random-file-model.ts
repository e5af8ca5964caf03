import fc from "fast-check";
import { LinearExpr, type Model, ModelBuilder, type VarKind } from "../../formulations/model/index.js";

/** A small model of the kind files hold: ranged, free and empty rows, infinite and negative bounds, odd names. */
export interface FileModelSpec {
  direction: "min" | "max";
  vars: { name: string; kind: VarKind; lower: number; upper: number; cost: number }[];
  rows: { name: string; coefs: number[]; lower: number; upper: number }[];
}

/** Names legal in free MPS that CPLEX LP cannot carry (a leading digit, dots, keywords, signs). */
const ODD_NAMES = ["2", "...", ".x", "end", "st", "x-y", "a+b", "[1]", "c:d", "Inf", "obj2", "MARKER2", "RHS", "x/2", "é"];

const coef = fc.integer({ min: -4, max: 4 });
const bound = fc.oneof(fc.integer({ min: -6, max: 6 }), fc.constant(-Infinity), fc.constant(Infinity));

const rowSpec = (n: number) =>
  fc
    .record({
      coefs: fc.oneof({ weight: 6, arbitrary: fc.array(coef, { minLength: n, maxLength: n }) }, { weight: 1, arbitrary: fc.constant(new Array<number>(n).fill(0)) }),
      kind: fc.constantFrom("<=", ">=", "=", "range", "free"),
      a: fc.integer({ min: -10, max: 10 }),
      width: fc.integer({ min: 1, max: 8 }),
    })
    .map(({ coefs, kind, a, width }) => {
      const [lower, upper] = kind === "<=" ? [-Infinity, a] : kind === ">=" ? [a, Infinity] : kind === "=" ? [a, a] : kind === "range" ? [a, a + width] : [-Infinity, Infinity];
      return { coefs, lower, upper };
    });

const varSpec = fc
  .record({ kind: fc.constantFrom<VarKind>("continuous", "continuous", "integer", "binary", "semicontinuous"), a: bound, b: bound, cost: coef })
  .map(({ kind, a, b, cost }) => {
    if (kind === "binary") return { kind, lower: 0, upper: 1, cost };
    let [lower, upper] = a <= b ? [a, b] : [b, a];
    if (lower === Infinity) lower = 0;
    if (upper === -Infinity) upper = 0;
    // Semi-continuous: a positive finite range (CBC needs the upper bound; 0 in the range makes it plain continuous).
    if (kind === "semicontinuous") return { kind, lower: Math.abs(Number.isFinite(lower) ? lower : 1) + 1, upper: Math.abs(Number.isFinite(lower) ? lower : 1) + 4, cost };
    const halve = (x: number) => (kind === "continuous" && Number.isFinite(x) ? x / 2 : x);
    return { kind, lower: halve(lower), upper: halve(upper), cost };
  });

export const fileModelSpec: fc.Arbitrary<FileModelSpec> = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    direction: fc.constantFrom("min" as const, "max" as const),
    vars: fc.tuple(fc.array(varSpec, { minLength: n, maxLength: n }), fc.shuffledSubarray(ODD_NAMES, { minLength: n, maxLength: n })).map(([vs, names]) => vs.map((v, k) => ({ ...v, name: k % 2 === 0 ? names[k]! : `x${k + 1}` }))),
    rows: fc.array(rowSpec(n), { maxLength: 5 }).map((rs) => rs.map((r, i) => ({ ...r, name: i % 2 === 0 ? `r.${i + 1}` : `${i + 1}` }))),
  }),
);

export function fileModel(spec: FileModelSpec): Model {
  const b = new ModelBuilder("random-file");
  const cols = spec.vars.map((v) => b.addNamedColumn(v.name, v.kind, { lower: v.lower, upper: v.upper }));
  for (const r of spec.rows) {
    const w = b.namedRow(r.name, "<=");
    r.coefs.forEach((c, k) => w.add(cols[k]!, c));
    w.endRange(r.lower, r.upper);
  }
  const obj = new LinearExpr();
  spec.vars.forEach((v, k) => obj.add(cols[k]!, v.cost));
  b.setObjective(spec.direction, obj);
  return b.build();
}
