import { GrowableFloat64, GrowableInt32, GrowableUint16, GrowableUint8 } from "./growable.js";
import type { IndexSet } from "./index-set.js";
import type { LinearExpr } from "./linear.js";
import { type ColumnBlock, formatName, KIND_CODE, NamedColumns, type VarKind, VariableFamily } from "./variables.js";

/** Sense of a row: `terms <= rhs`, `terms >= rhs` or `terms = rhs`. */
export type Sense = "<=" | ">=" | "=";
/** Compact per-row code of a Sense. */
export const SENSE_CODE = {
  /** Code of a `<=` row. */
  "<=": 0,
  /** Code of a `>=` row. */
  ">=": 1,
  /** Code of an `=` row. */
  "=": 2,
} as const satisfies Record<Sense, number>;
/** Inverse of SENSE_CODE: the Sense of each code. */
export const SENSE_OF_CODE: readonly Sense[] = ["<=", ">=", "="];
/**
 * Row code of a ranged row `lower <= terms <= rhs` (MPS RANGES, LP `a <= expr <= b`); its lower end is in
 * `Model.rowRangeLower`. Only models read from files, or rows closed with `RowWriter.endRange`, have them.
 */
export const RANGE_CODE = 3;

/** The two ends of a row: `lower <= terms <= upper`, either possibly infinite. */
export interface RowBounds {
  /** Lower end (−Infinity for a `<=` row). */
  readonly lower: number;
  /** Upper end (Infinity for a `>=` row). */
  readonly upper: number;
}

/** Objective direction: minimise or maximise. */
export type Direction = "min" | "max";

/** Row keys are stored in fixed slots; no family of ours has more than four indices. */
export const MAX_ROW_ARITY = 4;

/** A named group of rows sharing one sense, each row named `name(key)`. */
export class ConstraintFamily<K extends readonly number[] = readonly number[]> {
  /** Type-only marker carrying the key tuple type `K`; never set at runtime. */
  declare readonly keyType: K;
  constructor(
    /** Index of the family in `Model.constraints`, the value stored in `rowFamily`. */
    readonly id: number,
    /** Family name; rows are named `name(key)`. */
    readonly name: string,
    /** Sense shared by every row of the family. */
    readonly sense: Sense,
    /** Number of indices in a row key (at most MAX_ROW_ARITY). */
    readonly arity: number,
  ) {}
}

/** The objective `Σ coefs[k]·x[cols[k]] + offset`, to minimise or maximise. */
export interface Objective {
  /** Whether the objective is minimised or maximised. */
  readonly direction: Direction;
  /** Column of each term. */
  readonly cols: Int32Array;
  /** Coefficient of each term, parallel to `cols`. */
  readonly coefs: Float64Array;
  /** Constant term; only models read from files have one (our writers refuse it, see writeLp). */
  readonly offset: number;
}

/** The column and row arrays of a Model (see Model for the row layout); they become the model's own fields. */
export interface ModelArraysInit {
  /** KIND_CODE of each column. */
  readonly colKind: Uint8Array;
  /** Lower bound of each column. */
  readonly colLower: Float64Array;
  /** Upper bound of each column (Infinity when unbounded). */
  readonly colUpper: Float64Array;
  /** Start of each row's terms in `rowCol`/`rowCoef`; numRows + 1 entries, the last being numNonzeros. */
  readonly rowStart: Int32Array;
  /** Column of each non-zero, row after row. */
  readonly rowCol: Int32Array;
  /** Coefficient of each non-zero, parallel to `rowCol`. */
  readonly rowCoef: Float64Array;
  /** SENSE_CODE of each row, or RANGE_CODE. */
  readonly rowSense: Uint8Array;
  /** Right-hand side of each row; the upper end of a ranged row. */
  readonly rowRhs: Float64Array;
  /** Lower end of each ranged row (RANGE_CODE), by row; absent when the model has none. */
  readonly rowRangeLower?: ReadonlyMap<number, number>;
  /** Index in `constraints` of each row's family. */
  readonly rowFamily: Uint16Array;
  /** Each row's key in MAX_ROW_ARITY slots per row (row r at r·MAX_ROW_ARITY); unused slots hold 0. */
  readonly rowKey: Int32Array;
}

