import { KIND_CODE, type Model, SENSE_CODE } from "../formulations/model/index.js";

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
  /** 1 for integer and binary columns, 0 for continuous. */
  readonly integrality: Int32Array;
}

export function modelArrays(model: Model): ModelArrays {
  const colCost = new Float64Array(model.numCols);
  const { cols, coefs } = model.objective;
  for (let k = 0; k < cols.length; k++) colCost[cols[k]!]! += coefs[k]!;
  const rowLower = new Float64Array(model.numRows);
  const rowUpper = new Float64Array(model.numRows);
  for (let r = 0; r < model.numRows; r++) {
    const rhs = model.rowRhs[r]!;
    const sense = model.rowSense[r]!;
    rowLower[r] = sense === SENSE_CODE["<="] ? -Infinity : rhs;
    rowUpper[r] = sense === SENSE_CODE[">="] ? Infinity : rhs;
  }
  const integrality = new Int32Array(model.numCols);
  for (let c = 0; c < model.numCols; c++) integrality[c] = model.colKind[c] === KIND_CODE.continuous ? 0 : 1;
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
