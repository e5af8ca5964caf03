import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collectRecords, jsonRecordStore, parseRecordJson, recordJson, runGrid } from "../../instances/grid/runner.js";
import { tempDir } from "../helpers/cli.js";

const dir = tempDir();
afterAll(() => dir.remove());

interface P {
  id: number;
  runs: number;
}
const key = (p: P) => `p${p.id}`;

describe("the grid runner", () => {
  it("recordJson keeps typed arrays, infinities, NaN and −0 exactly", () => {
    const value = { a: new Float64Array([1.5, Infinity, -Infinity, NaN, -0]), b: [Infinity, 2, -0], c: new Int32Array([-3, 7]), d: null, e: "x" };
    const back = parseRecordJson(recordJson(value)) as typeof value;
    expect(back.a).toBeInstanceOf(Float64Array);
    expect(Array.from(back.a)).toEqual([1.5, Infinity, -Infinity, NaN, -0]);
    expect(Object.is(back.a[4], -0)).toBe(true);
    expect(back.b).toEqual([Infinity, 2, -0]);
    expect(Object.is(back.b[2], -0)).toBe(true);
    expect(back.c).toEqual(new Int32Array([-3, 7]));
    expect(back).toMatchObject({ d: null, e: "x" });
  });

  it("runs what has no record, skips what has one, reruns a record of other params, and survives a failing point", async () => {
    const store = jsonRecordStore<P, { twice: number }>(join(dir.path, "g"), { name: "test-grid", version: 1 }, key, (p) => p);
    const ran: number[] = [];
    const here = async (p: P) => {
      ran.push(p.id);
      if (p.id === 3) throw new Error("boom at 3");
      return { twice: 2 * p.id };
    };
    const points = [1, 2, 3, 4, 5].map((id) => ({ id, runs: 10 }));
    const first = await runGrid({ points, store, jobs: 2, here });
    expect(first.ran.map((x) => x.point.id)).toEqual([1, 2, 4, 5]);
    expect(first.failed).toEqual([{ point: points[2], reason: "boom at 3" }]);
    expect(existsSync(join(dir.path, "g", "records", "test-grid", "p3.json"))).toBe(false);
    ran.length = 0;
    // p2 now has other params (stale); p1, p4, p5 are done; p3 fails again.
    const changed = points.map((p) => (p.id === 2 ? { ...p, runs: 11 } : p));
    const stale: number[] = [];
    const second = await runGrid({ points: changed, store, jobs: 1, here, onDone: (p, _o, _d, _t, wasStale) => wasStale && stale.push(p.id) });
    expect(ran.sort()).toEqual([2, 3]);
    expect(stale).toEqual([2]);
    expect(second.skipped.map((x) => x.point.id)).toEqual([1, 4, 5]);
    const { records, missing } = collectRecords(changed, store);
    expect(records.map((r) => r?.twice ?? null)).toEqual([2, 4, null, 8, 10]);
    expect(missing.map(key)).toEqual(["p3"]);
    // A record of another system, or a damaged file, does not count.
    const file = join(dir.path, "g", "records", "test-grid", "p1.json");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('"test-grid"', '"other"'));
    expect(store.lookup(points[0]!).state).toBe("missing");
    writeFileSync(file, text.slice(0, 20));
    expect(store.lookup(points[0]!).state).toBe("missing");
    // A record of an older version of the system's code is stale: it runs again.
    writeFileSync(file, text);
    expect(store.lookup(points[0]!).state).toBe("done");
    expect(jsonRecordStore(join(dir.path, "g"), { name: "test-grid", version: 2 }, key, (p: P) => p).lookup(points[0]!).state).toBe("stale");
  });

  it("refuses --jobs below 1", async () => {
    await expect(runGrid({ points: [], store: jsonRecordStore(dir.path, { name: "x", version: 1 }, key, (p: P) => p), jobs: 0, here: () => 1 })).rejects.toThrow(/--jobs must be a positive integer/);
  });
});
