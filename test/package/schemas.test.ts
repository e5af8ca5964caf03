// The published JSON Schemas: generated from the readers' zod schemas (never edited by hand), and agreeing
// with them. Real outputs of the CLI are checked against them in the tests of each command (expectConforms).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { dagToJson, fig7Dag, parseDagJson } from "../../formulations/codag/dag.js";
import { parseOrdersCsv, parseOrdersJson } from "../../formulations/tcda/orders.js";
import { parseUnlJson } from "../../formulations/unl/config.js";
import { generateInstances } from "../../instances/catalog.js";
import { jsonRecordStore, recordJson } from "../../instances/grid/runner.js";
import { checkFile, DATA_FORMATS, dataFormatNamed } from "../../lib/formats.js";
import { counterexampleFile } from "../../verify/dbft/counterexample.js";
import { search } from "../../verify/dbft/search.js";
import { byzopt, byzoptInProcess, ROOT, tempDir } from "../helpers/cli.js";
import { expectConforms, publishedSchema } from "../helpers/schemas.js";

const dir = tempDir();
afterAll(() => dir.remove());

const SCHEMAS = join(ROOT, "schemas");

describe("schemas/*.schema.json", () => {
  it("are exactly what `byzopt schemas write` generates, one per format (run `make schemas` after changing a schema)", async () => {
    const out = join(dir.path, "schemas");
    const r = await byzoptInProcess(["schemas", "write", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const names = DATA_FORMATS.map((f) => `${f.name}.schema.json`).sort();
    expect(readdirSync(out).sort()).toEqual(names);
    expect(readdirSync(SCHEMAS).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(out, name), "utf8"), name).toBe(readFileSync(join(SCHEMAS, name), "utf8"));
  });

  it("`schemas check` passes a conforming file, flags one that is not (exit 1) and refuses an unknown format (exit 2)", () => {
    const good = join(dir.path, "dag.json");
    writeFileSync(good, JSON.stringify(dagToJson(fig7Dag())));
    const bad = join(dir.path, "bad-dag.json");
    writeFileSync(bad, JSON.stringify({ blocks: [{ id: 0, parents: [] }, { id: "one", parents: [0] }] }));
    const r = byzopt(["schemas", "check", "dag", good, bad, "--json"]);
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      { file: good, valid: true, error: null },
      { file: bad, valid: false, error: `${bad}: blocks[1].id must be a number (got "one")` },
    ]);
    const unknown = byzopt(["schemas", "check", "nope", good]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    expect(unknown.stderr).toMatch(/unknown format "nope" \(one of orders, trace, /);
  });
});

/** One real file of each format, made by byzopt's own code (the CLI tests check the commands' outputs). */
function samples(): Record<string, unknown[]> {
  const traces = readdirSync(join(ROOT, "test/verify/dbft/fixtures")).map((f) => JSON.parse(readFileSync(join(ROOT, "test/verify/dbft/fixtures", f), "utf8")) as unknown);
  const config = { n: 4, byzantine: [], dead: [1], maxViews: 6, blockTime: 15, maxDelay: 20, eventualDelivery: true };
  const report = search({ config, properties: ["liveness"], runs: 200, seed: 3 });
  if (!report.counterexample) throw new Error("expected the dead-node lock");
  const catalog = generateInstances([{ n: 4, tmax: 3 }], { outDir: join(dir.path, "catalog"), format: "lp", objective: { direction: "max", w1: 1000, w2: 100, w3: 0 }, deliver: [] });
  const store = jsonRecordStore<number, { mean: number; runs: Float64Array }>(join(dir.path, "grid"), { name: "demo", version: 2 }, (p) => `p${p}`, (p) => ({ seed: p }));
  store.save(1, { mean: Number.NaN, runs: Float64Array.from([1, -0, Infinity]) });
  const sweep = readdirSync(join(ROOT, "bench/results/sweep-paper")).filter((f) => f.endsWith(".json"));
  return {
    orders: [
      [
        { id: "a", side: "buy", price: 5, quantity: 2 },
        { id: 7, side: "sell", price: "4.5", quantity: "3", round: 1 },
      ],
    ],
    trace: traces,
    counterexample: [JSON.parse(JSON.stringify(counterexampleFile(config, 3, report, report.counterexample, "lock.trace.json")))],
    schedule: readdirSync(join(ROOT, "instances/dbft-scenarios")).map((f) => JSON.parse(readFileSync(join(ROOT, "instances/dbft-scenarios", f), "utf8")) as unknown),
    catalog: [JSON.parse(JSON.stringify(catalog))],
    "sweep-record": sweep.map((f) => JSON.parse(readFileSync(join(ROOT, "bench/results/sweep-paper", f), "utf8"))),
    "grid-record": [JSON.parse(readFileSync(join(dir.path, "grid/records/demo/p1.json"), "utf8"))],
    unl: [{ a: ["b", "c"], b: ["a", "c"], c: ["a", "b"] }, { unls: { a: ["b"], b: ["a"] }, byzantine: ["b"], quorumPct: 80, sides: { B: ["b"] } }],
    "unl-grid-record": [
      JSON.parse(recordJson({ version: 1, name: "schwartz-core-m20", params: { mode: "schwartz", seed: 1, runs: 2 }, perRun: [{ rounds: 3 }], summary: { medianRounds: 3 } })),
    ],
    dag: [dagToJson(fig7Dag()), [{ id: 0, parents: [] }, { id: 1, parents: [0], miner: "a", level: 1 }]],
  };
}

/** Replaces or removes the value at a random place of a JSON value. */
function mutate(value: unknown, picks: number[], replacement: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  let node = copy as Record<string, unknown> | unknown[];
  for (let depth = 0; ; depth++) {
    const keys = Array.isArray(node) ? node.map((_, k) => k) : Object.keys(node);
    if (keys.length === 0) return copy;
    const key = keys[picks[depth % picks.length]! % keys.length]!;
    const child = (node as Record<string | number, unknown>)[key];
    const stop = depth >= picks.length - 1 || typeof child !== "object" || child === null;
    if (stop) {
      if (replacement === undefined && !Array.isArray(node)) delete (node as Record<string, unknown>)[key as string];
      else (node as Record<string | number, unknown>)[key] = replacement ?? null;
      return copy;
    }
    node = child as Record<string, unknown> | unknown[];
  }
}

describe("the published schemas and byzopt's readers agree", () => {
  const all = samples();

  it.each(DATA_FORMATS.map((f) => f.name))("%s: byzopt's own files conform", (name) => {
    expect(all[name]!.length).toBeGreaterThan(0);
    for (const v of all[name]!) {
      expect(dataFormatNamed(name).schema.safeParse(v).success).toBe(true);
      expectConforms(name, v);
    }
  });

  // Where the JSON Schema cannot say all the zod schema checks (a number held in a string must be in range,
  // an id non-empty after conversion), only one direction holds: byzopt never accepts what the schema refuses.
  const oneWay = new Set(["orders"]);
  it.each(DATA_FORMATS.map((f) => f.name))("%s: mutated files get the same verdict from zod and from Ajv", (name) => {
    const schema = dataFormatNamed(name).schema;
    const validate = publishedSchema(name);
    let refused = 0;
    fc.assert(
      fc.property(
        fc.nat(all[name]!.length - 1),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -3, max: 40 }), fc.double(), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant("12")),
        (k, picks, replacement) => {
          const v = mutate(all[name]![k], picks, replacement);
          const byZod = schema.safeParse(v).success;
          const byAjv = validate(v) === true;
          if (!byAjv) refused++;
          if (oneWay.has(name)) return !byZod || byAjv;
          return byZod === byAjv;
        },
      ),
      { seed: 20, numRuns: 300 },
    );
    expect(refused, "the mutations should break some files").toBeGreaterThan(10);
  });
});

