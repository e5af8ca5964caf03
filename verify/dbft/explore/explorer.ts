import { StateCodec } from "../../../formulations/dbft2/variants/codec.js";
import { Machine, type Step, type VState } from "../../../formulations/dbft2/variants/machine.js";
import type { VariantConfig } from "../../../formulations/dbft2/variants/types.js";
import { hash128, RecordQueue, VisitedSet } from "./visited.js";
import { nodeText } from "../../../formulations/dbft2/variants/describe.js";

/**
 * Breadth-first exploration of every state of a small scope (../shared/spec/dbft21-variants.md §9).
 * Each state is expanded once: a successor beyond the bounds makes no state; a successor equal to its
 * state is a stutter and does not count as enabled. States are classified:
 * - fork: the safety invariant is false;
 * - lock: fewer than M accepted and no honest step (nor, with local pools, a delivery) enabled; every step
 *   adds a message, raises a view or advances a type, so the graph is acyclic and, under weak fairness of
 *   the honest steps, a reachable lock is exactly a liveness violation within the bounds;
 * - cut: the same, except that some honest step is enabled beyond the bounds (undecided by this scope).
 * Keys are the packed canonical state when it fits in 4 words (exact), else its 128-bit hash (hash
 * compaction: two distinct states may merge with probability about states² / 2¹²⁹).
 */
export interface ExploreOptions {
  /** The scope. */
  readonly config: VariantConfig;
  /** Merge states that differ by a renaming of interchangeable nodes (default true). */
  readonly symmetry?: boolean;
  /** Stop, cleanly, before the explorer's arrays would exceed this many bytes. */
  readonly memoryCap?: number;
  /** Store 128-bit hashes even where the packed state would fit in 4 words (to compare the two). */
  readonly hashKeys?: boolean;
  /** Stop at the first fork or lock found (TLC's behaviour): its trace is then still the shortest. */
  readonly stopOn?: "fork" | "lock" | "any";
  /** Stop after this many states (a bound for tests and quick looks). */
  readonly maxStates?: number;
  /** Called every `progressEvery` expanded states and at the end. */
  readonly onProgress?: (p: ExploreProgress) => void;
  /** Expanded states between two progress calls (default 100,000). */
  readonly progressEvery?: number;
}

/** How far an exploration is. */
export interface ExploreProgress {
  /** Distinct states found. */
  readonly states: number;
  /** States expanded. */
  readonly expanded: number;
  /** BFS level being expanded (0 = Init). */
  readonly depth: number;
  /** Bytes held by the explorer's arrays. */
  readonly bytes: number;
}

/** The first (hence shortest) state found of a class, with the steps that reach it from Init. */
export interface Witness {
  /** Its BFS level: the number of steps. */
  readonly depth: number;
  /** The steps from Init. */
  readonly steps: readonly Step[];
}

/** What an exploration found and how far it got. */
export interface ExploreResult {
  /** The scope. */
  readonly config: VariantConfig;
  /** Whether renamings were merged. */
  readonly symmetry: boolean;
  /** Interchangeable-node renamings used (1 = none). */
  readonly groupSize: number;
  /** exact: packed states; hashed: 128-bit hashes of them. */
  readonly keys: "exact" | "hashed";
  /** Bytes of one key. */
  readonly keyBytes: number;
  /** Every reachable state within the bounds was expanded. */
  readonly complete: boolean;
  /** Why it stopped early: memory cap, state limit, or the violation asked for (stopOn). */
  readonly stoppedBy: "memory" | "states" | "found" | null;
  /** Distinct states found (within the bounds). */
  readonly states: number;
  /** States expanded (all of them when complete). */
  readonly expanded: number;
  /** Transitions generated within the bounds (stutters not counted). */
  readonly transitions: number;
  /** Length of the longest shortest path (BFS levels − 1). */
  readonly depth: number;
  /** Fork states. */
  readonly forks: number;
  /** Lock states. */
  readonly locks: number;
  /** Cut states. */
  readonly cuts: number;
  /** States where at least M nodes accepted. */
  readonly decided: number;
  /** The shortest fork found, or null. */
  readonly firstFork: Witness | null;
  /** The shortest lock found, or null. */
  readonly firstLock: Witness | null;
  /** The shortest cut found, or null. */
  readonly firstCut: Witness | null;
  /** Bytes held by the explorer's arrays at the end. */
  readonly bytes: number;
}