// The arrays are the model's own fields (declaration merging: the class below assigns them).
export interface Model extends ModelArraysInit {}

/**
 * A built MILP in compressed sparse row form: Σ_k rowCoef[k]·x[rowCol[k]] (sense) rowRhs for each row,
 * k in rowStart[r]..rowStart[r+1]. Immutable by convention; every array is owned by the model.
 */
export class Model {
  constructor(
    /** Name of the model. */
    readonly name: string,
    /** Column blocks in column order (ascending `base`), together covering every column. */
    readonly variables: readonly ColumnBlock[],
    /** Constraint families, indexed by their `id`. */
    readonly constraints: readonly ConstraintFamily[],
    arrays: ModelArraysInit,
    /** The objective function. */
    readonly objective: Objective,
    /** Names of rows added one by one (models read from files), by row index. */
    private readonly rowLabels: ReadonlyMap<number, string> = new Map(),
  ) {
    Object.assign(this, arrays);
  }

  /** Number of columns (variables). */
  get numCols(): number {
    return this.colKind.length;
  }

  /** Number of rows (constraints). */
  get numRows(): number {
    return this.rowSense.length;
  }

  /** Number of non-zero coefficients over all rows (objective excluded). */
  get numNonzeros(): number {
    return this.rowCol.length;
  }

  /** The block holding a column (binary search over the ordered bases). */
  familyOfCol(col: number): ColumnBlock {
    const fams = this.variables;
    let lo = 0;
    let hi = fams.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (fams[mid]!.base <= col) lo = mid;
      else hi = mid - 1;
    }
    const fam = fams[lo];
    if (!fam || !fam.contains(col)) throw new RangeError(`column ${col} out of range`);
    return fam;
  }

  /** Name of a column, e.g. `x(1,2)`; throws RangeError if out of range. */
  colName(col: number): string {
    return this.familyOfCol(col).nameOf(col);
  }

  /** All column names in order; one string per column, built once for writers. */
  colNames(): string[] {
    const names: string[] = new Array(this.numCols);
    for (const fam of this.variables) for (let c = fam.base; c < fam.base + fam.size; c++) names[c] = fam.nameOf(c);
    return names;
  }

  /** Column index by name (builds the lookup once). */
  colIndex(): Map<string, number> {
    const index = new Map<string, number>();
    this.colNames().forEach((name, col) => index.set(name, col));
    return index;
  }

  /** The key of a row within its family (`arity` indices). */
  rowKeyOf(row: number): number[] {
    const fam = this.constraints[this.rowFamily[row]!]!;
    const at = row * MAX_ROW_ARITY;
    return Array.from(this.rowKey.subarray(at, at + fam.arity));
  }

  /** Name of a row: its own label if it has one, else `family(key)`. */
  rowName(row: number): string {
    return this.rowLabels.get(row) ?? formatName(this.constraints[this.rowFamily[row]!]!.name, this.rowKeyOf(row));
  }

  /** Sense of a row; throws RangeError for a ranged row, which has two (see rowBounds). */
  rowSenseOf(row: number): Sense {
    const sense = SENSE_OF_CODE[this.rowSense[row]!];
    if (sense === undefined) throw new RangeError(`row ${this.rowName(row)} is ranged: it has two ends, see rowBounds`);
    return sense;
  }

  /** Whether a row is ranged (`lower <= terms <= upper`, both finite). */
  isRanged(row: number): boolean {
    return this.rowSense[row] === RANGE_CODE;
  }

  /** Number of ranged rows. */
  get numRanged(): number {
    return this.rowRangeLower?.size ?? 0;
  }

  /** The two ends of a row, whatever its sense. */
  rowBounds(row: number): RowBounds {
    const rhs = this.rowRhs[row]!;
    switch (this.rowSense[row]) {
      case SENSE_CODE["<="]:
        return { lower: -Infinity, upper: rhs };
      case SENSE_CODE[">="]:
        return { lower: rhs, upper: Infinity };
      case SENSE_CODE["="]:
        return { lower: rhs, upper: rhs };
      default:
        return { lower: this.rowRangeLower!.get(row)!, upper: rhs };
    }
  }

  /** The same model with another objective (e.g. none, to ask only whether it is feasible); rows and bounds are shared. */
  withObjective(objective: Objective): Model {
    const { colKind, colLower, colUpper, rowStart, rowCol, rowCoef, rowSense, rowRhs, rowFamily, rowKey, rowRangeLower } = this;
    return new Model(this.name, this.variables, this.constraints, { colKind, colLower, colUpper, rowStart, rowCol, rowCoef, rowSense, rowRhs, rowFamily, rowKey, ...(rowRangeLower ? { rowRangeLower } : {}) }, objective, this.rowLabels);
  }

  /** The same model with other column bounds (e.g. columns fixed for a sub-MIP); rows and objective are shared. */
  withBounds(colLower: Float64Array, colUpper: Float64Array): Model {
    if (colLower.length !== this.numCols || colUpper.length !== this.numCols) throw new RangeError(`expected ${this.numCols} bounds`);
    const { colKind, rowStart, rowCol, rowCoef, rowSense, rowRhs, rowFamily, rowKey, rowRangeLower } = this;
    return new Model(this.name, this.variables, this.constraints, { colKind, colLower, colUpper, rowStart, rowCol, rowCoef, rowSense, rowRhs, rowFamily, rowKey, ...(rowRangeLower ? { rowRangeLower } : {}) }, this.objective, this.rowLabels);
  }
}