describe("errors from the schemas", () => {
  const message = (f: () => unknown): string => {
    try {
      f();
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error("expected an error");
  };

  it("name the field, keep a union's own words, and show what was given", () => {
    expect(message(() => parseOrdersJson('[{"id":null,"side":"buy","price":1,"quantity":1}]', "b.json"))).toBe("b.json: order 1: id must be a string or a number (got null)");
    expect(message(() => parseOrdersCsv("id,side,price,quantity\n,buy,1,1\n", "b.csv"))).toBe('b.csv: order 1 (id ""): id must not be empty');
    expect(message(() => parseOrdersCsv("id,side,price,quantity\na,buy,,1\n", "b.csv"))).toBe('b.csv: order 1 (id "a"): price must be a finite number > 0 (got "")');
    // Numerals as a spreadsheet writes them are numbers; a fraction is still not a quantity.
    expect(parseOrdersJson('[{"id":"a","side":"buy","price":"1e1","quantity":"5.0","round":"2"}]')[0]).toEqual({ id: "a", side: "buy", price: 10, quantity: 5, round: 2 });
    expect(message(() => parseOrdersJson('[{"id":"a","side":"buy","price":1,"quantity":"5.5"}]', "b.json"))).toBe('b.json: order 1 (id "a"): quantity must be a positive integer (got 5.5)');
    expect(message(() => checkFile(dataFormatNamed("unl"), { a: "b", b: ["a"] }, "u.json"))).toBe('u.json: validator a must be an array (got "b")');
    expect(message(() => parseUnlJson('{"a":"b","b":["a"]}', "u.json"))).toBe('u.json: validator a must be an array (got "b")');
  });

  it("stay on one short line whatever the input holds", () => {
    const huge = JSON.stringify([{ id: "a", side: "buy", price: Array.from({ length: 100_000 }, (_, k) => k), quantity: 1 }]);
    expect(message(() => parseOrdersJson(huge, "b.json"))).toBe('b.json: order 1 (id "a"): price must be a finite number > 0 (got an array of 100000 items)');
    const longText = message(() => parseOrdersJson(JSON.stringify([{ id: "a", side: "x".repeat(10_000), price: 1, quantity: 1 }]), "b.json"));
    expect(longText.length).toBeLessThan(160);
    const newline = message(() => parseUnlJson(JSON.stringify({ "a\nb": "x", b: ["a\nb"] }), "u.json"));
    expect(newline).toBe('u.json: validator "a\\nb" must be an array (got "x")');
    expect(newline).not.toContain("\n");
    expect(message(() => parseUnlJson(JSON.stringify({ a: ["b", "b"], b: ["a"] }), "u.json"))).toBe("u.json: the UNL of a names b twice");
  });

  it("accept what the reader accepts: a validator called __proto__, path counts written as numbers", () => {
    expect(parseUnlJson('{"__proto__":["a"],"a":["__proto__"]}', "u.json").names).toEqual(["__proto__", "a"]);
    expect(parseDagJson(JSON.stringify({ blocks: [{ id: 0, parents: [], C: 1 }, { id: 1, parents: [0], C: "1" }] })).blocks).toHaveLength(2);
  });
});
