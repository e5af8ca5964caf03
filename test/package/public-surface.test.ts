import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

// The command line is a client of the library like any other: every domain function or type it uses comes
// through a public entry point (`../lib/<area>.js`, one of package.json's "exports"), so what the CLI can do,
// a user of the package can do too. The only exceptions are the modules below: output plumbing, presentation
// rather than API, which the CLI may import directly.
const PLUMBING: ReadonlySet<string> = new Set([
  // Writes files atomically (a temporary sibling, then a rename) and words file-system errors: no domain content.
  "../solvers/atomic-file.js",
  // One CSV line with RFC 4180 quoting.
  "../verify/shared/csv.js",
  // Line charts and heat maps as SVG through Vega-Lite: drawing, the same for every system.
  "../verify/shared/chart.js",
]);

const CLI = join(ROOT, "cli");

/** The entry points package.json publishes, as the CLI imports them: `../lib/<area>.js`. */
function publicEntryPoints(): Set<string> {
  const exports = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).exports as Record<string, unknown>;
  const out = new Set<string>();
  for (const target of Object.values(exports)) {
    const file = typeof target === "string" ? target : (target as { default?: string }).default;
    const m = file ? /^\.\/dist\/lib\/([\w-]+)\.js$/.exec(file) : null;
    if (m) out.add(`../lib/${m[1]}.js`);
  }
  return out;
}

/** Every module specifier of a source text: static imports, `export … from`, `import("…")`. */
function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** Why a CLI file may not import `specifier`, or null when it may. */
function disallowed(specifier: string, entryPoints: ReadonlySet<string>): string | null {
  if (specifier.startsWith("node:")) return null;
  // A bare package name (scoped or not), possibly with a subpath.
  if (/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/i.test(specifier)) return null;
  // A module of the CLI itself.
  if (/^\.\/[\w.-]+$/.test(specifier)) return null;
  if (specifier.startsWith("../lib/")) return entryPoints.has(specifier) ? null : "not a public entry point (package.json exports)";
  if (PLUMBING.has(specifier)) return null;
  return "a deep import: use the public entry point ../lib/<area>.js";
}

/** The CLI's disallowed imports in one source text, as "file: specifier (reason)". */
function violations(file: string, source: string, entryPoints: ReadonlySet<string>): string[] {
  return importSpecifiers(source).flatMap((s) => {
    const why = disallowed(s, entryPoints);
    return why ? [`${file}: ${s} (${why})`] : [];
  });
}

describe("the CLI's imports", () => {
  const entryPoints = publicEntryPoints();

  it("use only public entry points, packages, node: modules, CLI modules and the plumbing allowlist", () => {
    const files = readdirSync(CLI).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => violations(`cli/${f}`, readFileSync(join(CLI, f), "utf8"), entryPoints));
    expect(found).toEqual([]);
  });

  it("the checker flags deep imports and accepts the allowed forms", () => {
    const source = [
      'import { readFileSync } from "node:fs";',
      'import { Command } from "commander";',
      'import { match } from "ts-pattern";',
      'import { integerArg } from "./options.js";',
      'import { buildDbftModel } from "../lib/dbft.js";',
      'import { csvRow } from "../verify/shared/csv.js";',
      'import { search } from "../verify/dbft/search.js";',
      'import type { Book } from "../formulations/tcda/book.js";',
      'export { runGrid } from "../instances/grid/runner.js";',
      'const m = await import("../solvers/registry.js");',
      'import { x } from "../lib/internal.js";',
      'import { y } from "./../verify/dbft/trace.js";',
    ].join("\n");
    expect(violations("made-up.ts", source, entryPoints)).toEqual([
      "made-up.ts: ../verify/dbft/search.js (a deep import: use the public entry point ../lib/<area>.js)",
      "made-up.ts: ../formulations/tcda/book.js (a deep import: use the public entry point ../lib/<area>.js)",
      "made-up.ts: ../instances/grid/runner.js (a deep import: use the public entry point ../lib/<area>.js)",
      "made-up.ts: ../solvers/registry.js (a deep import: use the public entry point ../lib/<area>.js)",
      "made-up.ts: ../lib/internal.js (not a public entry point (package.json exports))",
      "made-up.ts: ./../verify/dbft/trace.js (a deep import: use the public entry point ../lib/<area>.js)",
    ]);
  });

  it("the allowlist names modules that exist, and every entry point the CLI may use has its source", () => {
    for (const m of PLUMBING) expect(existsSync(join(CLI, m.replace(/\.js$/, ".ts"))), m).toBe(true);
    expect(entryPoints.size).toBeGreaterThanOrEqual(8);
    for (const e of entryPoints) expect(existsSync(join(CLI, e.replace(/\.js$/, ".ts"))), e).toBe(true);
  });
});
