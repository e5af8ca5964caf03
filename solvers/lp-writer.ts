import { KIND_CODE, type Model, SENSE_OF_CODE } from "../formulations/model/index.js";
import { checkModelNames } from "./names.js";
import type { TextSink } from "./text-sink.js";

/** Lines are wrapped near this width; some LP readers have fixed line buffers. */
const WRAP = 200;

/** Shortest text that reads back to the same double. */
export function formatNumber(x: number): string {
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return String(x);
}

/** Writes `±coef name` terms with wrapping; holds only the current line. */
class TermLine {
  private line = "";
  private first = true;

  constructor(private readonly sink: TextSink, head: string) {
    this.line = head;
  }

  term(coef: number, name: string): void {
    let text: string;
    if (coef === 1) text = this.first ? ` ${name}` : ` + ${name}`;
    else if (coef === -1) text = ` - ${name}`;
    else if (coef < 0) text = ` - ${formatNumber(-coef)} ${name}`;
    else text = this.first ? ` ${formatNumber(coef)} ${name}` : ` + ${formatNumber(coef)} ${name}`;
    this.first = false;
    if (this.line.length + text.length > WRAP) {
      this.sink.write(this.line + "\n");
      this.line = "   ";
    }
    this.line += text;
  }

  finish(tail: string): void {
    this.sink.write(this.line + tail + "\n");
  }
}

function writeNameList(sink: TextSink, names: Iterable<string>): void {
  let line = "";
  for (const name of names) {
    if (line.length + name.length + 1 > WRAP) {
      sink.write(line + "\n");
      line = "";
    }
    line += " " + name;
  }
  if (line) sink.write(line + "\n");
}

/** The placeholder row of a model without rows. */
export const EMPTY_MODEL_ROW = "no_rows";

/** Options for writeLp and writeMps. */
export interface WriteOptions {
  /** Lines at the top of the file (backslash comments in LP, `*` comments in MPS). */
  readonly comments?: readonly string[];
  /**
   * Write the objective without its constant term (the caller adds it back to what the solver
   * reports). Without this, a model with a constant is refused: glpsol rejects one, CBC drops it.
   */
  readonly dropObjectiveOffset?: boolean;
}

export function checkObjectiveOffset(model: Model, options: WriteOptions): void {
  if (model.objective.offset !== 0 && !options.dropObjectiveOffset) {
    throw new Error(`the objective has a constant term (${model.objective.offset}), which glpsol refuses and CBC drops`);
  }
}

/** Objective terms as written: the objective's own, then every column that appears in no row nor objective. */
function objectiveTerms(model: Model): { cols: number[]; coefs: number[] } {
  const used = new Uint8Array(model.numCols);
  for (const col of model.rowCol) used[col] = 1;
  const { objective } = model;
  const cols = Array.from(objective.cols);
  const coefs = Array.from(objective.coefs);
  for (const col of objective.cols) used[col] = 1;
  for (let col = 0; col < model.numCols; col++) if (!used[col]) cols.push(col), coefs.push(0);
  if (cols.length === 0 && model.numCols > 0) cols.push(0), coefs.push(0);
  return { cols, coefs };
}

/**
 * The order in which a reader that numbers columns by first appearance (glpsol) sees our columns:
 * order[k] is the model column of the reader's column k+1.
 */
export function lpColumnOrder(model: Model): Int32Array {
  const seen = new Uint8Array(model.numCols);
  const order = new Int32Array(model.numCols);
  let k = 0;
  const visit = (col: number) => {
    if (!seen[col]) (seen[col] = 1), (order[k++] = col);
  };
  objectiveTerms(model).cols.forEach(visit);
  for (const col of model.rowCol) visit(col);
  return order;
}

/**
 * CPLEX LP text for HiGHS, CBC and glpsol alike: no objective constant, no ranged rows, safe names.
 * A column that appears in no row and not in the objective is listed in the objective with coefficient 0,
 * because CBC drops columns that are only declared in Generals or Bounds.
 * Output is a pure function of the model and options (same bytes each time).
 */
export function writeLp(model: Model, sink: TextSink, options: WriteOptions = {}): void {
  if (model.numCols === 0) throw new Error("a model without variables cannot be written as LP");
  checkModelNames(model);
  checkObjectiveOffset(model, options);
  const names = model.colNames();
  for (const c of options.comments ?? []) sink.write(`\\ ${c.replace(/\n/g, " ")}\n`);

  sink.write(model.objective.direction === "max" ? "Maximize\n" : "Minimize\n");
  const obj = new TermLine(sink, " obj:");
  const terms = objectiveTerms(model);
  for (let k = 0; k < terms.cols.length; k++) obj.term(terms.coefs[k]!, names[terms.cols[k]!]!);
  obj.finish("");
  sink.write("Subject To\n");
  // glpsol and CBC refuse an empty constraints section; a model without rows gets one row that holds always.
  if (model.numRows === 0) sink.write(` ${EMPTY_MODEL_ROW}: 0 ${names[0]} >= 0\n`);
  const { rowStart, rowCol, rowCoef, rowRhs, rowSense } = model;
  for (let r = 0; r < model.numRows; r++) {
    const line = new TermLine(sink, ` ${model.rowName(r)}:`);
    const start = rowStart[r]!;
    const end = rowStart[r + 1]!;
    for (let k = start; k < end; k++) line.term(rowCoef[k]!, names[rowCol[k]!]!);
    if (start === end) line.term(0, names[0]!);
    line.finish(` ${SENSE_OF_CODE[rowSense[r]!]} ${formatNumber(rowRhs[r]!)}`);
  }

  sink.write("Bounds\n");
  const { colKind, colLower, colUpper } = model;
  for (let col = 0; col < model.numCols; col++) {
    const lo = colLower[col]!;
    const up = colUpper[col]!;
    if (colKind[col] === KIND_CODE.binary && lo === 0 && up === 1) continue;
    if (lo === 0 && up === Infinity) continue;
    const name = names[col]!;
    if (lo === -Infinity && up === Infinity) sink.write(` ${name} free\n`);
    else if (up === Infinity) sink.write(` ${name} >= ${formatNumber(lo)}\n`);
    else sink.write(` ${formatNumber(lo)} <= ${name} <= ${formatNumber(up)}\n`);
  }

  const ofKind = function* (kind: number) {
    for (let col = 0; col < model.numCols; col++) if (colKind[col] === kind) yield names[col]!;
  };
  sink.write("Generals\n");
  writeNameList(sink, ofKind(KIND_CODE.integer));
  sink.write("Binaries\n");
  writeNameList(sink, ofKind(KIND_CODE.binary));
  sink.write("End\n");
}
