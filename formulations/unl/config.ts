import { InputError } from "../input-error.js";

/**
 * A UNL configuration: every validator's trusted list (ids into `names`) and which validators are
 * Byzantine. A validator's quorum is ⌈quorumPct·n_i/100⌉ of its list (rippled: 80 %).
 */
export interface UnlConfig {
  readonly names: readonly string[];
  readonly unls: readonly (readonly number[])[];
  readonly byzantine: readonly boolean[];
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
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${source}: not JSON (${(err as Error).message})`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new InputError(`${source}: expected an object of validator → UNL`);
  const obj = data as Record<string, unknown>;
  const wrapped = "unls" in obj;
  const lists = (wrapped ? obj.unls : obj) as unknown;
  if (typeof lists !== "object" || lists === null || Array.isArray(lists)) throw new InputError(`${source}: "unls" must be an object of validator → UNL`);
  const names = Object.keys(lists as object);
  if (names.length < 2) throw new InputError(`${source}: at least two validators are needed, got ${names.length}`);
  const id = new Map(names.map((n, i) => [n, i]));
  const unls = names.map((name) => {
    const list = (lists as Record<string, unknown>)[name];
    if (!Array.isArray(list) || list.length === 0) throw new InputError(`${source}: validator ${name} trusts nobody (its UNL must be a non-empty array of names)`);
    const seen = new Set<number>();
    return list.map((member) => {
      const v = typeof member === "string" ? id.get(member) : undefined;
      if (v === undefined) throw new InputError(`${source}: the UNL of ${name} names ${JSON.stringify(member)}, which is not a validator of the file`);
      if (seen.has(v)) throw new InputError(`${source}: the UNL of ${name} names ${member} twice`);
      if (v === id.get(name) && !options.selfTrust) throw new InputError(`${source}: validator ${name} trusts itself (allowed with self-trust only)`);
      seen.add(v);
      return v;
    });
  });
  const byzantine = names.map(() => false);
  if (wrapped && obj.byzantine !== undefined) {
    if (!Array.isArray(obj.byzantine)) throw new InputError(`${source}: "byzantine" must be an array of validator names`);
    for (const b of obj.byzantine) {
      const v = typeof b === "string" ? id.get(b) : undefined;
      if (v === undefined) throw new InputError(`${source}: byzantine names ${JSON.stringify(b)}, which is not a validator of the file`);
      byzantine[v] = true;
    }
  }
  const pct = wrapped && obj.quorumPct !== undefined ? obj.quorumPct : 80;
  if (typeof pct !== "number" || !(pct > 0 && pct <= 100)) throw new InputError(`${source}: quorumPct must be a number in (0, 100], got ${JSON.stringify(pct)}`);
  const sides = wrapped && obj.sides !== undefined ? parseSides(obj.sides, id, source) : undefined;
  return { names, unls, byzantine, quorumPct: pct, ...(sides ? { sides } : {}) };
}

function parseSides(value: unknown, id: Map<string, number>, source: string): number[] {
  const bad = () => new InputError(`${source}: "sides" must be {"A": [names], "B": [names]}`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw bad();
  const sides = new Array<number>(id.size).fill(0);
  for (const [key, list] of Object.entries(value as Record<string, unknown>)) {
    if ((key !== "A" && key !== "B") || !Array.isArray(list)) throw bad();
    for (const name of list) {
      const v = typeof name === "string" ? id.get(name) : undefined;
      if (v === undefined) throw new InputError(`${source}: sides.${key} names ${JSON.stringify(name)}, which is not a validator of the file`);
      sides[v] = key === "A" ? 0 : 1;
    }
  }
  return sides;
}
