/**
 * The CoDAG ledger (spec codag.md §1.1–1.2): blocks on levels, each referencing blocks exactly one level
 * below, with C_v (paths to genesis, Algorithm 1) computed once at creation. Path counts pass 2^53 within
 * about 54 levels (A20), so C is a BigInt.
 *
 * Blocks are numbered 0, 1, 2… in the order they are added (the index); `id` is the name a DAG file gave
 * the block, equal to the index for generated DAGs.
 */
import type { z } from "zod";
import { InputError } from "../input-error.js";
import { checkFile, type DataFormat, parseJsonText, withZod } from "../schema.js";

/** A block of a {@link Dag} (spec codag.md §1.1); transactions are not modelled. */
export interface Block {
  /** Position in the order of addition; genesis is 0. */
  readonly index: number;
  /** The block's name in a DAG file; equal to `index` for generated DAGs. */
  readonly id: number;
  /** l_v: the longest path from genesis (genesis: 0). */
  readonly level: number;
  /** Indices of the parents (blocks one level below). */
  readonly parents: readonly number[];
  /** Who mined the block (free-form, e.g. "honest"; empty when not given). */
  readonly miner: string;
}

/** What {@link Dag.add} needs to place a block; its level and C follow from the parents. */
export interface NewBlock {
  /** Indices of the parents. */
  parents: readonly number[];
  /** Who mined the block; default "". */
  miner?: string;
  /** The name of the block in a file; default: its index. */
  id?: number;
}

/** A CoDAG: blocks by index with their levels, path counts C (Algorithm 1) and child counts, grown by {@link Dag.add}. */
export class Dag {
  /** Every block, by index. */
  readonly blocks: Block[] = [];
  /** C per block index. Equal values computed from the same parents' values share one BigInt (see cClass). */
  readonly C: bigint[] = [];
  /**
   * Blocks whose C came from the same multiset of parent classes share a class, and so a value: the honest
   * DAG of Generate has one class per level, which keeps a million-block DAG's path counts in memory once
   * per level and lets Generate compare them in O(1). Different classes may still hold equal values.
   */
  readonly cClass: number[] = [];
  /** Children per block (blocks that reference it); child lists are not kept, to keep a million blocks small. */
  readonly childCount: number[] = [];
  /** Position of each block within its level's list. */
  readonly position: number[] = [];
  /** Block indices per level, in the order they were added. */
  readonly levels: number[][] = [];
  /** Index by id, for blocks whose id is not their index (read from files). */
  private readonly byId = new Map<number, number>();
  private readonly classMemo: Map<string, { value: bigint; cls: number }>[] = [];
  private classes = 0;

  /** A DAG holding only genesis (id 0, level 0, C = 1). */
  constructor(genesisId = 0, genesisMiner = "genesis") {
    this.push({ index: 0, id: genesisId, level: 0, parents: [], miner: genesisMiner }, 1n, this.classes++);
  }

  /** Number of blocks, genesis included. */
  get size(): number {
    return this.blocks.length;
  }

  /** The highest level L. */
  get maxLevel(): number {
    return this.levels.length - 1;
  }

  /** w_l: the number of blocks on a level (0 above the highest). */
  width(level: number): number {
    return this.levels[level]?.length ?? 0;
  }

  /** Indices of the blocks on a level, in order of addition (empty above the highest). */
  level(level: number): readonly number[] {
    return this.levels[level] ?? [];
  }

  /** The index of the block with this id, or undefined when there is none. */
  indexOf(id: number): number | undefined {
    const v = this.byId.get(id);
    if (v !== undefined) return v;
    return Number.isInteger(id) && id >= 0 && id < this.blocks.length && this.blocks[id]!.id === id ? id : undefined;
  }

  /** Whether the block has no children yet. */
  isTip(index: number): boolean {
    return this.childCount[index] === 0;
  }

  /** Indices of all tips (blocks without children), ascending. */
  tips(): number[] {
    const out: number[] = [];
    for (let v = 0; v < this.blocks.length; v++) if (this.childCount[v] === 0) out.push(v);
    return out;
  }

  /**
   * Adds a block above its parents (validity rule A6, A7): at least one parent, parents distinct, known
   * and all on one level l − 1; the block goes to level l with C = Σ C_parents. Throws InputError otherwise.
   */
  add(b: NewBlock): number {
    const index = this.blocks.length;
    const id = b.id ?? index;
    const name = `block ${id}`;
    if (this.indexOf(id) !== undefined) throw new InputError(`${name}: duplicate id`);
    if (b.parents.length === 0) throw new InputError(`${name}: no parents (only genesis has none)`);
    const seen = new Set<number>();
    let parentLevel = -1;
    for (const p of b.parents) {
      if (!Number.isInteger(p) || p < 0 || p >= index) throw new InputError(`${name}: unknown parent index ${p}`);
      if (seen.has(p)) throw new InputError(`${name}: parent ${this.blocks[p]!.id} listed twice`);
      seen.add(p);
      const l = this.blocks[p]!.level;
      if (parentLevel === -1) parentLevel = l;
      else if (l !== parentLevel) throw new InputError(`${name}: parents on levels ${parentLevel} and ${l}; all must be one level below the block`);
    }
    const { value, cls } = this.sumOfParents(b.parents, parentLevel + 1);
    this.push({ index, id, level: parentLevel + 1, parents: [...b.parents], miner: b.miner ?? "" }, value, cls);
    return index;
  }

