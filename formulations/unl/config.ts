import type { z } from "zod";
import { InputError } from "../input-error.js";
import { checkFile, type DataFormat, nameText, parseJsonText, pathText, withGot, withZod } from "../schema.js";

/**
 * A UNL configuration: every validator's trusted list (ids into `names`) and which validators are
 * Byzantine. A validator's quorum is ⌈quorumPct·n_i/100⌉ of its list (rippled: 80 %).
 */
export interface UnlConfig {
  /** Validator names; a validator's id is its index here. */
  readonly names: readonly string[];
  /** UNL_i for each validator i: the ids it trusts, no repeats. */
  readonly unls: readonly (readonly number[])[];
  /** byzantine[i] is true when validator i is Byzantine. */
  readonly byzantine: readonly boolean[];
  /** Quorum as a percentage of each UNL, in (0, 100] (rippled: 80). */
  readonly quorumPct: number;
  /** Optional equivocation sides (0 = A, 1 = B) of the validators, e.g. the two quorums of a worst case. */
  readonly sides?: readonly number[];
}

/** q_i = ⌈pct·n_i/100⌉, computed in integers so that 0.8·20 is exactly 16. */
export function quorum(size: number, quorumPct = 80): number {
  return Math.ceil((size * quorumPct) / 100 - 1e-9);
}

/** O_ij = |UNL_i ∩ UNL_j|. */
export function overlap(a: readonly number[], b: readonly number[]): number {
  const set = new Set(a);
  let o = 0;
  for (const v of b) if (set.has(v)) o++;
  return o;
}

/** Byzantine validators in a list. */
export function byzantineIn(list: readonly number[], byzantine: readonly boolean[]): number {
  let t = 0;
  for (const v of list) if (byzantine[v]) t++;
  return t;
}

/**
 * Reads a configuration from JSON: either `{ "a": ["b", "c"], … }` (validator → UNL) or
 * `{ "unls": { … }, "byzantine": ["x", …], "quorumPct": 80, "sides": { "B": ["y", …] } }` (validators not
 * named under "B" are on side A; equivocators show each side a different ledger). Every name in a list must be a validator
 * of the file; a list may not be empty, repeat a name, or (by default) name its owner.
 */
export function parseUnlJson(text: string, source: string, options: { selfTrust?: boolean } = {}): UnlConfig {
  const data = parseJsonText(text, source);
  checkFile(UNL_FILE_FORMAT, data, source);
  const file = (isWrapped(data) ? data : { unls: data }) as z.output<ReturnType<typeof unlSchemas>["wrapped"]>;
  // The names come from the file as parsed (JSON.parse keeps a validator called "__proto__"; a copy would not).
  const lists = file.unls;
  const names = Object.keys(lists);
  if (names.length < 2) throw new InputError(`${source}: at least two validators are needed, got ${names.length}`);
  const id = new Map(names.map((n, i) => [n, i]));
  const unls = names.map((name) => {
    const seen = new Set<number>();
    return lists[name]!.map((member) => {
      const v = id.get(member);
      if (v === undefined) throw new InputError(`${source}: the UNL of ${nameText(name)} names ${JSON.stringify(member)}, which is not a validator of the file`);
      if (seen.has(v)) throw new InputError(`${source}: the UNL of ${nameText(name)} names ${nameText(member)} twice`);
      if (v === id.get(name) && !options.selfTrust) throw new InputError(`${source}: validator ${nameText(name)} trusts itself (allowed with self-trust only)`);
      seen.add(v);
      return v;
    });
  });
  const byzantine = names.map(() => false);
  for (const b of file.byzantine ?? []) {
    const v = id.get(b);
    if (v === undefined) throw new InputError(`${source}: byzantine names ${JSON.stringify(b)}, which is not a validator of the file`);
    byzantine[v] = true;
  }
  const sides = file.sides ? sidesOf(file.sides, id, source) : undefined;
  return { names, unls, byzantine, quorumPct: file.quorumPct ?? 80, ...(sides ? { sides } : {}) };
}

/** The two forms of a UNL file and their union. */
const unlSchemas = withZod((z) => {
  /** validator → UNL, each a non-empty array of validator names. */
  const map = z.record(z.string(), z.array(z.string()).min(1, { error: "trusts nobody (its UNL must be a non-empty array of names)" }), {
    error: withGot("must be an object of validator → UNL"),
  });
  /** The long form, with Byzantine validators, the quorum and the two sides of an equivocation. */
  const wrapped = z.object({
    unls: map,
    byzantine: z.array(z.string()).optional(),
    quorumPct: z.number().gt(0).max(100).optional().describe("a validator's quorum in percent of its UNL (default 80, as rippled)"),
    sides: z.object({ A: z.array(z.string()).optional(), B: z.array(z.string()).optional() }).strict().optional().describe("validators shown ledger A or B by equivocators (default A)"),
  });
  return { map, wrapped, file: z.union([wrapped, map]) };
});

/** The UNL file: validator → UNL, or the long form. */
export const UNL_FILE_FORMAT: DataFormat = {
  name: "unl",
  description: 'Ripple UNL configuration (byzopt unl check/simulate/rpca): {"a": ["b", "c"], …} (validator → UNL), or {"unls": {…}, "byzantine": [names], "quorumPct": 80, "sides": {"B": [names]}}.',
  get schema() {
    return unlSchemas().file;
  },
  place: (path, value) => (isWrapped(value) ? wrappedPlace(path) : listPlace(path)),
  formOf: (value) => (isWrapped(value) ? unlSchemas().wrapped : unlSchemas().map),
};

/** The long form has "unls". */
const isWrapped = (data: unknown): boolean => typeof data === "object" && data !== null && "unls" in data;

/** Where in a validator → UNL map: "validator a " or "the UNL of a: entry 2 ". */
const listPlace = (path: readonly PropertyKey[]): string => (path.length === 1 ? `validator ${nameText(String(path[0]))} ` : `the UNL of ${nameText(String(path[0]))}: entry ${Number(path[1]) + 1} `);
const wrappedPlace = (path: readonly PropertyKey[]): string => (path[0] === "unls" && path.length > 1 ? listPlace(path.slice(1)) : pathText(path));

function sidesOf(value: { A?: string[]; B?: string[] }, id: Map<string, number>, source: string): number[] {
  const sides = new Array<number>(id.size).fill(0);
  for (const [key, list] of Object.entries(value)) {
    for (const name of list ?? []) {
      const v = id.get(name);
      if (v === undefined) throw new InputError(`${source}: sides.${key} names ${JSON.stringify(name)}, which is not a validator of the file`);
      sides[v] = key === "A" ? 0 : 1;
    }
  }
  return sides;
}
