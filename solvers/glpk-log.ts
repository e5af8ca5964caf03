/**
 * GLPK's branch-and-bound log line, from glpk.js and from glpsol alike:
 * `+  1234: mip =   1.400000000e+03 <=   4.400000000e+03  68.2% (12; 0)` (maximising; `>=` when
 * minimising; `not found yet` before the first incumbent; `>>>>>` instead of `mip =` when a new
 * incumbent was just found; `tree is empty` instead of the bound when the search is over).
 */
const LINE = /^\+\s*(\d+):\s+(?:mip =|>>>>>)\s+(not found yet|\S+)\s+[<>]=\s+(tree is empty|\S+)(?:\s+\S+%)?\s+\((\d+);\s*(\d+)\)/;

export interface GlpkProgress {
  readonly incumbent: number | null;
  readonly bound: number | null;
  /** Active plus evaluated subproblems; GLPK does not print a node count as such. */
  readonly nodes: number;
}

export function parseGlpkProgress(line: string): GlpkProgress | null {
  const m = LINE.exec(line.trim());
  if (!m) return null;
  const incumbent = m[2] === "not found yet" ? null : Number(m[2]);
  const bound = m[3] === "tree is empty" ? incumbent : Number(m[3]);
  return {
    incumbent: incumbent !== null && Number.isFinite(incumbent) ? incumbent : null,
    bound: bound !== null && Number.isFinite(bound) ? bound : null,
    nodes: Number(m[4]) + Number(m[5]),
  };
}
