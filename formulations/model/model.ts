import { GrowableFloat64, GrowableInt32, GrowableUint16, GrowableUint8 } from "./growable.js";
import type { IndexSet } from "./index-set.js";
import type { LinearExpr } from "./linear.js";
import { formatName, KIND_CODE, type VarKind, VariableFamily } from "./variables.js";

export type Sense = "<=" | ">=" | "=";
export const SENSE_CODE = { "<=": 0, ">=": 1, "=": 2 } as const satisfies Record<Sense, number>;
export const SENSE_OF_CODE: readonly Sense[] = ["<=", ">=", "="];

export type Direction = "min" | "max";

/** Row keys are stored in fixed slots; no family of ours has more than four indices. */
export const MAX_ROW_ARITY = 4;

/** A named group of rows sharing one sense, each row named `name(key)`. */
export class ConstraintFamily<K extends readonly number[] = readonly number[]> {
  declare readonly keyType: K;
  constructor(
    readonly id: number,
    readonly name: string,
    readonly sense: Sense,
    readonly arity: number,
  ) {}
}

export interface Objective {
  readonly direction: Direction;
  readonly cols: Int32Array;
  readonly coefs: Float64Array;
}

/**
 * A built MILP in compressed sparse row form: Σ_k rowCoef[k]·x[rowCol[k]] (sense) rowRhs for each row,
 * k in rowStart[r]..rowStart[r+1]. Immutable by convention; every array is owned by the model.
 */
export class Model {
  constructor(
    readonly name: string,
    readonly variables: readonly VariableFamily[],
    readonly constraints: readonly ConstraintFamily[],
    readonly colKind: Uint8Array,
    readonly colLower: Float64Array,
    readonly colUpper: Float64Array,
    readonly rowStart: Int32Array,
    readonly rowCol: Int32Array,
    readonly rowCoef: Float64Array,
    readonly rowSense: Uint8Array,
    readonly rowRhs: Float64Array,
    readonly rowFamily: Uint16Array,
    readonly rowKey: Int32Array,
    readonly objective: Objective,
  ) {}

  get numCols(): number {
    return this.colKind.length;
  }

  get numRows(): number {
    return this.rowSense.length;
  }

  get numNonzeros(): number {
    return this.rowCol.length;
  }

  /** The variable family holding a column (binary search over the ordered bases). */
  familyOfCol(col: number): VariableFamily {
    const fams = this.variables;
    let lo = 0;
    let hi = fams.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (fams[mid]!.base <= col) lo = mid;
      else hi = mid - 1;
    }
    const fam = fams[lo]!;
    if (!fam.contains(col)) throw new RangeError(`column ${col} out of range`);
    return fam;
  }

  colName(col: number): string {
    return this.familyOfCol(col).nameOf(col);
  }

  /** All column names in order; one string per column, built once for writers. */
  colNames(): string[] {
    const names: string[] = new Array(this.numCols);
    for (const fam of this.variables) for (let c = fam.base; c < fam.base + fam.size; c++) names[c] = fam.nameOf(c);
    return names;
  }

  rowKeyOf(row: number): number[] {
    const fam = this.constraints[this.rowFamily[row]!]!;
    const at = row * MAX_ROW_ARITY;
    return Array.from(this.rowKey.subarray(at, at + fam.arity));
  }

  rowName(row: number): string {
    return formatName(this.constraints[this.rowFamily[row]!]!.name, this.rowKeyOf(row));
  }

  rowSenseOf(row: number): Sense {
    return SENSE_OF_CODE[this.rowSense[row]!]!;
  }
}

/**
 * Streams one constraint row at a time into the model's arrays. Like terms are merged with a dense
 * accumulator (a generation stamp per column marks first appearance), so a row costs O(its terms).
 */
export class RowWriter {
  private open = false;
  private family: ConstraintFamily | null = null;
  private readonly touched: number[] = [];
  private generation = 0;

  constructor(
    private readonly builder: ModelBuilder,
    private readonly acc: Float64Array,
    private readonly stamp: Int32Array,
  ) {}

  /** @internal */
  begin(family: ConstraintFamily): this {
    if (this.open) throw new Error(`row of ${family.name} begun while a row of ${this.family!.name} is open`);
    this.open = true;
    this.family = family;
    this.generation++;
    return this;
  }

  add(col: number, coef = 1): this {
    if (col < 0 || col >= this.acc.length) throw new RangeError(`column ${col} out of range`);
    if (this.stamp[col] !== this.generation) {
      this.stamp[col] = this.generation;
      this.acc[col] = 0;
      this.touched.push(col);
    }
    this.acc[col]! += coef;
    return this;
  }

  addExpr(expr: LinearExpr, scale = 1): this {
    const { cols, coefs } = expr.terms();
    for (let k = 0; k < cols.length; k++) this.add(cols[k]!, scale * coefs[k]!);
    return this;
  }

