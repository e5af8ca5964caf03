import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers/cli.js";

// byzopt as a user gets it: the packed tarball installed into a fresh project that cannot see this
// repository's sources, the examples compiled there with tsc against the installed types, then run.
// `make test` has built dist/ already, so the pack skips the prepare script.
const dir = tempDir("byzopt-pack-");
afterAll(() => dir.remove());

const run = (cmd: string, args: readonly string[], cwd: string) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  return { status: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? String(r.error ?? "") };
};

describe("the npm package", () => {
  it("packs, installs into a fresh project, and the examples compile against its types and run", () => {
    const pack = run("npm", ["pack", "--ignore-scripts", "--pack-destination", dir.path, "--loglevel=error"], ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(dir.path, pack.stdout.trim().split("\n").pop()!);
    const project = join(dir.path, "project");
    mkdirSync(project);
    const examples = join(ROOT, "examples");
    for (const f of readdirSync(examples).filter((f) => f.endsWith(".ts") || f.endsWith(".json"))) copyFileSync(join(examples, f), join(project, f));
    const typesNode = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies["@types/node"];
    const install = run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, `@types/node@${typesNode}`], project);
    expect(install.status, install.stderr).toBe(0);
    // Nothing of the repository but what the package ships: no TypeScript sources, no tests, no benchmarks.
    const installed = join(project, "node_modules", "byzopt");
    expect(readdirSync(join(installed, "dist")).sort()).toEqual(["cli", "formulations", "instances", "lib", "solvers", "verify"]);
    const tsc = run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], project);
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    const example = (name: string) => run(process.execPath, [join(project, "dist", `${name}.js`)], project);

    const cut = example("custom-cut");
    expect(cut.status, cut.stderr).toBe(0);
    expect(cut.stdout).toMatch(/^dbft-2-4-3: (\d+) rows, (\d+) with my cut$/m);
    const [, plainRows, cutRows] = /(\d+) rows, (\d+) with my cut/.exec(cut.stdout)!;
    expect(Number(cutRows)).toBe(Number(plainRows) + 1);
    expect(cut.stdout).toContain("paper's model: optimal, P1 = 400, bound 400, solution feasible: true");
    expect(cut.stdout).toContain("with my cut: optimal, P1 = 400, bound 400, solution feasible: true");

    const lock = example("search-lock");
    expect(lock.status, lock.stderr).toBe(0);
    expect(lock.stdout).toMatch(/^verdict: violated after \d+ runs$/m);
    expect(lock.stdout).toMatch(/^liveness: liveness lock/m);

    const tcda = example("tcda");
    expect(tcda.status, tcda.stderr).toBe(0);
    expect(tcda.stdout).toContain("clearing price 8, 4 units traded");
    expect(tcda.stdout).toMatch(/^counterexample truthful-sellers-single$/m);
    expect(tcda.stdout).toMatch(/^held +clearing-rule$/m);

    const formats = example("formats");
    expect(formats.status, formats.stderr).toBe(0);
    expect(formats.stdout).toContain('book.json: order 2 (id "s1"): price must be a finite number > 0 (got "cheap")');
    expect(formats.stdout).toMatch(/^formats: orders trace counterexample schedule catalog sweep-record grid-record unl unl-grid-record dag$/m);
    expect(formats.stdout).toContain("JSON Schema: schemas/orders.schema.json");
  });
});
