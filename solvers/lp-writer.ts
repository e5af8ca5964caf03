import { isSemiKind, KIND_CODE, type Model, SENSE_OF_CODE } from "../formulations/model/index.js";
import { writtenNames } from "./names.js";
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
  /**
   * Name columns `x1…` and rows `c1…` (by index) instead of the model's own names, which then need not
   * be portable: what the native backends write, mapping their answer back by index.
   */
  readonly internalNames?: boolean;
  /**
   * LP only: list every column in the objective, in column order (0 where it has no cost), so that a
   * reader numbering columns by first appearance (CBC, glpsol) numbers them as the model does.
   */
  readonly columnsInOrder?: boolean;
}

export function checkObjectiveOffset(model: Model, options: WriteOptions): void {
  if (model.objective.offset !== 0 && !options.dropObjectiveOffset) {
    throw new Error(`the objective has a constant term (${model.objective.offset}), which glpsol refuses and CBC drops`);
  }
}

/**
 * Objective terms as written: the objective's own, then every column that appears in no row nor
 * objective; or, in order, every column with its cost.
 */
function objectiveTerms(model: Model, inOrder = false): { cols: number[]; coefs: number[] } {
  if (inOrder) {
    const cost = new Array<number>(model.numCols).fill(0);
    for (let k = 0; k < model.objective.cols.length; k++) cost[model.objective.cols[k]!]! += model.objective.coefs[k]!;
    return { cols: Array.from(cost, (_, c) => c), coefs: cost };
  }
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

/** A semi-continuous column whose range holds nothing above 0 (upper <= 0, or upper < lower): it can only be 0. */
export function pinnedAtZero(model: Model, col: number): boolean {
  const up = model.colUpper[col]!;
  return isSemiKind(model.colKind[col]!) && (up <= 0 || up < model.colLower[col]!);
}

/** Whether a row has no finite end (`terms <= +inf`, `terms >= -inf`): it binds nothing. */
export function isFreeRow(model: Model, r: number): boolean {
  const { lower, upper } = model.rowBounds(r);
  return lower === -Infinity && upper === Infinity;
}

/** Throws when the second row of a ranged row would take the name of another row. */
function checkRangeNames(model: Model): void {
  const taken = new Set<string>();
  for (let r = 0; r < model.numRows; r++) taken.add(model.rowName(r));
  for (let r = 0; r < model.numRows; r++) {
    if (model.isRanged(r) && taken.has(model.rowName(r) + RANGE_UPPER_SUFFIX)) throw new Error(`ranged row ${model.rowName(r)} cannot be written as LP: a row is already called ${model.rowName(r)}${RANGE_UPPER_SUFFIX}`);
  }
}

/** The name of the second row a ranged row is written as in LP: its upper end. */
export const RANGE_UPPER_SUFFIX = "_upper";

/**
 * CPLEX LP text for HiGHS, CBC and glpsol alike: no objective constant, safe names. A ranged row is
 * written as two rows, `name: terms >= lower` and `name_upper: terms <= upper`: CPLEX's one-line
 * `lower <= terms <= upper` is refused by HiGHS and glpsol and misread by CBC 2.10 (MPS has RANGES).
 * A row without terms is written with one zero term, since LP has no other way to say it.
 * A column that appears in no row and not in the objective is listed in the objective with coefficient 0,
 * because CBC drops columns that are only declared in Generals or Bounds.
 * Output is a pure function of the model and options (same bytes each time).
 */
export function writeLp(model: Model, sink: TextSink, options: WriteOptions = {}): void {
  if (model.numCols === 0) throw new Error("a model without variables cannot be written as LP");
  const written = writtenNames(model, options.internalNames ?? false);
  checkObjectiveOffset(model, options);
  if (model.numRanged > 0 && !options.internalNames) checkRangeNames(model);
  const names = written.cols;
  for (const c of options.comments ?? []) sink.write(`\\ ${c.replace(/\n/g, " ")}\n`);

  sink.write(model.objective.direction === "max" ? "Maximize\n" : "Minimize\n");
  const obj = new TermLine(sink, " obj:");
  const terms = objectiveTerms(model, options.columnsInOrder);
  for (let k = 0; k < terms.cols.length; k++) obj.term(terms.coefs[k]!, names[terms.cols[k]!]!);
  obj.finish("");
  sink.write("Subject To\n");
  // glpsol and CBC refuse an empty constraints section; a model without binding rows gets one that holds always.
  let anyRow = false;
  for (let r = 0; r < model.numRows && !anyRow; r++) anyRow = !isFreeRow(model, r);
  if (!anyRow) sink.write(` ${EMPTY_MODEL_ROW}: 0 ${names[0]} >= 0\n`);
  const { rowStart, rowCol, rowCoef, rowRhs, rowSense } = model;
  const writeRow = (r: number, name: string, tail: string) => {
    const line = new TermLine(sink, ` ${name}:`);
    const start = rowStart[r]!;
    const end = rowStart[r + 1]!;
    for (let k = start; k < end; k++) line.term(rowCoef[k]!, names[rowCol[k]!]!);
    if (start === end) line.term(0, names[0]!);
    line.finish(tail);
  };
  for (let r = 0; r < model.numRows; r++) {
    // A row with no finite end binds nothing, and readers differ on `<= inf`: it is left out.
    if (isFreeRow(model, r)) continue;
    if (!model.isRanged(r)) {
      writeRow(r, written.row(r), ` ${SENSE_OF_CODE[rowSense[r]!]} ${formatNumber(rowRhs[r]!)}`);
      continue;
    }
    // A ranged row is two rows: HiGHS and glpsol refuse `lower <= terms <= upper`, CBC misreads it.
    writeRow(r, written.row(r), ` >= ${formatNumber(model.rowBounds(r).lower)}`);
    writeRow(r, `${written.row(r)}${RANGE_UPPER_SUFFIX}`, ` <= ${formatNumber(rowRhs[r]!)}`);
  }

  sink.write("Bounds\n");
  const { colKind, colLower, colUpper } = model;
  for (let col = 0; col < model.numCols; col++) {
    const lo = colLower[col]!;
    const up = colUpper[col]!;
    if (colKind[col] === KIND_CODE.binary && lo === 0 && up === 1) continue;
    if (lo === 0 && up === Infinity && !isSemiKind(colKind[col]!)) continue;
    const name = names[col]!;
    if (pinnedAtZero(model, col)) {
      sink.write(` ${name} = 0\n`);
      continue;
    }
    if (lo === -Infinity && up === Infinity) sink.write(` ${name} free\n`);
    else if (up === Infinity) sink.write(` ${name} >= ${formatNumber(lo)}\n`);
    else sink.write(` ${formatNumber(lo)} <= ${name} <= ${formatNumber(up)}\n`);
  }

  const ofKind = function* (...kinds: number[]) {
    for (let col = 0; col < model.numCols; col++) if (kinds.includes(colKind[col]!)) yield names[col]!;
  };
  sink.write("Generals\n");
  writeNameList(sink, ofKind(KIND_CODE.integer, KIND_CODE.semiinteger));
  sink.write("Binaries\n");
  writeNameList(sink, ofKind(KIND_CODE.binary));
  // Only when needed: the section is CPLEX's, and glpsol does not know it.
  const semis: string[] = [];
  for (let col = 0; col < model.numCols; col++) if (isSemiKind(colKind[col]!) && !pinnedAtZero(model, col)) semis.push(names[col]!);
  if (semis.length) {
    sink.write("Semi-continuous\n");
    writeNameList(sink, semis);
  }
  sink.write("End\n");
}