  /** Closes the row as `terms (family sense) rhs`. */
  end(rhs = 0): void {
    if (!this.open) throw new Error("end() without an open row");
    this.builder.appendRow(this.family!, this.touched, this.acc, rhs);
    this.touched.length = 0;
    this.open = false;
    this.family = null;
  }
}

/** Declares variables and constraint families, then receives rows; `build()` freezes it into a Model. */
export class ModelBuilder {
  private readonly variables: VariableFamily[] = [];
  private readonly families: ConstraintFamily[] = [];
  private numCols = 0;
  private writer: RowWriter | null = null;
  private objective: Objective = { direction: "min", cols: new Int32Array(0), coefs: new Float64Array(0) };

  private readonly rowStart = new GrowableInt32();
  private readonly rowCol: GrowableInt32;
  private readonly rowCoef: GrowableFloat64;
  private readonly rowSense = new GrowableUint8();
  private readonly rowRhs = new GrowableFloat64();
  private readonly rowFamily = new GrowableUint16();
  private readonly rowKey = new GrowableInt32();
  private pendingKey: readonly number[] = [];

  constructor(
    readonly name: string,
    expectedNonzeros = 1 << 16,
  ) {
    this.rowStart.push(0);
    this.rowCol = new GrowableInt32(expectedNonzeros);
    this.rowCoef = new GrowableFloat64(expectedNonzeros);
  }

  addVariables<K extends readonly number[]>(
    name: string,
    kind: VarKind,
    sets: readonly IndexSet[],
    bounds?: { lower?: number; upper?: number },
  ): VariableFamily<K> {
    if (this.writer) throw new Error("declare every variable before the first row");
    const lower = bounds?.lower ?? 0;
    const upper = bounds?.upper ?? (kind === "binary" ? 1 : Infinity);
    const fam = new VariableFamily<K>(name, kind, sets, this.numCols, lower, upper);
    this.variables.push(fam as unknown as VariableFamily);
    this.numCols += fam.size;
    return fam;
  }

  /** A single named variable; returns its column. */
  addScalar(name: string, kind: VarKind, bounds?: { lower?: number; upper?: number }): number {
    return this.addVariables<[]>(name, kind, [], bounds).col();
  }

  constraintFamily<K extends readonly number[]>(name: string, sense: Sense, arity: K["length"]): ConstraintFamily<K> {
    if (arity > MAX_ROW_ARITY) throw new RangeError(`${name}: at most ${MAX_ROW_ARITY} indices per row name`);
    if (this.families.some((f) => f.name === name)) throw new Error(`constraint family ${name} declared twice`);
    const fam = new ConstraintFamily<K>(this.families.length, name, sense, arity);
    this.families.push(fam as unknown as ConstraintFamily);
    return fam;
  }

  /** Opens the row `family(key)`; add terms, then `end(rhs)`. */
  row<K extends readonly number[]>(family: ConstraintFamily<K>, ...key: K): RowWriter {
    if (key.length !== family.arity) throw new RangeError(`${family.name}: expected ${family.arity} indices`);
    this.writer ??= new RowWriter(this, new Float64Array(this.numCols), new Int32Array(this.numCols));
    this.pendingKey = key;
    return this.writer.begin(family as unknown as ConstraintFamily);
  }

  setObjective(direction: Direction, expr: LinearExpr): void {
    if (expr.constant !== 0) throw new RangeError("objective constants are not written (glpsol refuses them, CBC drops them)");
    this.objective = { direction, ...expr.terms() };
  }

  /** @internal called by RowWriter.end; terms that merged to zero are dropped. */
  appendRow(family: ConstraintFamily, cols: readonly number[], acc: Float64Array, rhs: number): void {
    this.rowCol.reserve(cols.length);
    this.rowCoef.reserve(cols.length);
    for (const col of cols) {
      const coef = acc[col]!;
      if (coef === 0) continue;
      this.rowCol.push(col);
      this.rowCoef.push(coef);
    }
    this.rowStart.push(this.rowCol.length);
    this.rowSense.push(SENSE_CODE[family.sense]);
    this.rowRhs.push(rhs);
    this.rowFamily.push(family.id);
    for (let d = 0; d < MAX_ROW_ARITY; d++) this.rowKey.push(this.pendingKey[d] ?? 0);
  }

  build(): Model {
    const colKind = new Uint8Array(this.numCols);
    const colLower = new Float64Array(this.numCols);
    const colUpper = new Float64Array(this.numCols);
    for (const fam of this.variables) {
      colKind.fill(KIND_CODE[fam.kind], fam.base, fam.base + fam.size);
      colLower.fill(fam.lower, fam.base, fam.base + fam.size);
      colUpper.fill(fam.upper, fam.base, fam.base + fam.size);
    }
    return new Model(
      this.name,
      this.variables,
      this.families,
      colKind,
      colLower,
      colUpper,
      this.rowStart.view(),
      this.rowCol.view(),
      this.rowCoef.view(),
      this.rowSense.view(),
      this.rowRhs.view(),
      this.rowFamily.view(),
      this.rowKey.view(),
      this.objective,
    );
  }
}
