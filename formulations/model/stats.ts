import { KIND_CODE } from "./variables.js";
import { type Model, SENSE_CODE } from "./model.js";

/** The figures of the paper's Table 1, counted as the spec says (objective and bounds are not rows). */
export interface ModelStats {
  /** Number of columns. */
  vars: number;
  /** Binary columns. */
  binaries: number;
  /** General integers; binaries are counted apart. */
  integers: number;
  /** Number of rows. */
  constraints: number;
  /** Rows with sense `=`. */
  equalities: number;
  /** Rows with sense `<=` or `>=`. */
  inequalities: number;
  /** Non-zero coefficients over all rows (objective excluded). */
  nonzeros: number;
}

/** Counts the Table 1 figures of a built model. */
export function modelStats(model: Model): ModelStats {
  let binaries = 0;
  let integers = 0;
  for (const kind of model.colKind) {
    if (kind === KIND_CODE.binary) binaries++;
    else if (kind === KIND_CODE.integer) integers++;
  }
  let equalities = 0;
  for (const sense of model.rowSense) if (sense === SENSE_CODE["="]) equalities++;
  return {
    vars: model.numCols,
    binaries,
    integers,
    constraints: model.numRows,
    equalities,
    inequalities: model.numRows - equalities,
    nonzeros: model.numNonzeros,
  };
}

/** Size of one constraint family, as reported by familyStats. */
export interface FamilyStats {
  /** Family name. */
  name: string;
  /** The family's sense: `<=`, `>=` or `=`. */
  sense: string;
  /** Number of rows in the family. */
  rows: number;
  /** Non-zero coefficients over the family's rows. */
  nonzeros: number;
}

/** Rows and non-zeros per constraint family, in the order the families were declared. */
export function familyStats(model: Model): FamilyStats[] {
  const rows = new Array<number>(model.constraints.length).fill(0);
  const nonzeros = new Array<number>(model.constraints.length).fill(0);
  for (let r = 0; r < model.numRows; r++) {
    const f = model.rowFamily[r]!;
    rows[f]!++;
    nonzeros[f]! += model.rowStart[r + 1]! - model.rowStart[r]!;
  }
  return model.constraints.map((fam, f) => ({ name: fam.name, sense: fam.sense, rows: rows[f]!, nonzeros: nonzeros[f]! }));
}
