import { existsSync, readFileSync } from "node:fs";
import { writeTextAtomically } from "../solvers/atomic-file.js";

/** Replaces (or appends) the block between `<!-- name:begin -->` and `<!-- name:end -->` in bench/README.md. */
export function updateReadmeSection(readmePath: string, name: string, markdown: string): void {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${begin}\n${markdown.trimEnd()}\n${end}`;
  const text = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "# Benchmarks\n";
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  const next = from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeTextAtomically(readmePath, next);
}
