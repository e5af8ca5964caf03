import { closeSync, openSync, readSync } from "node:fs";
import { InputError } from "../formulations/input-error.js";
import { fsErrorReason } from "./atomic-file.js";
import { GrowableFloat64, GrowableInt32, GrowableUint8 } from "../formulations/model/growable.js";
import {
  ConstraintFamily,
  type Direction,
  isSemiKind,
  KIND_CODE,
  MAX_ROW_ARITY,
  Model,
  NamedColumns,
  RANGE_CODE,
  SENSE_CODE,
  type VarKind,
} from "../formulations/model/index.js";

/** Yields the lines of a file read in 4 MiB pieces, so files larger than a JS string can be parsed. */
export function* fileLines(path: string): Generator<string> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${fsErrorReason(err, "read")}`);
  }
  try {
    const buf = Buffer.alloc(1 << 22);
    let rest = "";
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        throw new InputError(`cannot read ${path}: ${fsErrorReason(err, "read")}`);
      }
      if (n === 0) break;
      const text = rest + buf.toString("utf8", 0, n);
      const lines = text.split(/\r?\n/);
      rest = lines.pop()!;
      yield* lines;
    }
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}

/**
 * Collects a model read from a file (columns and rows named one by one, in file order) and assembles
 * the same compressed arrays the builders produce. Columns are created on first mention.
 */
export class FileModelAssembler {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  readonly kind = new GrowableUint8();
  readonly lower = new GrowableFloat64();
  readonly upper = new GrowableFloat64();
  private readonly rowStart = new GrowableInt32();
  private readonly rowCol = new GrowableInt32();
  private readonly rowCoef = new GrowableFloat64();
  private readonly rowSense = new GrowableUint8();
  private readonly rowRhs = new GrowableFloat64();
  private readonly rowNames: string[] = [];
  private readonly rangeLower = new Map<number, number>();
  private readonly rowNameSet = new Set<string>();
  private objCols: number[] = [];
  private objCoefs: number[] = [];
  offset = 0;
  direction: Direction = "min";

  constructor(readonly source: string) {
    this.rowStart.push(0);
  }

  get numCols(): number {
    return this.names.length;
  }

  get numRows(): number {
    return this.rowNames.length;
  }

  hasColumn(name: string): boolean {
    return this.ids.has(name);
  }

  /** The column of `name`, created continuous in [0, +inf) when first seen. */
  col(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.kind.push(KIND_CODE.continuous);
      this.lower.push(0);
      this.upper.push(Infinity);
    }
    return id;
  }

  setKind(col: number, kind: VarKind): void {
    this.kind.set(col, KIND_CODE[kind]);
  }

  /** Name of a column. */
  nameOf(col: number): string {
    return this.names[col]!;
  }

  /**
   * Adds the row `lower <= terms <= upper`: an equality when the ends meet, one-sided when one is
   * infinite (a free row is `<= +Infinity`), ranged otherwise. Repeated columns are merged and zero
   * coefficients dropped. Throws InputError when lower > upper.
   */
  addRow(name: string, cols: readonly number[], coefs: readonly number[], lower: number, upper: number, where: () => string = () => this.source): void {
    if (this.rowNameSet.has(name)) throw new InputError(`${where()}: row ${name} is defined twice`);
    if (!(lower <= upper) || lower === Infinity || upper === -Infinity) throw new InputError(`${where()}: row ${name} cannot range from ${lower} to ${upper}`);
    this.rowNameSet.add(name);
    const merged = new Map<number, number>();
    for (let k = 0; k < cols.length; k++) merged.set(cols[k]!, (merged.get(cols[k]!) ?? 0) + coefs[k]!);
    for (const [col, coef] of merged) {
      if (coef === 0) continue;
      this.rowCol.push(col);
      this.rowCoef.push(coef);
    }
    const row = this.rowNames.length;
    this.rowStart.push(this.rowCol.length);
    if (lower === upper) this.pushRow(SENSE_CODE["="], upper);
    else if (lower === -Infinity) this.pushRow(SENSE_CODE["<="], upper);
    else if (upper === Infinity) this.pushRow(SENSE_CODE[">="], lower);
    else {
      this.pushRow(RANGE_CODE, upper);
      this.rangeLower.set(row, lower);
    }
    this.rowNames.push(name);
  }

  private pushRow(code: number, rhs: number): void {
    this.rowSense.push(code);
    this.rowRhs.push(rhs);
  }

  /** Adds to the objective coefficient of a column. */
  addObjective(col: number, coef: number): void {
    this.objCols.push(col);
    this.objCoefs.push(coef);
  }

  /** Flips every objective coefficient (and the constant): reading a negated MPS maximisation. */
  negateObjective(): void {
    this.objCoefs = this.objCoefs.map((c) => 0 - c);
    this.offset = 0 - this.offset;
  }

  build(name: string): Model {
    for (let c = 0; c < this.names.length; c++) {
      const lower = this.lower.get(c);
      const upper = this.upper.get(c);
      if (lower === Infinity || upper === -Infinity || Number.isNaN(lower) || Number.isNaN(upper)) throw new InputError(`${this.source}: column ${this.names[c]} has bounds [${lower}, ${upper}]`);
      const kind = this.kind.get(c);
      if (isSemiKind(kind)) {
        // HiGHS refuses a semi-continuous column below 0; one whose range holds 0 is plain (as HiGHS reads it).
        if (lower < 0) throw new InputError(`${this.source}: semi-continuous column ${this.names[c]} has a negative lower bound (${lower})`);
        if (upper < lower) {
          // Its range is empty, so 0 is all it can be.
          this.kind.set(c, KIND_CODE.continuous);
          this.lower.set(c, 0);
          this.upper.set(c, 0);
        } else if (lower === 0) this.kind.set(c, kind === KIND_CODE.semiinteger ? KIND_CODE.integer : KIND_CODE.continuous);
      }
    }
    if (!Number.isFinite(this.offset)) throw new InputError(`${this.source}: the objective's constant is ${this.offset}`);
    const columns = new NamedColumns(0);
    for (const n of this.names) columns.push(n);
    const family = new ConstraintFamily(0, "(named)", "<=", 0);
    const merged = new Map<number, number>();
    for (let k = 0; k < this.objCols.length; k++) merged.set(this.objCols[k]!, (merged.get(this.objCols[k]!) ?? 0) + this.objCoefs[k]!);
    const objective = [...merged].filter(([, c]) => c !== 0);
    const numRows = this.rowNames.length;
    const labels = new Map<number, string>();
    this.rowNames.forEach((n, r) => labels.set(r, n));
    return new Model(
      name,
      this.names.length ? [columns] : [],
      [family],
      {
        colKind: this.kind.view(),
        colLower: this.lower.view(),
        colUpper: this.upper.view(),
        rowStart: this.rowStart.view(),
        rowCol: this.rowCol.view(),
        rowCoef: this.rowCoef.view(),
        rowSense: this.rowSense.view(),
        rowRhs: this.rowRhs.view(),
        rowFamily: new Uint16Array(numRows),
        rowKey: new Int32Array(numRows * MAX_ROW_ARITY),
        ...(this.rangeLower.size ? { rowRangeLower: this.rangeLower } : {}),
      },
      { direction: this.direction, cols: Int32Array.from(objective, ([c]) => c), coefs: Float64Array.from(objective, ([, v]) => v), offset: this.offset },
      labels,
    );
  }
}