/**
 * Streams one constraint row at a time into the model's arrays. Like terms are merged with a dense
 * accumulator (a generation stamp per column marks first appearance), so a row costs O(its terms).
 */
export class RowWriter {
  private open = false;
  private sense: Sense = "<=";
  private readonly touched: number[] = [];
  private generation = 0;

  constructor(
    private readonly builder: ModelBuilder,
    private readonly acc: Float64Array,
    private readonly stamp: Int32Array,
  ) {}

  /** @internal */
  begin(label: string, sense: Sense): this {
    if (this.open) throw new Error(`row ${label} begun while another row is open`);
    this.open = true;
    this.sense = sense;
    this.generation++;
    return this;
  }

  /** Adds `coef·x[col]` to the open row, merged with earlier terms on `col`; throws RangeError for a bad column. */
  add(col: number, coef = 1): this {
    if (!(col >= 0 && col < this.acc.length)) throw new RangeError(`column ${col} out of range`);
    if (this.stamp[col] !== this.generation) {
      this.stamp[col] = this.generation;
      this.acc[col] = 0;
      this.touched.push(col);
    }
    this.acc[col]! += coef;
    return this;
  }

  /** Adds `scale` times the terms of `expr`; its constant is ignored (fold it into the rhs). */
  addExpr(expr: LinearExpr, scale = 1): this {
    const { cols, coefs } = expr.terms();
    for (let k = 0; k < cols.length; k++) this.add(cols[k]!, scale * coefs[k]!);
    return this;
  }

  /** Closes the row as `terms (sense) rhs`. */
  end(rhs = 0): void {
    if (!this.open) throw new Error("end() without an open row");
    this.builder.appendRow(SENSE_CODE[this.sense], this.touched, this.acc, rhs);
    this.touched.length = 0;
    this.open = false;
  }

