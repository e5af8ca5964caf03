import { basename } from "node:path";
import { InputError } from "../formulations/input-error.js";
import { KIND_CODE, type Model, type Sense } from "../formulations/model/index.js";
import { FileModelAssembler, fileLines } from "./file-model.js";
import { MPS_NEGATED_MARK } from "./mps-writer.js";

const SENSES: Record<string, Sense | "N"> = { L: "<=", G: ">=", E: "=", N: "N" };

interface PendingRow {
  sense: Sense;
  cols: number[];
  coefs: number[];
  rhs: number;
}

/**
 * Reads an MPS file (free format; fixed-format files whose names have no spaces read the same) into a
 * Model. The first N row is the objective; further N rows are dropped. OBJSENSE MAX is honoured, and so
 * is byzopt's own mark of a negated maximisation, so a file we wrote reads back as the model we built.
 * An integer column between markers that has no bound at all gets [0, 1], as HiGHS and GLPK read it.
 * RANGES and semi-continuous bounds are refused.
 */
export function readMpsFile(path: string): Model {
  const a = new FileModelAssembler(path);
  let lineNo = 0;
  const where = () => `${path}:${lineNo}`;
  let section = "";
  let name = basename(path).replace(/\.mps$/i, "");
  let objectiveRow: string | null = null;
  const freeRows = new Set<string>();
  const rows = new Map<string, PendingRow>();
  const rowOrder: string[] = [];
  let integerMarker = false;
  let negated = false;
  let sawEnd = false;
  const bounded = new Set<number>();
  const markedInteger = new Set<number>();

  const num = (text: string | undefined): number => {
    const x = Number(text);
    if (text === undefined || text === "" || Number.isNaN(x)) throw new InputError(`${where()}: expected a number, got ${JSON.stringify(text)}`);
    return Math.abs(x) >= 1e30 ? Math.sign(x) * Infinity : x;
  };
  const rowNamed = (rowName: string): PendingRow | "objective" | "free" => {
    if (rowName === objectiveRow) return "objective";
    if (freeRows.has(rowName)) return "free";
    const row = rows.get(rowName);
    if (!row) throw new InputError(`${where()}: unknown row ${rowName}`);
    return row;
  };

  for (const raw of fileLines(path)) {
    lineNo++;
    if (raw.startsWith("*")) {
      if (raw.includes(MPS_NEGATED_MARK)) negated = true;
      continue;
    }
    if (!raw.trim()) continue;
    const fields = raw.trim().split(/\s+/);
    if (!/^\s/.test(raw)) {
      // Section header, in column 1.
      section = fields[0]!.toUpperCase();
      if (section === "NAME") name = fields[1] ?? name;
      else if (section === "OBJSENSE" && fields[1]) a.direction = /^MAX/i.test(fields[1]) ? "max" : "min";
      else if (section === "OBJSENS") section = "OBJSENSE";
      else if (section === "ENDATA") {
        sawEnd = true;
        break;
      } else if (section === "RANGES") throw new InputError(`${where()}: RANGES (ranged rows) are not supported`);
      else if (!["ROWS", "COLUMNS", "RHS", "BOUNDS", "OBJSENSE"].includes(section)) throw new InputError(`${where()}: unknown section ${section}`);
      continue;
    }
    switch (section) {
      case "OBJSENSE":
        a.direction = /^MAX/i.test(fields[0]!) ? "max" : "min";
        break;
      case "ROWS": {
        const sense = SENSES[fields[0]!.toUpperCase()];
        const rowName = fields[1];
        if (!sense || !rowName) throw new InputError(`${where()}: expected a row type (N, L, G, E) and a name`);
        if (sense === "N") {
          if (objectiveRow === null) objectiveRow = rowName;
          else freeRows.add(rowName);
        } else {
          if (rows.has(rowName)) throw new InputError(`${where()}: row ${rowName} is defined twice`);
          rows.set(rowName, { sense, cols: [], coefs: [], rhs: 0 });
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
        if (fields.length !== 3 && fields.length !== 5) throw new InputError(`${where()}: expected column, row, value [, row, value]`);
        const col = a.col(fields[0]!);
        if (integerMarker && !markedInteger.has(col)) {
          markedInteger.add(col);
          a.setKind(col, "integer");
        }
        for (let k = 1; k < fields.length; k += 2) {
          const target = rowNamed(fields[k]!);
          const value = num(fields[k + 1]);
          if (target === "objective") a.addObjective(col, value);
          else if (target !== "free") target.cols.push(col), target.coefs.push(value);
        }
        break;
      }
      case "RHS": {
        // The RHS set name is optional in free MPS: an odd field count means it is there.
        const start = fields.length % 2 === 1 ? 1 : 0;
        for (let k = start; k < fields.length; k += 2) {
          const target = rowNamed(fields[k]!);
          const value = num(fields[k + 1]);
          if (target === "objective") a.offset = -value;
          else if (target !== "free") target.rhs = value;
        }
        break;
      }
      case "BOUNDS": {
        const type = fields[0]!.toUpperCase();
        const needsValue = ["UP", "LO", "FX", "LI", "UI"].includes(type);
        const noValue = ["FR", "MI", "PL", "BV"].includes(type);
        if (type === "SC") throw new InputError(`${where()}: semi-continuous bounds are not supported`);
        if (!needsValue && !noValue) throw new InputError(`${where()}: unknown bound type ${type}`);
        // With or without the bound set name.
        const withSet = needsValue ? fields.length === 4 : fields.length >= 3 && !(fields.length === 3 && noValue && !Number.isNaN(Number(fields[2])));
        const colName = withSet ? fields[2] : fields[1];
        if (!colName) throw new InputError(`${where()}: expected a column name`);
        const col = a.col(colName);
        bounded.add(col);
        const value = needsValue ? num(withSet ? fields[3] : fields[2]) : NaN;
        switch (type) {
          case "UP":
            a.upper.set(col, value);
            break;
          case "LO":
            a.lower.set(col, value);
            break;
          case "FX":
            a.lower.set(col, value);
            a.upper.set(col, value);
            break;
          case "FR":
            a.lower.set(col, -Infinity);
            a.upper.set(col, Infinity);
            break;
          case "MI":
            a.lower.set(col, -Infinity);
            break;
          case "PL":
            a.upper.set(col, Infinity);
            break;
          case "BV":
            a.setKind(col, "binary");
            a.lower.set(col, 0);
            a.upper.set(col, 1);
            break;
          case "LI":
            a.setKind(col, "integer");
            a.lower.set(col, value);
            break;
          case "UI":
            a.setKind(col, "integer");
            a.upper.set(col, value);
            break;
        }
        break;
      }
      default:
        throw new InputError(`${where()}: data outside a section`);
    }
  }
  if (!sawEnd) throw new InputError(`${path}: no ENDATA: the file is incomplete`);
  for (const col of markedInteger) if (!bounded.has(col) && a.kind.get(col) === KIND_CODE.integer) a.upper.set(col, 1);
  for (const rowName of rowOrder) {
    const r = rows.get(rowName)!;
    a.addRow(rowName, r.cols, r.coefs, r.sense, r.rhs);
  }
  if (negated) {
    a.direction = "max";
    a.negateObjective();
  }
  return a.build(name);
}
