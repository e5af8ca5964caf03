import { KIND_CODE } from "./variables.js";
import { type Model, SENSE_CODE } from "./model.js";

/** The figures of the paper's Table 1, counted as the spec says (objective and bounds are not rows). */
export interface ModelStats {
  vars: number;
  binaries: number;
  /** General integers; binaries are counted apart. */
  integers: number;
  constraints: number;
  equalities: number;
  inequalities: number;
  nonzeros: number;
}

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

export interface FamilyStats {
  name: string;
  sense: string;
  rows: number;
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