  /**
   * Closes the row as `lower <= terms <= upper`, whatever sense it was opened with: a ranged row when
   * both ends are finite and differ, else the one-sided or equality row the ends make. Throws RangeError
   * when lower > upper or either end is NaN.
   */
  endRange(lower: number, upper: number): void {
    if (!this.open) throw new Error("endRange() without an open row");
    if (!(lower <= upper) || lower === Infinity || upper === -Infinity) throw new RangeError(`a row cannot range from ${lower} to ${upper}`);
    if (lower === upper) this.builder.appendRow(SENSE_CODE["="], this.touched, this.acc, upper);
    else if (lower === -Infinity) this.builder.appendRow(SENSE_CODE["<="], this.touched, this.acc, upper);
    else if (upper === Infinity) this.builder.appendRow(SENSE_CODE[">="], this.touched, this.acc, lower);
    else this.builder.appendRow(RANGE_CODE, this.touched, this.acc, upper, lower);
    this.touched.length = 0;
    this.open = false;
  }
}

/** Declares variables and constraint families, then receives rows; `build()` freezes it into a Model. */
export class ModelBuilder {
  private readonly blocks: ColumnBlock[] = [];
  private readonly families: ConstraintFamily[] = [];
  private numCols = 0;
  private writer: RowWriter | null = null;
  private objective: Objective = { direction: "min", cols: new Int32Array(0), coefs: new Float64Array(0), offset: 0 };

  private readonly colKind = new GrowableUint8();
  private readonly colLower = new GrowableFloat64();
  private readonly colUpper = new GrowableFloat64();
  private readonly rowStart = new GrowableInt32();
  private readonly rowCol: GrowableInt32;
  private readonly rowCoef: GrowableFloat64;
  private readonly rowSense = new GrowableUint8();
  private readonly rowRhs = new GrowableFloat64();
  private readonly rowFamily = new GrowableUint16();
  private readonly rowKey = new GrowableInt32();
  private readonly rowLabels = new Map<number, string>();
  private readonly rowRangeLower = new Map<number, number>();
  private pendingKey: readonly number[] = [];
  private pendingFamily = 0;
  private namedFamily: ConstraintFamily | null = null;

  constructor(
    /** Name of the model to build. */
    readonly name: string,
    expectedNonzeros = 1 << 16,
  ) {
    this.rowStart.push(0);
    this.rowCol = new GrowableInt32(expectedNonzeros);
    this.rowCoef = new GrowableFloat64(expectedNonzeros);
  }

  private pushColumns(count: number, kind: VarKind, bounds?: { lower?: number; upper?: number }): void {
    if (this.writer) throw new Error("declare every variable before the first row");
    const lower = bounds?.lower ?? 0;
    const upper = bounds?.upper ?? (kind === "binary" ? 1 : Infinity);
    for (let k = 0; k < count; k++) {
      this.colKind.push(KIND_CODE[kind]);
      this.colLower.push(lower);
      this.colUpper.push(upper);
    }
    this.numCols += count;
  }

  /** Declares a family of columns over `sets`; bounds default to 0..1 for binaries, 0..Infinity otherwise. Must precede every row. */
  addVariables<K extends readonly number[]>(
    name: string,
    kind: VarKind,
    sets: readonly IndexSet[],
    bounds?: { lower?: number; upper?: number },
  ): VariableFamily<K> {
    const lower = bounds?.lower ?? 0;
    const upper = bounds?.upper ?? (kind === "binary" ? 1 : Infinity);
    const fam = new VariableFamily<K>(name, kind, sets, this.numCols, lower, upper);
    this.pushColumns(fam.size, kind, bounds);
    this.blocks.push(fam as unknown as ColumnBlock);
    return fam;
  }

  /** A single named variable; returns its column. */
  addScalar(name: string, kind: VarKind, bounds?: { lower?: number; upper?: number }): number {
    return this.addVariables<[]>(name, kind, [], bounds).col();
  }

  /** A column named by the caller (models read from files); returns its column. */
  addNamedColumn(name: string, kind: VarKind, bounds?: { lower?: number; upper?: number }): number {
    let block = this.blocks[this.blocks.length - 1];
    if (!(block instanceof NamedColumns)) {
      block = new NamedColumns(this.numCols);
      this.blocks.push(block);
    }
    this.pushColumns(1, kind, bounds);
    return (block as NamedColumns).push(name);
  }

