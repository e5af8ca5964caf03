import { isIntegerKind, isSemiKind } from "./variables.js";
import { type Model, SENSE_CODE } from "./model.js";

/** How far a point is from satisfying the model, measured by us (never by the solver that produced it). */
export interface SolutionCheck {
  /** Whether row and bound violations are within the feasibility tolerance and integrality within its own. */
  readonly feasible: boolean;
  /** Objective at the point, constant included. */
  readonly objective: number;
  /** Largest row violation, scaled by max(1, |rhs|). */
  readonly rowViolation: number;
  /** Row with the largest scaled violation, or null if no row is violated. */
  readonly worstRow: number | null;
  /** Largest distance of a column outside its bounds (absolute, not scaled; Infinity for NaN). */
  readonly boundViolation: number;
  /** Column with the largest bound violation, or null if every column is within its bounds. */
  readonly worstBoundCol: number | null;
  /** Largest distance of an integer column from the nearest integer. */
  readonly integralityViolation: number;
  /** Integer or binary column farthest from an integer, or null if all are integral. */
  readonly worstIntegerCol: number | null;
}

/** Default tolerances of checkSolution: `feasibility` for row (scaled) and bound violations, `integrality` for distance from an integer. */
export const DEFAULT_TOLERANCE = {
  /** Largest accepted violation of a row (scaled) or a bound. */
  feasibility: 1e-6,
  /** Largest accepted distance of an integer column from an integer. */
  integrality: 1e-5,
} as const;

/** Objective at a point given by column values, constant (offset) included. */
export function objectiveValue(model: Model, values: ArrayLike<number>): number {
  const { cols, coefs, offset } = model.objective;
  let z = offset;
  for (let k = 0; k < cols.length; k++) z += coefs[k]! * values[cols[k]!]!;
  return z;
}

/** Checks a point (one value per column) against rows, bounds and integrality; throws RangeError on a length mismatch. */
export function checkSolution(model: Model, values: ArrayLike<number>, tol: { feasibility: number; integrality: number } = DEFAULT_TOLERANCE): SolutionCheck {
  if (values.length !== model.numCols) throw new RangeError(`expected ${model.numCols} values, got ${values.length}`);
  let rowViolation = 0;
  let worstRow: number | null = null;
  for (let r = 0; r < model.numRows; r++) {
    let activity = 0;
    for (let k = model.rowStart[r]!; k < model.rowStart[r + 1]!; k++) activity += model.rowCoef[k]! * values[model.rowCol[k]!]!;
    const rhs = model.rowRhs[r]!;
    const sense = model.rowSense[r]!;
    let excess: number;
    let scale = Math.abs(rhs);
    if (sense === SENSE_CODE["<="]) excess = activity - rhs;
    else if (sense === SENSE_CODE[">="]) excess = rhs - activity;
    else if (sense === SENSE_CODE["="]) excess = Math.abs(activity - rhs);
    else {
      // Ranged: scaled by the end it breaks.
      const lower = model.rowRangeLower!.get(r)!;
      excess = Math.max(activity - rhs, lower - activity);
      if (lower - activity > activity - rhs) scale = Math.abs(lower);
    }
    // A NaN activity breaks the row infinitely; an infinite end does not scale the violation.
    if (Number.isNaN(excess)) excess = Infinity;
    const scaled = excess / (Number.isFinite(scale) ? Math.max(1, scale) : 1);
    if (scaled > rowViolation) (rowViolation = scaled), (worstRow = r);
  }
  let boundViolation = 0;
  let worstBoundCol: number | null = null;
  let integralityViolation = 0;
  let worstIntegerCol: number | null = null;
  for (let c = 0; c < model.numCols; c++) {
    const x = values[c]!;
    const kind = model.colKind[c]!;
    // A semi-continuous or semi-integer column may also be 0 (within the feasibility tolerance).
    const out = !Number.isFinite(x) ? Infinity : isSemiKind(kind) && Math.abs(x) <= tol.feasibility ? 0 : Math.max(model.colLower[c]! - x, x - model.colUpper[c]!);
    if (out > boundViolation) (boundViolation = out), (worstBoundCol = c);
    if (isIntegerKind(kind)) {
      const frac = Number.isFinite(x) ? Math.abs(x - Math.round(x)) : Infinity;
      if (frac > integralityViolation) (integralityViolation = frac), (worstIntegerCol = c);
    }
  }
  return {
    feasible: rowViolation <= tol.feasibility && boundViolation <= tol.feasibility && integralityViolation <= tol.integrality,
    objective: objectiveValue(model, values),
    rowViolation,
    worstRow,
    boundViolation,
    worstBoundCol,
    integralityViolation,
    worstIntegerCol,
  };
}
