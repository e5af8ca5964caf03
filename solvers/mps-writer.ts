import { isIntegerKind, isSemiKind, KIND_CODE, type Model, SENSE_OF_CODE } from "../formulations/model/index.js";
import { checkObjectiveOffset, formatNumber, isFreeRow, pinnedAtZero, type WriteOptions } from "./lp-writer.js";
import { writtenNames } from "./names.js";
import type { TextSink } from "./text-sink.js";

const SENSE_LETTER = { "<=": "L", ">=": "G", "=": "E" } as const;

/** The objective row's name; no model row may take it. */
export const MPS_OBJECTIVE_ROW = "obj";

/**
 * Marks a maximisation written as the minimisation of its negation. MPS has no portable sense
 * (glpsol refuses an OBJSENSE section, CBC ignores it), so the N row of a `max` model holds −objective.
 */
export const MPS_NEGATED_MARK = "byzopt: maximize; the N row holds the negated objective";

/** Column-major copy of the CSR matrix: the order MPS lists entries in. */
function transpose(model: Model): { colStart: Int32Array; rows: Int32Array; coefs: Float64Array } {
  const colStart = new Int32Array(model.numCols + 1);
  for (const col of model.rowCol) colStart[col + 1]!++;
  for (let c = 0; c < model.numCols; c++) colStart[c + 1]! += colStart[c]!;
  const next = colStart.slice(0, model.numCols);
  const rows = new Int32Array(model.numNonzeros);
  const coefs = new Float64Array(model.numNonzeros);
  for (let r = 0; r < model.numRows; r++) {
    for (let k = model.rowStart[r]!; k < model.rowStart[r + 1]!; k++) {
      const at = next[model.rowCol[k]!]!++;
      rows[at] = r;
      coefs[at] = model.rowCoef[k]!;
    }
  }
  return { colStart, rows, coefs };
}

/**
 * Free MPS read alike by HiGHS, CBC and glpsol (`--freemps`). Lines are indented by four spaces, which
 * is what lets CBC detect the free format. Integer and binary columns sit between INTORG/INTEND
 * markers and always carry an explicit bound (BV or PL), because some readers make a marked column
 * without bounds binary. A column with no entry still gets a zero objective entry so it is not lost.
 * A ranged row is an L row with its range in RANGES; a semi-continuous column has an SC bound (its
 * upper), a semi-integer one the same between integer markers, as CPLEX writes them.
 */