  /**
   * `add` without the checks, for callers that took distinct parents from one level themselves (Generate):
   * a simulation adds millions of blocks. The array is kept, not copied.
   */
  addFromLevel(parents: number[], level: number, miner: string): number {
    const index = this.blocks.length;
    const { value, cls } = this.sumOfParents(parents, level);
    this.push({ index, id: index, level, parents, miner }, value, cls);
    return index;
  }

  private sumOfParents(parents: readonly number[], level: number): { value: bigint; cls: number } {
    const memo = (this.classMemo[level] ??= new Map());
    const key = this.classKey(parents);
    let hit = memo.get(key);
    if (!hit) {
      let value = 0n;
      for (const p of parents) value += this.C[p]!;
      hit = { value, cls: this.classes++ };
      memo.set(key, hit);
    }
    return hit;
  }

  /** The multiset of the parents' classes as a string; "c*k" when all k share class c (the honest case). */
  private classKey(parents: readonly number[]): string {
    const c0 = this.cClass[parents[0]!]!;
    let same = true;
    for (let k = 1; k < parents.length && same; k++) same = this.cClass[parents[k]!] === c0;
    return same ? `${c0}*${parents.length}` : parents.map((p) => this.cClass[p]!).sort((a, b) => a - b).join(",");
  }

  private push(block: Block, c: bigint, cls: number): void {
    this.blocks.push(block);
    this.C.push(c);
    this.cClass.push(cls);
    this.childCount.push(0);
    if (block.id !== block.index) this.byId.set(block.id, block.index);
    const level = (this.levels[block.level] ??= []);
    this.position.push(level.length);
    level.push(block.index);
    for (const p of block.parents) this.childCount[p]!++;
  }

