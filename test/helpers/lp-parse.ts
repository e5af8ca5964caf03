/** A row of a CPLEX LP file, as a map from column name to coefficient. */
export interface ParsedRow {
  sense: "<=" | ">=" | "=";
  rhs: number;
  terms: Map<string, number>;
}

/**
 * Reads the rows of a CPLEX LP file (ours or GLPK's): enough to compare two writers' models row by
 * row. Objective and bounds are not read.
 */
export function parseLpRows(text: string): Map<string, ParsedRow> {
  const body = text.slice(text.indexOf("Subject To") + "Subject To".length, text.search(/^Bounds\b/m));
  const rows = new Map<string, ParsedRow>();
  // A row starts with "name:" at the beginning of a line; continuation lines do not.
  const chunks = body.split(/\n(?=\s*[A-Za-z_][\w(),.]*:)/);
  for (const chunk of chunks) {
    const text = chunk.replace(/\s+/g, " ").trim();
    if (!text) continue;
    const m = /^([A-Za-z_][\w(),.]*):(.*?)(<=|>=|=)\s*(\S+)$/.exec(text);
    if (!m) throw new Error(`cannot read row: ${text.slice(0, 200)}`);
    const terms = new Map<string, number>();
    const re = /([+-])?\s*(\d+(?:\.\d*)?(?:e[+-]?\d+)?)?\s*([A-Za-z_][\w(),.]*)/g;
    for (const t of m[2]!.matchAll(re)) {
      const coef = (t[1] === "-" ? -1 : 1) * (t[2] === undefined ? 1 : Number(t[2]));
      terms.set(t[3]!, (terms.get(t[3]!) ?? 0) + coef);
    }
    for (const [k, v] of terms) if (v === 0) terms.delete(k);
    rows.set(m[1]!, { sense: m[3] as ParsedRow["sense"], rhs: Number(m[4]) + 0, terms });
  }
  return rows;
}