/** Explores the scope breadth first (see the file comment). */
export function explore(o: ExploreOptions): ExploreResult {
  const m = new Machine(o.config);
  const symmetry = o.symmetry ?? true;
  const codec = new StateCodec(m, symmetry);
  const W = codec.words;
  const exact = W <= 4 && !o.hashKeys;
  const K = exact ? W : 4;
  const visited = new VisitedSet(K);
  const queue = exact ? null : new RecordQueue(W + 1);
  const cap = o.memoryCap ?? Number.POSITIVE_INFINITY;
  const maxStates = o.maxStates ?? Number.POSITIVE_INFINITY;
  const every = o.progressEvery ?? 100_000;

  const packed = new Uint32Array(W + 1);
  const key = new Uint32Array(K);
  const cur = new Uint32Array(K);
  const toKey = (words: Uint32Array) => {
    if (exact) for (let w = 0; w < W; w++) key[w] = words[w]!;
    else hash128(words, 0, W, key);
  };

  const init = m.initial();
  codec.canonical(init, packed, 0);
  toKey(packed);
  visited.add(key, 0, -1);
  queue?.push(packed, 0);
  let forks = 0;
  let locks = 0;
  let cuts = 0;
  let decided = 0;
  let transitions = 0;
  let firstFork = -1;
  let firstLock = -1;
  let firstCut = -1;
  if (m.fork(init)) {
    forks++;
    firstFork = 0;
  }

  const s = m.initial();
  const next = m.initial();
  let expanded = 0;
  let depth = 0;
  let levelEnd = 1;
  let stoppedBy: ExploreResult["stoppedBy"] = null;
  const progress = () => o.onProgress?.({ states: visited.size, expanded, depth, bytes: visited.bytes() + (queue?.bytes() ?? 0) });

  while (expanded < visited.size) {
    if (visited.size >= maxStates) {
      stoppedBy = "states";
      break;
    }
    // Stop before a state whose successors (at most the step buffer's size) could cross the cap.
    if (visited.bytesAfter(m.codes.length) + (queue?.bytesAfter(m.codes.length) ?? 0) > cap) {
      stoppedBy = "memory";
      break;
    }
    const id = expanded++;
    if (id === levelEnd) {
      depth++;
      levelEnd = visited.size;
    }
    if (exact) {
      const [chunk, at] = visited.keyAt(id);
      codec.unpack(chunk, at, s);
      for (let w = 0; w < K; w++) cur[w] = chunk[at + w]!;
    } else {
      const [chunk, at] = queue!.shift();
      codec.unpack(chunk, at, s);
      hash128(chunk, at, W, cur);
    }
    const count = m.stepCodes(s);
    let honest = false;
    let honestBeyond = false;
    for (let k = 0; k < count; k++) {
      const code = m.codes[k]!;
      m.applyCode(s, code, next);
      const actor = m.rules[code & 63]!.actor;
      if (!m.withinBounds(next)) {
        if (actor !== "fault") honestBeyond = true;
        continue;
      }
      codec.canonical(next, packed, 0);
      toKey(packed);
      if (equal(key, cur, K)) continue; // a stutter
      transitions++;
      if (actor !== "fault") honest = true;
      const nid = visited.add(key, 0, id);
      if (nid < 0) continue;
      if (!exact) {
        packed[W] = nid;
        queue!.push(packed, 0);
      }
      if (m.fork(next)) {
        forks++;
        if (firstFork < 0) firstFork = nid;
      }
    }
    if (m.done(s)) decided++;
    else if (!honest) {
      if (honestBeyond) {
        cuts++;
        if (firstCut < 0) firstCut = id;
      } else {
        locks++;
        if (firstLock < 0) firstLock = id;
      }
    }
    if (expanded % every === 0) progress();
    if (o.stopOn && ((o.stopOn !== "lock" && forks > 0) || (o.stopOn !== "fork" && locks > 0))) {
      if (expanded < visited.size) stoppedBy = "found";
      break;
    }
  }
  progress();
  const witness = (id: number): Witness | null => (id < 0 ? null : pathTo(m, codec, visited, exact, id));
  return {
    config: o.config,
    symmetry,
    groupSize: codec.perms.length,
    keys: exact ? "exact" : "hashed",
    keyBytes: K * 4,
    complete: stoppedBy === null,
    stoppedBy,
    states: visited.size,
    expanded,
    transitions,
    depth,
    forks,
    locks,
    cuts,
    decided,
    firstFork: witness(firstFork),
    firstLock: witness(firstLock),
    firstCut: witness(firstCut),
    bytes: visited.bytes() + (queue?.bytes() ?? 0),
  };
}

function equal(a: Uint32Array, b: Uint32Array, n: number): boolean {
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The steps from Init to state `id`, as a concrete run: follow parent ids back, then replay forward,
 * at each state taking the first enabled step whose canonical successor has the next key.
 */
function pathTo(m: Machine, codec: StateCodec, visited: VisitedSet, exact: boolean, id: number): Witness {
  const ids: number[] = [];
  for (let k = id; k >= 0; k = visited.parent(k)) ids.push(k);
  ids.reverse();
  const W = codec.words;
  const K = visited.keyWords;
  const packed = new Uint32Array(W);
  const key = new Uint32Array(K);
  let s: VState = m.initial();
  const out: Step[] = [];
  const steps: Step[] = [];
  for (let i = 1; i < ids.length; i++) {
    const [chunk, at] = visited.keyAt(ids[i]!);
    m.steps(s, steps);
    let found = false;
    for (const step of steps) {
      const next = m.apply(s, step);
      if (!m.withinBounds(next)) continue;
      codec.canonical(next, packed, 0);
      if (exact) key.set(packed);
      else hash128(packed, 0, W, key);
      if (equal(key, chunk.subarray(at, at + K), K)) {
        out.push(step);
        s = next;
        found = true;
        break;
      }
    }
    if (!found) throw new Error(`explorer: no step leads to state ${ids[i]} (internal error)`);
  }
  return { depth: ids.length - 1, steps: out };
}

/** Runs a witness's steps from Init: the state reached and each node's record there. */
export function replayWitness(
  m: Machine,
  w: Witness,
): {
  /** The state reached. */
  state: VState;
  /** Each node's record there. */
  nodes: string[];
} {
  let s = m.initial();
  for (const step of w.steps) s = m.apply(s, step);
  return { state: s, nodes: Array.from({ length: m.n }, (_, r) => nodeText(m, s, r)) };
}
