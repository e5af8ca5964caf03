import { describe, expect, it } from "vitest";
import { connectivity, navigator, pathProductSum, reverseConnectivity } from "../../formulations/codag/connectivity.js";
import { Dag, dagToJson, fig7Dag, parseDagJson } from "../../formulations/codag/dag.js";
import { generate, generateLevel, generateParents, honestDag } from "../../formulations/codag/generate.js";
import { select, selectLevels } from "../../formulations/codag/select.js";
import { InputError } from "../../formulations/input-error.js";
import { Prng } from "../../verify/shared/prng.js";

const file = (blocks: unknown[]) => JSON.stringify({ blocks });

describe("the DAG and its path counts", () => {
  it("Fig. 7: C per level 1, 1, 3, 9, 27, 81; R from 14 per level 81, 27, 9, 3, 1; Σ R·C = 81", () => {
    const dag = fig7Dag();
    expect(dag.size).toBe(16);
    expect(dag.level(5).map((v) => dag.blocks[v]!.id)).toEqual([13, 14, 15]);
    expect(dag.C[8]).toBe(9n);
    expect(connectivity(dag)).toEqual(dag.C);
    const R = reverseConnectivity(dag, dag.indexOf(14)!);
    expect([R[0], R[1], R[4], R[8], R[11], R[13], R[14]]).toEqual([81n, 27n, 9n, 3n, 1n, 0n, 1n]);
    for (let l = 0; l <= 5; l++) expect(pathProductSum(dag, R, l)).toBe(81n);
    // The navigator rule breaks the three-way tie by id: 13, where the paper's figure used 14.
    expect(dag.blocks[navigator(dag)]!.id).toBe(13);
  });

  it("C at level 200 with m = 2 is exactly 2^199", () => {
    const dag = honestDag(new Dag(), 400, { K: 2, m: 2, tieRule: "lowestId" });
    expect(dag.maxLevel).toBe(200);
    expect(dag.C[dag.level(200)[1]!]).toBe(2n ** 199n);
  });

  it("rejects invalid blocks with a sentence naming the block", () => {
    const dag = fig7Dag();
    expect(() => dag.add({ parents: [] })).toThrow(/no parents/);
    expect(() => dag.add({ parents: [13, 13] })).toThrow(/listed twice/);
    expect(() => dag.add({ parents: [13, 10] })).toThrow(/levels 5 and 4/);
    expect(() => dag.add({ parents: [99] })).toThrow(/unknown parent/);
    expect(() => dag.add({ id: 3, parents: [13] })).toThrow(/duplicate id/);
  });
});