export function writeMps(model: Model, sink: TextSink, options: WriteOptions = {}): void {
  const written = writtenNames(model, options.internalNames ?? false, "mps");
  checkObjectiveOffset(model, options);
  for (const c of options.comments ?? []) sink.write(`* ${c.replace(/\n/g, " ")}\n`);
  const negate = model.objective.direction === "max";
  if (negate) sink.write(`* ${MPS_NEGATED_MARK}\n`);
  // "FREE" on the NAME line tells CBC the format: it otherwise reads a line whose fields happen to sit in
  // the fixed columns as fixed format ("obj2 obj 4 r.1 -1" was a "bad image").
  const name = options.internalNames ? "model" : model.name.replace(/\s+/g, "_") || "model";
  sink.write(`NAME ${name} FREE\nROWS\n    N ${MPS_OBJECTIVE_ROW}\n`);
  const rowNames: string[] = new Array(model.numRows);
  for (let r = 0; r < model.numRows; r++) {
    rowNames[r] = written.row(r);
    if (rowNames[r] === MPS_OBJECTIVE_ROW) throw new Error(`a row called ${MPS_OBJECTIVE_ROW} cannot be written in MPS: the objective row has that name`);
    // A row with no finite end binds nothing: an N row after the objective, which readers drop.
    const type = isFreeRow(model, r) ? "N" : model.isRanged(r) ? "L" : SENSE_LETTER[SENSE_OF_CODE[model.rowSense[r]!]!];
    sink.write(`    ${type} ${rowNames[r]}\n`);
  }

  const cost = new Float64Array(model.numCols);
  const { cols, coefs: objCoefs } = model.objective;
  for (let k = 0; k < cols.length; k++) cost[cols[k]!]! += negate ? -objCoefs[k]! : objCoefs[k]!;

  sink.write("COLUMNS\n");
  const { colStart, rows, coefs } = transpose(model);
  let inInteger = false;
  for (let c = 0; c < model.numCols; c++) {
    const integer = isIntegerKind(model.colKind[c]!);
    if (integer !== inInteger) {
      sink.write(integer ? "    MARKER 'MARKER' 'INTORG'\n" : "    MARKER 'MARKER' 'INTEND'\n");
      inInteger = integer;
    }
    const name = written.cols[c]!;
    const entries: string[] = [];
    if (cost[c] !== 0 || colStart[c] === colStart[c + 1]) entries.push(`${MPS_OBJECTIVE_ROW} ${formatNumber(cost[c]!)}`);
    for (let k = colStart[c]!; k < colStart[c + 1]!; k++) entries.push(`${rowNames[rows[k]!]} ${formatNumber(coefs[k]!)}`);
    for (let k = 0; k < entries.length; k += 2) {
      sink.write(k + 1 < entries.length ? `    ${name} ${entries[k]} ${entries[k + 1]}\n` : `    ${name} ${entries[k]}\n`);
    }
  }
  if (inInteger) sink.write("    MARKER 'MARKER' 'INTEND'\n");

  sink.write("RHS\n");
  for (let r = 0; r < model.numRows; r++) {
    const rhs = model.rowRhs[r]!;
    if (rhs !== 0 && !isFreeRow(model, r)) sink.write(`    RHS ${rowNames[r]} ${formatNumber(rhs)}\n`);
  }
  if (model.numRanged > 0) {
    // An L row with range R spans [rhs − |R|, rhs].
    sink.write("RANGES\n");
    for (let r = 0; r < model.numRows; r++) {
      if (model.isRanged(r)) sink.write(`    RNG ${rowNames[r]} ${formatNumber(model.rowRhs[r]! - model.rowBounds(r).lower)}\n`);
    }
  }

  sink.write("BOUNDS\n");
  for (let c = 0; c < model.numCols; c++) {
    const lo = model.colLower[c]!;
    const up = model.colUpper[c]!;
    const kind = model.colKind[c]!;
    const name = written.cols[c]!;
    if (isSemiKind(kind)) {
      // SC 0 reads as "no upper bound"; a semi-continuous column that cannot leave 0 is fixed there.
      if (pinnedAtZero(model, c)) {
        sink.write(`    FX BND ${name} 0\n`);
        continue;
      }
      if (lo !== 0) sink.write(`    LO BND ${name} ${formatNumber(lo)}\n`);
      sink.write(`    SC BND ${name} ${formatNumber(up)}\n`);
      continue;
    }
    if (kind === KIND_CODE.binary && lo === 0 && up === 1) {
      sink.write(`    BV BND ${name}\n`);
      continue;
    }
    if (lo === -Infinity && up === Infinity) {
      sink.write(`    FR BND ${name}\n`);
      continue;
    }
    if (lo === up) {
      sink.write(`    FX BND ${name} ${formatNumber(lo)}\n`);
      continue;
    }
    if (lo === -Infinity) sink.write(`    MI BND ${name}\n`);
    else if (lo !== 0) sink.write(`    LO BND ${name} ${formatNumber(lo)}\n`);
    if (up !== Infinity) sink.write(`    UP BND ${name} ${formatNumber(up)}\n`);
    // glpsol gives a marked integer column an upper bound of 1 unless told otherwise, whatever its lower bound.
    else if (kind !== KIND_CODE.continuous) sink.write(`    PL BND ${name}\n`);
    // Readers take a negative UP on a column whose lower bound is 0 as making it free below; say 0 again.
    if (lo === 0 && up < 0) sink.write(`    LO BND ${name} 0\n`);
  }
  sink.write("ENDATA\n");
}
