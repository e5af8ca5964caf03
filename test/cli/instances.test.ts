import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, tempDir } from "../helpers/cli.js";
import { expectConforms } from "../helpers/schemas.js";

const dir = tempDir();
afterAll(() => dir.remove());

describe("byzopt instances", () => {
  it("writes a grid of instances and a catalog whose statistics match dbft stats", () => {
    const out = join(dir.path, "grid");
    const r = byzopt(["instances", "--n", "4,5", "--tmax", "3,4", "--objective", "P3", "--deliver", "4", "--out", out]);
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["catalog.json", "dbft-2-4-3.lp", "dbft-2-4-4.lp", "dbft-2-5-3.lp", "dbft-2-5-4.lp"]);
    expectConforms("catalog", join(out, "catalog.json"));
    const catalog = JSON.parse(readFileSync(join(out, "catalog.json"), "utf8"));
    expect(catalog).toMatchObject({ format: "byzopt.catalog/1", fileFormat: "lp", objective: { preset: "P3", direction: "min" }, deliver: [4] });
    for (const e of catalog.instances) {
      const s = byzopt(["dbft", "stats", "--n", String(e.N), "--tmax", String(e.tmax), "--objective", "P3", "--deliver", "4", "--json"]);
      expect(e.stats).toEqual(JSON.parse(s.stdout));
      expect(readFileSync(join(out, e.file)).length).toBe(e.bytes);
    }
  });

  it("writes the same bytes on a second run, in MPS too", () => {
    const a = join(dir.path, "a");
    const b = join(dir.path, "b");
    byzopt(["instances", "--n", "4", "--tmax", "3", "--format", "mps", "--out", a]);
    byzopt(["instances", "--n", "4", "--tmax", "3", "--format", "mps", "--out", b]);
    for (const f of ["catalog.json", "dbft-2-4-3.mps"]) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f)))).toBe(true);
  });

  it("refuses bad input before writing anything", () => {
    const cases: [string[], RegExp][] = [
      [["--paper", "--n", "4", "--tmax", "5"], /either --paper or --n/],
      [["--n", "4"], /choose the instances/],
      [["--n", "3,4", "--tmax", "5"], /N must be an integer >= 4 \(got 3\)/],
      [["--n", "4", "--tmax", "5", "--deliver", "9"], /unknown delivery property 9/],
      [["--paper", "--format", "xls"], /Allowed choices are lp, mps/],
    ];
    for (const [args, message] of cases) {
      const out = join(dir.path, "refused");
      const r = byzopt(["instances", ...args, "--out", out]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
    const r = byzopt(["instances", "--n", "4", "--tmax", "3", "--out", "/dev/null/sub"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot create \/dev\/null\/sub/);
  });
});
