import { basename } from "node:path";
import { InputError } from "../formulations/input-error.js";
import { KIND_CODE, type Model, type VarKind } from "../formulations/model/index.js";
import { FileModelAssembler, fileLines } from "./file-model.js";
import { MPS_NEGATED_MARK } from "./mps-writer.js";

type RowType = "L" | "G" | "E";

interface PendingRow {
  readonly type: RowType;
  readonly cols: number[];
  readonly coefs: number[];
  rhs: number;
  range: number | null;
}

const DATA_SECTIONS = new Set(["ROWS", "COLUMNS", "RHS", "RANGES", "BOUNDS", "OBJSENSE", "OBJSENS", "OBJNAME"]);
/** Sections of extensions byzopt does not model, with why they are refused. */
const REFUSED_SECTIONS: Record<string, string> = {
  QUADOBJ: "quadratic objectives are not supported",
  QMATRIX: "quadratic objectives are not supported",
  QSECTION: "quadratic terms are not supported",
  QCMATRIX: "quadratic constraints are not supported",
  CSECTION: "conic constraints are not supported",
  SOS: "SOS constraints are not supported",
  INDICATORS: "indicator constraints are not supported",
  GENCONS: "general constraints are not supported",
  PWLOBJ: "piecewise-linear objectives are not supported",
};
const BOUND_TYPES = new Set(["UP", "LO", "FX", "FR", "MI", "PL", "BV", "LI", "UI", "SC", "SI"]);
const BOUNDS_WITHOUT_VALUE = new Set(["FR", "MI", "PL", "BV"]);

/** A number as MPS writes it: Fortran `D` exponents and `Inf` included; |x| >= 1e30 is infinite. */
const MPS_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?$/;
const MPS_INFINITY = /^[+-]?inf(?:inity)?$/i;

export function parseMpsNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (MPS_INFINITY.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (!MPS_NUMBER.test(text)) return null;
  const x = Number(text.replace(/[dD]/, "e"));
  return Math.abs(x) >= 1e30 ? Math.sign(x) * Infinity : x;
}

/**
 * The fields of a fixed-format data line (columns 2–3, 5–12, 15–22, 25–36, 40–47, 50–61), for names
 * with spaces. The first (a row or bound type) is dropped in sections that have none.
 */
function fixedFields(raw: string, section: string): string[] {
  const slices: [number, number][] = [[1, 3], [4, 12], [14, 22], [24, 36], [39, 47], [49, 61]];
  const fields = slices.slice(section === "ROWS" || section === "BOUNDS" ? 0 : 1).map(([from, to]) => raw.slice(from, to).trim());
  while (fields.length && fields[fields.length - 1] === "") fields.pop();
  return fields;
}

/**
 * Reads an MPS file, free or fixed format, into a Model. The first N row is the objective (or the one
 * OBJNAME names); further N rows are dropped. OBJSENSE MAX is honoured, and so is byzopt's own mark of a
 * negated maximisation, so a file we wrote reads back as the model we built. RANGES make ranged rows;
 * SC and SI bounds semi-continuous and semi-integer columns. Text after the data fields of a line
 * that starts with `$` or `*` is a comment; numbers may have Fortran exponents (`1.0D3`). An integer
 * column between markers that has no bound at all gets [0, 1], as HiGHS and GLPK read it. A line that
 * does not read as free format is read by the fixed columns, so names may hold spaces there.
 * Quadratic and other extension sections, and entries naming an undeclared row or column, are refused
 * with the line.
 */
