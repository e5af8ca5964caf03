import type { Model } from "../formulations/model/index.js";

/**
 * Names every reader we target accepts: HiGHS refuses `[ ] / : - + ^ * < =`, a leading digit and
 * keywords; glpsol refuses names over 255 characters. We keep to letters, digits and `_ ( ) , .`.
 */
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_(),.]*$/;
const KEYWORDS = new Set(["free", "st", "bin", "end", "inf", "infinity", "subject", "to", "bounds", "general", "generals", "binary", "binaries", "maximize", "minimize", "max", "min", "obj"]);

export function checkName(name: string): void {
  if (!SAFE_NAME.test(name) || name.length > 255 || KEYWORDS.has(name.toLowerCase())) {
    throw new Error(`name ${JSON.stringify(name)} cannot be written portably (letters, digits, _ ( ) , . only; at most 255 characters; not a keyword)`);
  }
}

/** Checks every family name once with the longest key it can have; cheaper than checking each row. */
export function checkModelNames(model: Model): void {
  for (const fam of model.variables) {
    checkName(fam.nameOf(fam.base + fam.size - 1));
  }
  const seen = new Set<number>();
  for (let r = 0; r < model.numRows; r++) {
    const f = model.rowFamily[r]!;
    if (seen.has(f)) continue;
    seen.add(f);
    checkName(model.rowName(r));
  }
}