  /** Declares a family of rows with one sense; names are unique and `arity` is at most MAX_ROW_ARITY. */
  constraintFamily<K extends readonly number[]>(name: string, sense: Sense, arity: K["length"]): ConstraintFamily<K> {
    if (arity > MAX_ROW_ARITY) throw new RangeError(`${name}: at most ${MAX_ROW_ARITY} indices per row name`);
    if (this.families.some((f) => f.name === name)) throw new Error(`constraint family ${name} declared twice`);
    if (this.families.length >= 0xffff) throw new RangeError("too many constraint families");
    const fam = new ConstraintFamily<K>(this.families.length, name, sense, arity);
    this.families.push(fam as unknown as ConstraintFamily);
    return fam;
  }

  private openRow(family: ConstraintFamily, key: readonly number[], label: string, sense: Sense): RowWriter {
    this.writer ??= new RowWriter(this, new Float64Array(this.numCols), new Int32Array(this.numCols));
    this.pendingKey = key;
    this.pendingFamily = family.id;
    return this.writer.begin(label, sense);
  }

  /** Opens the row `family(key)`; add terms, then `end(rhs)`. */
  row<K extends readonly number[]>(family: ConstraintFamily<K>, ...key: K): RowWriter {
    if (key.length !== family.arity) throw new RangeError(`${family.name}: expected ${family.arity} indices`);
    return this.openRow(family as unknown as ConstraintFamily, key, family.name, family.sense);
  }

  /** Opens a row with a name of its own (models read from files). */
  namedRow(name: string, sense: Sense): RowWriter {
    this.namedFamily ??= this.constraintFamily<[]>("(named)", sense, 0);
    this.rowLabels.set(this.rowSense.length, name);
    return this.openRow(this.namedFamily, [], name, sense);
  }

  /** Sets the objective to `direction expr`; the constant of `expr` becomes the offset. */
  setObjective(direction: Direction, expr: LinearExpr): void {
    this.objective = { direction, ...expr.terms(), offset: expr.constant };
  }

  /** @internal called by RowWriter.end and endRange; terms that merged to zero are dropped. */
  appendRow(code: number, cols: readonly number[], acc: Float64Array, rhs: number, rangeLower?: number): void {
    if (rangeLower !== undefined) this.rowRangeLower.set(this.rowSense.length, rangeLower);
    this.rowCol.reserve(cols.length);
    this.rowCoef.reserve(cols.length);
    for (const col of cols) {
      const coef = acc[col]!;
      if (coef === 0) continue;
      this.rowCol.push(col);
      this.rowCoef.push(coef);
    }
    this.rowStart.push(this.rowCol.length);
    this.rowSense.push(code);
    this.rowRhs.push(rhs);
    this.rowFamily.push(this.pendingFamily);
    for (let d = 0; d < MAX_ROW_ARITY; d++) this.rowKey.push(this.pendingKey[d] ?? 0);
  }

  /** Freezes what was declared into a Model; its arrays are views of the builder's buffers, so call it last. */
  build(): Model {
    return new Model(
      this.name,
      this.blocks,
      this.families,
      {
        colKind: this.colKind.view(),
        colLower: this.colLower.view(),
        colUpper: this.colUpper.view(),
        rowStart: this.rowStart.view(),
        rowCol: this.rowCol.view(),
        rowCoef: this.rowCoef.view(),
        rowSense: this.rowSense.view(),
        rowRhs: this.rowRhs.view(),
        rowFamily: this.rowFamily.view(),
        rowKey: this.rowKey.view(),
        ...(this.rowRangeLower.size ? { rowRangeLower: this.rowRangeLower } : {}),
      },
      this.objective,
      this.rowLabels,
    );
  }
}
