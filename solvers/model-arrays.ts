import { KIND_CODE, type Model } from "../formulations/model/index.js";

/** HiGHS's integrality codes (HighsVarType), by KIND_CODE. */
const INTEGRALITY: Record<number, number> = { [KIND_CODE.continuous]: 0, [KIND_CODE.integer]: 1, [KIND_CODE.binary]: 1, [KIND_CODE.semicontinuous]: 2, [KIND_CODE.semiinteger]: 3 };

/**
 * The model as the flat arrays a solver takes (CSR matrix, dense costs and bounds). Built straight
 * from the model's own arrays; nothing is parsed from text. Every array is a fresh copy, so it can be
 * transferred to a worker thread.
 */
export interface ModelArrays {
  readonly numCols: number;
  readonly numRows: number;
  readonly maximize: boolean;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  /** HiGHS's integrality code of each column: 0 continuous, 1 integer or binary, 2 semi-continuous, 3 semi-integer. */
  readonly integrality: Int32Array;
}

export function modelArrays(model: Model): ModelArrays {
  const colCost = new Float64Array(model.numCols);
  const { cols, coefs } = model.objective;
  for (let k = 0; k < cols.length; k++) colCost[cols[k]!]! += coefs[k]!;
  const rowLower = new Float64Array(model.numRows);
  const rowUpper = new Float64Array(model.numRows);
  for (let r = 0; r < model.numRows; r++) {
    const { lower, upper } = model.rowBounds(r);
    rowLower[r] = lower;
    rowUpper[r] = upper;
  }
  const integrality = new Int32Array(model.numCols);
  for (let c = 0; c < model.numCols; c++) integrality[c] = INTEGRALITY[model.colKind[c]!]!;
  return {
    numCols: model.numCols,
    numRows: model.numRows,
    maximize: model.objective.direction === "max",
    colCost,
    colLower: model.colLower.slice(),
    colUpper: model.colUpper.slice(),
    rowLower,
    rowUpper,
    starts: model.rowStart.slice(),
    indices: model.rowCol.slice(),
    values: model.rowCoef.slice(),
    integrality,
  };
}

export function arrayBuffersOf(a: ModelArrays): ArrayBuffer[] {
  return [a.colCost, a.colLower, a.colUpper, a.rowLower, a.rowUpper, a.starts, a.indices, a.values, a.integrality].map((x) => x.buffer as ArrayBuffer);
}
