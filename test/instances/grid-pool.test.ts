import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers/cli.js";

const dir = tempDir();
afterAll(() => dir.remove());

// The pool starts its workers from the built files (a worker thread cannot load TypeScript).
const { mapOnWorkers, runPointsOnWorkers } = (await import(pathToFileURL(join(ROOT, "dist", "instances", "grid", "pool.js")).href)) as typeof import("../../instances/grid/pool.js");

describe("grid points on worker threads", () => {
  it("a point that throws, and one that runs out of memory, fail with their reason; the others finish", async () => {
    const module = join(dir.path, "points.mjs");
    writeFileSync(
      module,
      [
        "export function run(p) {",
        "  if (p === 2) throw new Error('boom at point 2');",
        "  if (p === 3) { const hog = []; for (;;) hog.push(new Array(1e6).fill(p)); }",
        "  return { point: p, twice: 2 * p };",
        "}",
      ].join("\n"),
    );
    const outcomes = new Map<number, unknown>();
    await runPointsOnWorkers([1, 2, 3, 4, 5], { module: pathToFileURL(module).href, exportName: "run" }, 2, (p, o) => outcomes.set(p, o), 64);
    expect(outcomes.size).toBe(5);
    for (const p of [1, 4, 5]) expect(outcomes.get(p)).toMatchObject({ ok: true, record: { point: p, twice: 2 * p } });
    expect(outcomes.get(2)).toMatchObject({ ok: false, reason: "boom at point 2" });
    expect(outcomes.get(3)).toMatchObject({ ok: false });
    expect((outcomes.get(3) as { reason: string }).reason).toMatch(/memory|terminated|heap/i);

    // mapOnWorkers: results in the tasks' order, or one error naming every failed task.
    const runner = { module: pathToFileURL(module).href, exportName: "run" };
    expect(await mapOnWorkers([5, 1, 4], runner, 2, (p) => `point ${p}`)).toEqual([5, 1, 4].map((p) => ({ point: p, twice: 2 * p })));
    await expect(mapOnWorkers([1, 2, 4], runner, 2, (p) => `point ${p}`)).rejects.toThrow(/1 of 3 failed on their worker thread: point 2: boom at point 2/);
  });
});
