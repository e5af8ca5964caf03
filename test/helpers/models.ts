import type { Model } from "../../formulations/model/index.js";

/** The model as plain data keyed by names, for comparing models built or read in different ways. */
export function modelByNames(m: Model) {
  const names = m.colNames();
  // Keyed by name: an LP file does not keep the column order (readers number columns by first mention).
  const columns = Object.fromEntries(names.map((name, c) => [name, { kind: m.colKind[c], lower: m.colLower[c], upper: m.colUpper[c] }]));
  const rows = Array.from({ length: m.numRows }, (_, r) => {
    const terms: Record<string, number> = {};
    for (let k = m.rowStart[r]!; k < m.rowStart[r + 1]!; k++) terms[names[m.rowCol[k]!]!] = m.rowCoef[k]!;
    if (m.isRanged(r)) return { name: m.rowName(r), ...m.rowBounds(r), terms };
    return { name: m.rowName(r), sense: m.rowSenseOf(r), rhs: m.rowRhs[r], terms };
  });
  const objective: Record<string, number> = {};
  m.objective.cols.forEach((c, k) => (objective[names[c]!] = m.objective.coefs[k]!));
  return { columns, rows, objective, direction: m.objective.direction, offset: m.objective.offset };
}