describe("DAG files", () => {
  it("reads blocks in any order and computes levels as longest paths", () => {
    const dag = parseDagJson(file([{ id: 7, parents: [5, 6] }, { id: 5, parents: [1] }, { id: 1, parents: [] }, { id: 6, parents: [1] }]));
    expect(dag.blocks.map((b) => [b.id, b.level])).toEqual([[1, 0], [5, 1], [6, 1], [7, 2]]);
    expect(dag.C[dag.indexOf(7)!]).toBe(2n);
    const back = parseDagJson(JSON.stringify(dagToJson(dag)));
    expect(back.C).toEqual(dag.C);
  });

  it.each([
    [file([{ id: 0, parents: [] }, { id: 1, parents: [9] }]), /block 1: unknown parent 9/],
    [file([{ id: 0, parents: [] }, { id: 1, parents: [0] }, { id: 2, parents: [1, 0] }]), /block 2 \(level 2\): parent 0 is at level 0, not one level below \(1\)/],
    [file([{ id: 0, parents: [] }, { id: 1, parents: [0, 3] }, { id: 2, parents: [1] }, { id: 3, parents: [2] }]), /cycle through blocks (1 -> 3 -> 2 -> 1|3 -> 2 -> 1 -> 3|2 -> 1 -> 3 -> 2)/],
    [file([{ id: 0, parents: [] }, { id: 1, parents: [] }]), /blocks 0, 1 have no parents/],
    [file([{ id: 0, parents: [] }, { id: 0, parents: [0] }]), /duplicate id/],
    [file([{ id: 0, parents: [] }, { id: 1, parents: [0], level: 2 }]), /level 2 given/],
    [file([{ id: -1, parents: [] }]), /blocks\[0\]\.id must be >= 0 \(got -1\)/],
    ["{", /malformed JSON/],
    [JSON.stringify({ nodes: [] }), /blocks must be an array of blocks \[\{"id": 0/],
  ])("rejects a malformed file in one line: %s", (text, message) => {
    let err: unknown;
    try {
      parseDagJson(text, "d.json");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("\n");
  });
});

describe("Generate", () => {
  it("fills a level to K, then opens the next; genesis counts as full (A5)", () => {
    const dag = new Dag();
    expect(generateLevel(dag, 3)).toBe(1);
    honestDag(dag, 3, { K: 3, m: 2, tieRule: "lowestId" });
    expect(dag.width(1)).toBe(3);
    expect(generateLevel(dag, 3)).toBe(2);
    // Level 1 blocks reference genesis only (min(m, 1) parents); level 2 blocks the two lowest ids.
    expect(dag.blocks[1]!.parents).toEqual([0]);
    generate(dag, { K: 3, m: 2, tieRule: "lowestId" });
    expect(dag.blocks[4]!.parents).toEqual([1, 2]);
  });

  it("prefers the most connected blocks, then ties by the rule; overfull levels still open the next (A4)", () => {
    const dag = new Dag();
    const [a, b, c] = [0, 0, 0].map(() => dag.add({ parents: [0] }));
    const x = dag.add({ parents: [a!, b!] }); // C = 2
    const y = dag.add({ parents: [c!] }); // C = 1
    const w = dag.add({ parents: [b!, c!] }); // C = 2
    expect(generateParents(dag, 3, { K: 2, m: 2, tieRule: "lowestId" })).toEqual([x, w]);
    expect(generateParents(dag, 3, { K: 2, m: 1, tieRule: "lowestId" })).toEqual([x]);
    expect(generateLevel(dag, 2)).toBe(3); // width 3 ≥ K = 2
    // Random ties: x and w share C = 2, so m = 1 picks each about half the time, never y.
    const rng = new Prng(5);
    const seen = new Map<number, number>();
    for (let k = 0; k < 2000; k++) {
      const [p] = generateParents(dag, 3, { K: 2, m: 1, tieRule: "random", random: () => rng.float() });
      seen.set(p!, (seen.get(p!) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual([x, w].sort());
    expect(Math.abs(seen.get(x)! - 1000)).toBeLessThan(150);
    expect(y).toBeGreaterThan(0);
  });

  it("rejects K < 1 and m > K", () => {
    expect(() => honestDag(new Dag(), 5, { K: 0, m: 1, tieRule: "lowestId" })).toThrow(InputError);
    expect(() => honestDag(new Dag(), 5, { K: 2, m: 3, tieRule: "lowestId" })).toThrow(/m must be at most K/);
  });
});

describe("Select", () => {
  /** Level 1 with R = (5, 3, 3, 3, 1) from the only tip. */
  function split(): Dag {
    const dag = new Dag();
    const b = [1, 2, 3, 4, 5].map(() => dag.add({ parents: [0] }));
    const c = [[0, 1, 2, 3, 4], [0, 1, 2, 3], [0, 1, 2, 3], [0], [0]].map((u) => dag.add({ parents: u.map((k) => b[k]!) }));
    dag.add({ parents: c });
    return dag;
  }

  it("keeps the top K and every tie at the border, which share the remaining units", () => {
    const s = select(split(), 1, { K: 2 });
    expect(s.candidates.map((c) => [c.index, c.R, c.border])).toEqual([[1, 5n, false], [2, 3n, true], [3, 3n, true], [4, 3n, true]]);
    expect(s.candidates.map((c) => c.reward)).toEqual([1, 1 / 3, 1 / 3, 1 / 3]);
    expect(s.borderR).toBe(3n);
    expect(select(split(), 1, { K: 5 }).candidates).toHaveLength(5);
    expect(select(split(), 1, { K: 4 }).candidates.map((c) => c.index)).toEqual([1, 2, 3, 4]);
  });

  it("requireAncestor drops blocks the navigator does not reach", () => {
    const dag = fig7Dag();
    expect(select(dag, 5, { K: 3 }).candidates).toHaveLength(3);
    expect(select(dag, 5, { K: 3, requireAncestor: true }).candidates.map((c) => dag.blocks[c.index]!.id)).toEqual([13]);
  });

  it("selects every level of a long DAG in one pass, the same as level by level", () => {
    const rng = new Prng(3);
    const dag = honestDag(new Dag(), 300, { K: 5, m: 2, tieRule: "random", random: () => rng.float() });
    const all = selectLevels(dag, { K: 3 });
    expect(all).toHaveLength(dag.maxLevel + 1);
    for (const l of [0, 17, 42, dag.maxLevel]) expect(select(dag, l, { K: 3 })).toEqual(all[l]);
    expect(all[0]!.candidates[0]!.R).toBe(dag.C[navigator(dag)]);
  });
});