  /** Compares C of two blocks: negative when C_a < C_b. O(1) when they share a class. */
  compareC(a: number, b: number): number {
    if (this.cClass[a] === this.cClass[b]) return 0;
    const x = this.C[a]!;
    const y = this.C[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  }
}

/** A block of a DAG file: `{ "id": 4, "parents": [1, 2], "miner": "a", "level": 2 }` (miner and level optional). */
export interface DagFileBlock {
  /** The block's name, an integer ≥ 0, unique in the file. */
  id: number;
  /** Ids of the parents; empty for genesis only. */
  parents: number[];
  /** Who mined the block. */
  miner?: string;
  /** Stated level; when given it must equal the longest path from genesis. */
  level?: number;
}

/**
 * Reads a DAG file `{ "blocks": [...] }` in any order. Exactly one block has no parents (genesis); each
 * level is the longest path from genesis (§1.1). Errors name the block: unknown parent, a cycle, a parent
 * not one level below, a stated level that disagrees.
 */
export function parseDagJson(text: string, source = "DAG file"): Dag {
  const raw = parseJsonText(text, source);
  const file = checkFile(DAG_FILE_FORMAT, raw, source) as z.output<ReturnType<typeof dagSchemas>["file"]> | z.output<ReturnType<typeof dagSchemas>["blocks"]>;
  const blocks: DagFileBlock[] = Array.isArray(file) ? file : file.blocks;
  const byId = new Map<number, DagFileBlock>();
  for (const b of blocks) {
    if (byId.has(b.id)) throw new InputError(`${source}: block ${b.id}: duplicate id`);
    byId.set(b.id, b);
  }
  for (const b of blocks) for (const p of b.parents) if (!byId.has(p)) throw new InputError(`${source}: block ${b.id}: unknown parent ${p}`);
  const roots = blocks.filter((b) => b.parents.length === 0);
  if (roots.length !== 1) throw new InputError(`${source}: ${roots.length === 0 ? "no block without parents (genesis)" : `blocks ${roots.map((b) => b.id).join(", ")} have no parents; only genesis may`}`);
  const order = topologicalOrder(blocks, byId, source);
  const level = new Map<number, number>();
  for (const b of order) level.set(b.id, b.parents.length === 0 ? 0 : 1 + Math.max(...b.parents.map((p) => level.get(p)!)));
  const dag = new Dag(roots[0]!.id, roots[0]!.miner ?? "genesis");
  for (const b of order) {
    const l = level.get(b.id)!;
    if (b.level !== undefined && b.level !== l) throw new InputError(`${source}: block ${b.id}: level ${b.level} given, but its longest path from genesis is ${l}`);
    if (b.parents.length === 0) continue;
    const low = b.parents.find((p) => level.get(p)! !== l - 1);
    if (low !== undefined) throw new InputError(`${source}: block ${b.id} (level ${l}): parent ${low} is at level ${level.get(low)}, not one level below (${l - 1})`);
    dag.add({ id: b.id, parents: b.parents.map((p) => dag.indexOf(p)!), ...(b.miner !== undefined ? { miner: b.miner } : {}) });
  }
  return dag;
}

/** The schemas of a DAG file's blocks, of a bare array of them, and of the file. */
const dagSchemas = withZod((z) => {
  const blockId = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
  const pathCount = z.union([z.string().regex(/^\d+$/), z.int().min(0)]);

  /** One block of a DAG file; C, R and candidate are what `codag` writes beside it and are not read back. */
  const dagBlockSchema = z.object({
    id: blockId.describe("the block's name, unique in the file"),
    parents: z
      .array(blockId)
      .refine((ps) => new Set(ps).size === ps.length, { error: "lists a parent twice" })
      .meta({ uniqueItems: true })
      .describe("ids of the parents; empty for genesis only"),
    miner: z.string().optional(),
    level: z.int().optional().describe("when given, it must equal the longest path from genesis"),
    C: pathCount.optional().describe("written, not read: the block's path count from genesis (byzopt writes a decimal string)"),
    R: pathCount.optional().describe("written, not read: its path count to the frontier (byzopt writes a decimal string)"),
    candidate: z.boolean().optional().describe("written, not read: whether Select may pick it"),
  });
  const BLOCKS_EXPECTED = 'must be an array of blocks [{"id": 0, "parents": []}, ...] with at least genesis';
  const dagBlocksSchema = z.array(dagBlockSchema, { error: BLOCKS_EXPECTED }).min(1, { error: BLOCKS_EXPECTED });
  const dagFileSchema = z.object({ blocks: dagBlocksSchema }, { error: 'expected {"blocks": [{"id": 0, "parents": []}, ...]} with at least genesis' });
  return { block: dagBlockSchema, blocks: dagBlocksSchema, file: dagFileSchema, either: z.union([dagFileSchema, dagBlocksSchema]) };
});

/** The DAG file read by `codag` commands (`--dag`) and written by `codag build --out` (with C, R and candidates). */
export const DAG_FILE_FORMAT: DataFormat = {
  name: "dag",
  description: 'A CoDAG ledger DAG: {"blocks": [{"id": 0, "parents": []}, {"id": 1, "parents": [0], "miner": "a"}, …]} in any order (a bare array of blocks is read too).',
  get schema() {
    return dagSchemas().either;
  },
  formOf: (value) => (Array.isArray(value) ? dagSchemas().blocks : dagSchemas().file),
};

/** Kahn's algorithm in file order; what is left over lies on or above a cycle, which is named. */
function topologicalOrder(blocks: DagFileBlock[], byId: Map<number, DagFileBlock>, source: string): DagFileBlock[] {
  const missing = new Map(blocks.map((b) => [b.id, b.parents.length]));
  const children = new Map<number, number[]>();
  for (const b of blocks) for (const p of b.parents) (children.get(p) ?? children.set(p, []).get(p)!).push(b.id);
  const queue = blocks.filter((b) => b.parents.length === 0).map((b) => b.id);
  const order: DagFileBlock[] = [];
  for (let h = 0; h < queue.length; h++) {
    const id = queue[h]!;
    order.push(byId.get(id)!);
    for (const c of children.get(id) ?? []) {
      const left = missing.get(c)! - 1;
      missing.set(c, left);
      if (left === 0) queue.push(c);
    }
  }
  if (order.length < blocks.length) throw new InputError(`${source}: cycle through block${cycleOf(blocks, byId, new Set(order.map((b) => b.id)))}`);
  return order;
}

/** Walks parents from an unordered block until a block repeats: that loop is a cycle. */
function cycleOf(blocks: DagFileBlock[], byId: Map<number, DagFileBlock>, ordered: Set<number>): string {
  let v = blocks.find((b) => !ordered.has(b.id))!.id;
  const seen: number[] = [];
  while (!seen.includes(v)) {
    seen.push(v);
    v = byId.get(v)!.parents.find((p) => !ordered.has(p))!;
  }
  const loop = seen.slice(seen.indexOf(v));
  return `${loop.length > 1 ? "s" : ""} ${loop.join(" -> ")} -> ${v}`;
}

/** The DAG as a file, with C (and R when given) as decimal strings: JSON cannot hold path counts exactly. */
export function dagToJson(dag: Dag, extra?: { R?: readonly bigint[]; candidates?: ReadonlySet<number> }): object {
  return {
    blocks: dag.blocks.map((b) => ({
      id: b.id,
      level: b.level,
      parents: b.parents.map((p) => dag.blocks[p]!.id),
      ...(b.miner ? { miner: b.miner } : {}),
      C: dag.C[b.index]!.toString(),
      ...(extra?.R ? { R: extra.R[b.index]!.toString() } : {}),
      ...(extra?.candidates ? { candidate: extra.candidates.has(b.index) } : {}),
    })),
  };
}

/** Fig. 7 rebuilt from the text (§1.7): five levels of three blocks, each referencing every block below. */
export function fig7Dag(): Dag {
  const dag = new Dag();
  for (let l = 1; l <= 5; l++) for (let k = 0; k < 3; k++) dag.add({ parents: l === 1 ? [0] : [...dag.level(l - 1)], miner: "honest" });
  return dag;
}