export function readMpsFile(path: string): Model {
  const a = new FileModelAssembler(path);
  let lineNo = 0;
  const where = () => `${path}:${lineNo}`;
  let section = "";
  let name = basename(path).replace(/\.mps$/i, "");
  let objectiveRow: string | null = null;
  let objectiveName: string | null = null;
  const freeRows = new Set<string>();
  const rows = new Map<string, PendingRow>();
  const rowOrder: string[] = [];
  const rhsGiven = new Set<string>();
  let objectiveRhsGiven = false;
  let integerMarker = false;
  let negated = false;
  let sawEnd = false;
  const bounded = new Set<number>();
  const lowerSet = new Set<number>();
  const markedInteger = new Set<number>();
  let currentColumn: string | null = null;
  const currentRows = new Set<string>();

  const num = (text: string | undefined): number => {
    const x = parseMpsNumber(text);
    if (x === null) throw new InputError(`${where()}: expected a number, got ${text === undefined ? "nothing" : JSON.stringify(text.slice(0, 40))}`);
    return x;
  };
  const isRowName = (n: string) => n === objectiveRow || freeRows.has(n) || rows.has(n);
  /** A field in a row-name position that starts a trailing comment. */
  const isComment = (field: string) => /^[$*]/.test(field) && !isRowName(field);
  const rowNamed = (rowName: string): PendingRow | "objective" | "free" => {
    if (rowName === objectiveRow) return "objective";
    if (freeRows.has(rowName)) return "free";
    const row = rows.get(rowName);
    if (!row) throw new InputError(`${where()}: unknown row ${JSON.stringify(rowName)} (not declared in ROWS)`);
    return row;
  };
  const columnNamed = (colName: string | undefined): number => {
    if (colName === undefined) throw new InputError(`${where()}: expected a column name`);
    if (!a.hasColumn(colName)) throw new InputError(`${where()}: unknown column ${JSON.stringify(colName)} (not in COLUMNS)`);
    return a.col(colName);
  };
  /** (row, value) pairs from `fields[from]` on, up to a trailing comment. */
  const pairs = (fields: readonly string[], from: number, what: string): [string, number][] => {
    const out: [string, number][] = [];
    for (let k = from; k < fields.length; k += 2) {
      if (k > from && isComment(fields[k]!)) break;
      if (k + 1 >= fields.length) throw new InputError(`${where()}: expected ${what}`);
      out.push([fields[k]!, num(fields[k + 1])]);
    }
    if (out.length === 0) throw new InputError(`${where()}: expected ${what}`);
    return out;
  };
  /** RHS and RANGES lines: `[set] row value [row value]`; the set name is there unless a row and a number come first. */
  const setPairs = (fields: readonly string[]): [string, number][] => {
    const withoutSet = isRowName(fields[0]!) && parseMpsNumber(fields[1]) !== null;
    return pairs(fields, withoutSet ? 0 : 1, "a row name and a value");
  };

  const readData = (fields: readonly string[]) => {
    switch (section) {
      case "OBJSENSE":
        if (!/^(MAX|MAXIMIZE|MAXIMISE|MIN|MINIMIZE|MINIMISE)$/i.test(fields[0]!)) throw new InputError(`${where()}: expected MIN or MAX`);
        a.direction = /^MAX/i.test(fields[0]!) ? "max" : "min";
        break;
      case "OBJNAME":
        objectiveName = fields[0]!;
        break;
      case "ROWS": {
        const type = fields[0]!.toUpperCase();
        const rowName = fields[1];
        if (!["N", "L", "G", "E"].includes(type) || rowName === undefined || (fields.length > 2 && !/^[$*]/.test(fields[2]!))) {
          throw new InputError(`${where()}: expected a row type (N, L, G, E) and a name`);
        }
        if (isRowName(rowName)) throw new InputError(`${where()}: row ${rowName} is defined twice`);
        if (type === "N") {
          if (objectiveRow === null && (objectiveName === null || objectiveName === rowName)) objectiveRow = rowName;
          else freeRows.add(rowName);
        } else {
          rows.set(rowName, { type: type as RowType, cols: [], coefs: [], rhs: 0, range: null });
          rowOrder.push(rowName);
        }
        break;
      }
      case "COLUMNS": {
        if (fields[1]?.replace(/'/g, "").toUpperCase() === "MARKER") {
          const kind = fields[2]?.replace(/'/g, "").toUpperCase();
          if (kind === "INTORG") integerMarker = true;
          else if (kind === "INTEND") integerMarker = false;
          else throw new InputError(`${where()}: unknown marker ${fields[2]}`);
          break;
        }
        const entries = pairs(fields, 1, "column, row, value [, row, value]");
        // Everything is checked before anything is kept, so that a line read again by the fixed columns
        // leaves nothing behind. Readers disagree on a column that comes back after another, and on a
        // repeated entry (kept, summed, or an error): both are refused.
        const newColumn = fields[0] !== currentColumn;
        if (newColumn && a.hasColumn(fields[0]!)) throw new InputError(`${where()}: column ${fields[0]} comes back after other columns`);
        const rowsHere = new Set(newColumn ? [] : currentRows);
        const targets = entries.map(([rowName, value]) => {
          if (!(Math.abs(value) < 1e30)) throw new InputError(`${where()}: coefficient ${value} of ${fields[0]} in row ${rowName} is not a finite number below 1e30`);
          const target = rowNamed(rowName);
          if (rowsHere.has(rowName)) throw new InputError(`${where()}: column ${fields[0]} has two entries in row ${rowName}`);
          rowsHere.add(rowName);
          return [target, value] as const;
        });
        currentColumn = fields[0]!;
        currentRows.clear();
        for (const r of rowsHere) currentRows.add(r);
        const col = a.col(fields[0]!);
        if (integerMarker && !markedInteger.has(col)) {
          markedInteger.add(col);
          a.setKind(col, "integer");
        }
        for (const [target, value] of targets) {
          if (target === "objective") a.addObjective(col, value);
          else if (target !== "free") target.cols.push(col), target.coefs.push(value);
        }
        break;
      }
      case "RHS":
        for (const [rowName, value] of setPairs(fields)) {
          const target = rowNamed(rowName);
          // An RHS on the objective is minus its constant term (HiGHS, CPLEX).
          if (target === "objective") {
            if (objectiveRhsGiven) throw new InputError(`${where()}: the objective's RHS is given twice`);
            objectiveRhsGiven = true;
            a.offset = -value;
          } else if (target !== "free") {
            if (rhsGiven.has(rowName)) throw new InputError(`${where()}: the RHS of row ${rowName} is given twice`);
            rhsGiven.add(rowName);
            target.rhs = value;
          }
        }
        break;
      case "RANGES":
        for (const [rowName, value] of setPairs(fields)) {
          const target = rowNamed(rowName);
          if (target === "objective" || target === "free") continue; // no meaning on an N row; HiGHS ignores it too
          if (target.range !== null) throw new InputError(`${where()}: the range of row ${rowName} is given twice`);
          if (!Number.isFinite(value)) throw new InputError(`${where()}: the range of row ${rowName} must be finite`);
          target.range = value;
        }
        break;
      case "BOUNDS":
        readBound(fields);
        break;
      default:
        throw new InputError(`${where()}: data outside a section`);
    }
  };

  const setBound = (col: number, type: string, value: number) => {
    const setKind = (kind: VarKind) => a.setKind(col, kind);
    const lower = (v: number) => (a.lower.set(col, v), lowerSet.add(col));
    switch (type) {
      case "UP":
      case "UI":
        if (type === "UI") setKind("integer");
        // A negative upper bound on a column whose lower bound is still the default 0 makes it free
        // below, as CPLEX, HiGHS and CBC read it.
        if (value < 0 && !lowerSet.has(col) && a.lower.get(col) === 0) a.lower.set(col, -Infinity);
        a.upper.set(col, value);
        break;
      case "LO":
      case "LI":
        if (type === "LI") setKind("integer");
        lower(value);
        break;
      case "FX":
        lower(value);
        a.upper.set(col, value);
        break;
      case "FR":
        lower(-Infinity);
        a.upper.set(col, Infinity);
        break;
      case "MI":
        lower(-Infinity);
        break;
      case "PL":
        a.upper.set(col, Infinity);
        break;
      case "BV":
        setKind("binary");
        lower(0);
        a.upper.set(col, 1);
        break;
      case "SC":
      case "SI":
        // The value is the upper bound (none, or 0 as some writers put it, is no upper bound: CPLEX).
        setKind(type === "SI" || a.kind.get(col) === KIND_CODE.integer ? "semiinteger" : "semicontinuous");
        a.upper.set(col, Number.isNaN(value) || value === 0 ? Infinity : value);
        break;
    }
  };

  const readBound = (fields: readonly string[]) => {
    const type = fields[0]!.toUpperCase();
    if (!BOUND_TYPES.has(type)) throw new InputError(`${where()}: unknown bound type ${JSON.stringify(fields[0]!.slice(0, 20))} (expected one of ${[...BOUND_TYPES].join(", ")})`);
    // `type [set] column [value]`: the set name is left out when the second field is a column followed by
    // a number, by nothing, or by a comment.
    const third = fields[2];
    const withoutSet = a.hasColumn(fields[1] ?? "") && (third === undefined || parseMpsNumber(third) !== null || /^[$*]/.test(third));
    const at = withoutSet ? 1 : 2;
    const col = columnNamed(fields[at]);
    const rest = fields.slice(at + 1);
    if (rest.length && /^[$*]/.test(rest[0]!) && parseMpsNumber(rest[0]) === null) rest.length = 0;
    const optionalValue = BOUNDS_WITHOUT_VALUE.has(type) || type === "SC" || type === "SI";
    if (rest.length === 0 && !optionalValue) throw new InputError(`${where()}: bound ${type} needs a value`);
    if (rest.length > 1 && !/^[$*]/.test(rest[1]!)) throw new InputError(`${where()}: expected type, set, column, value`);
    const value = rest.length ? num(rest[0]) : NaN;
    bounded.add(col);
    setBound(col, type, value);
  };

  for (const raw of fileLines(path)) {
    lineNo++;
    if (raw.startsWith("*")) {
      if (raw.includes(MPS_NEGATED_MARK)) negated = true;
      continue;
    }
    if (!raw.trim()) continue;
    const fields = raw.trim().split(/\s+/);
    const head = fields[0]!.toUpperCase();
    if (!/^\s/.test(raw) && !(section === "OBJSENSE" && /^(MAX|MIN)/.test(head))) {
      // Section header, in column 1.
      if (REFUSED_SECTIONS[head]) throw new InputError(`${where()}: ${REFUSED_SECTIONS[head]} (section ${head})`);
      if (head === "NAME") {
        // "NAME model FREE" marks free format for CBC; the mark is not part of the name.
        name = raw.trim().slice(4).trim().replace(/\s+FREE$/i, "") || name;
        section = "NAME";
        continue;
      }
      if (head === "ENDATA") {
        sawEnd = true;
        break;
      }
      if (!DATA_SECTIONS.has(head)) throw new InputError(`${where()}: unknown section ${JSON.stringify(fields[0]!.slice(0, 20))}`);
      section = head === "OBJSENS" ? "OBJSENSE" : head;
      // "OBJSENSE MAX" and "OBJNAME cost" on one line.
      if (fields.length > 1 && (section === "OBJSENSE" || section === "OBJNAME")) readData(fields.slice(1));
      continue;
    }
    if (section === "NAME" || section === "") throw new InputError(`${where()}: data outside a section`);
    try {
      readData(fields);
    } catch (err) {
      // Fixed format puts names in columns, so they may hold spaces: read the line that way before giving up.
      const fixed = err instanceof InputError && section !== "OBJSENSE" && section !== "OBJNAME" ? fixedFields(raw, section) : null;
      if (!fixed || fixed.length === 0 || (fixed.length === fields.length && fixed.every((f, k) => f === fields[k]))) throw err;
      try {
        readData(fixed);
      } catch {
        throw err;
      }
    }
  }
  if (!sawEnd) throw new InputError(`${path}: no ENDATA: the file is incomplete`);
  if (objectiveName !== null && objectiveRow !== objectiveName) throw new InputError(`${path}: OBJNAME ${objectiveName} is not an N row`);
  for (const col of markedInteger) if (!bounded.has(col) && a.kind.get(col) === KIND_CODE.integer) a.upper.set(col, 1);
  for (const rowName of rowOrder) {
    const r = rows.get(rowName)!;
    const [lower, upper] = rowEnds(r);
    a.addRow(rowName, r.cols, r.coefs, lower, upper);
  }
  if (negated) {
    a.direction = "max";
    a.negateObjective();
  }
  return a.build(name);
}

/** The two ends of an MPS row, its range applied as the MPS convention says. */
function rowEnds(r: PendingRow): [number, number] {
  const { rhs, range } = r;
  if (range === null) return r.type === "L" ? [-Infinity, rhs] : r.type === "G" ? [rhs, Infinity] : [rhs, rhs];
  if (r.type === "L") return [rhs - Math.abs(range), rhs];
  if (r.type === "G") return [rhs, rhs + Math.abs(range)];
  return range >= 0 ? [rhs, rhs + range] : [rhs + range, rhs];
}
