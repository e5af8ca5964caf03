import { type Model, NamedColumns } from "../formulations/model/index.js";

/**
 * Names every reader we target accepts: HiGHS refuses `[ ] / : - + ^ * < =`, a leading digit and
 * keywords; glpsol refuses names over 255 characters. We keep to letters, digits and `_ ( ) , .`.
 */
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_(),.]*$/;
const KEYWORDS = new Set(["free", "st", "bin", "end", "inf", "infinity", "subject", "to", "bounds", "general", "generals", "binary", "binaries", "maximize", "minimize", "max", "min", "obj", "semi", "semis"]);

export function checkName(name: string): void {
  if (!SAFE_NAME.test(name) || name.length > 255 || KEYWORDS.has(name.toLowerCase())) {
    throw new Error(`name ${JSON.stringify(name)} cannot be written portably (letters, digits, _ ( ) , . only; at most 255 characters; not a keyword)`);
  }
}

/**
 * Checks the names a writer would use (with LP's rule unless another is given): every name of columns
 * and rows named one by one (models read from files), and each built family once with its longest key,
 * which is cheaper than every row.
 */
export function checkModelNames(model: Model, check: (name: string) => void = checkName): void {
  for (const fam of model.variables) {
    if (fam instanceof NamedColumns) for (let c = fam.base; c < fam.base + fam.size; c++) check(fam.nameOf(c));
    else check(fam.nameOf(fam.base + fam.size - 1));
  }
  const seen = new Set<number>();
  for (let r = 0; r < model.numRows; r++) {
    const f = model.rowFamily[r]!;
    const family = model.constraints[f]!;
    // Rows named one by one all share the arity-0 family "(named)": check each.
    if (family.arity > 0 && seen.has(f)) continue;
    seen.add(f);
    check(model.rowName(r));
  }
}

/**
 * Names free MPS can carry: no white space, not empty, at most 255 characters, and not starting with
 * `$` or `*` (read as comments). Wider than LP's: `2`, `...` and `end` are fine.
 */
export function checkMpsName(name: string): void {
  if (!/^[^\s$*][^\s]*$/.test(name) || name.length > 255) throw new Error(`name ${JSON.stringify(name)} cannot be written in free MPS (no spaces, not starting with $ or *, at most 255 characters)`);
}

/** The names a writer gives columns and rows. */
export interface WrittenNames {
  /** Name of each column, in column order. */
  readonly cols: readonly string[];
  /** Name of a row. */
  row(r: number): string;
}

/** Name of column `c` under internal names (see writtenNames). */
export const internalColName = (c: number): string => `x${c + 1}`;

/**
 * The model's own names (checked to be portable; throws otherwise), or byzopt's internal names `x1…`
 * and `c1…`, which every reader takes: the native backends write those and map the answer back by index.
 */
export function writtenNames(model: Model, internal: boolean, format: "lp" | "mps" = "lp"): WrittenNames {
  if (internal) return { cols: Array.from({ length: model.numCols }, (_, c) => internalColName(c)), row: (r) => `c${r + 1}` };
  checkModelNames(model, format === "lp" ? checkName : checkMpsName);
  return { cols: model.colNames(), row: (r) => model.rowName(r) };
}
