/**
 * Model B of spec codag.md §2.4: the catch-up race on real DAGs. Each block is honest with probability
 * p and joins the public DAG by Generate (width K, m parents), or is the adversary's and joins its
 * private channel (width w_a, m parents) forked z levels below a just-completed honest level. After
 * every block the two best tips' path counts C are compared; the adversary has caught up when its C is
 * at least the honest navigator's. A run stops on catch-up, when the honest lead exceeds z + 60 levels,
 * or after maxBlocks blocks (then it counts as not caught up, and is reported as censored). "At least"
 * compares C and then level, as the navigator does.
 */
import { Dag } from "../../formulations/codag/dag.js";
import { checkGenerateOptions, generate, type GenerateOptions, type TieRule } from "../../formulations/codag/generate.js";
import { InputError } from "../../formulations/input-error.js";
import { Prng, runSeed } from "../shared/prng.js";

/** One Model B point (spec codag.md §2.4) and its run count. */
export interface ModelBOptions {
  /** Adversary share q of block production, 0 < q < 1 (honest p = 1 − q). */
  q: number;
  /** Levels z ≥ 1 the adversary's fork starts behind the honest DAG. */
  z: number;
  /** Honest level width bound K. */
  K: number;
  /** Parents per block m, 1 ≤ m ≤ K, on both sides. */
  m: number;
  /** Width of the adversary's private channel (default m). */
  wa?: number;
  /** Independent runs. */
  runs: number;
  /** Master seed; run k is seeded from (seed, k). */
  seed: number;
  /** Generate's tie rule on both sides (default "random"). */
  tieRule?: TieRule;
  /** Stop a run once the honest lead exceeds this many levels (default z + 60). */
  gapLimit?: number;
  /** Blocks per run before it is censored (default 10⁶). */
  maxBlocks?: number;
  /** Called every 1000 runs with the number of runs done. */
  onProgress?: (runsDone: number) => void;
}

/** The catch-up frequency over all runs of {@link modelB}. */
export interface ModelBResult {
  /** Runs made. */
  runs: number;
  /** Runs in which the adversary caught up. */
  caughtUp: number;
  /** Runs stopped by maxBlocks before either outcome. */
  censored: number;
  /** f̂ = caughtUp / runs, censored runs counting as not caught up. */
  estimate: number;
  /** Blocks generated in all runs (for speed figures). */
  blocks: number;
}

/** The level the fork starts from: 1, so both channels start on a full level of K blocks. */
const FORK_BASE = 1;

/** Throws InputError on Model B options it cannot run (bad K, m, q, z, channel width or runs). */
export function checkModelB(o: ModelBOptions): void {
  checkGenerateOptions(o);
  if (!(o.q > 0 && o.q < 1)) throw new InputError(`q must lie strictly between 0 and 1 (got ${o.q})`);
  if (!Number.isInteger(o.z) || o.z < 1) throw new InputError(`z must be an integer >= 1 (got ${o.z})`);
  const wa = o.wa ?? o.m;
  // The private channel starts on the shared level 1, which holds K blocks: a wider channel would keep
  // filling that level instead of climbing from it.
  if (!Number.isInteger(wa) || wa < o.m || wa > o.K) throw new InputError(`the adversary's channel width w_a must be an integer in m..K = ${o.m}..${o.K} (got ${wa})`);
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new InputError(`runs must be a positive integer (got ${o.runs})`);
}

/** One run; returns "caught" | "lost" | "censored" and the blocks it generated. */
export function modelBRun(o: ModelBOptions, seed: number): { outcome: "caught" | "lost" | "censored"; blocks: number } {
  const rng = new Prng(seed);
  const random = () => rng.float();
  const tieRule = o.tieRule ?? "random";
  const honestRule: GenerateOptions = { K: o.K, m: o.m, tieRule, random };
  const adversaryRule: GenerateOptions = { K: o.wa ?? o.m, m: o.m, tieRule, random };
  const gapLimit = o.gapLimit ?? o.z + 60;
  const maxBlocks = o.maxBlocks ?? 1_000_000;

  // The public DAG up to a full level FORK_BASE + z; the private one shares levels 0..FORK_BASE.
  const honest = new Dag();
  while (!(honest.maxLevel === FORK_BASE + o.z && honest.width(FORK_BASE + o.z) >= o.K)) generate(honest, honestRule);
  const adversary = new Dag();
  for (let k = 0; k < o.K; k++) adversary.add({ parents: [0], miner: "honest" });
  let bestH = honest.level(honest.maxLevel)[0]!;
  let bestA = adversary.level(FORK_BASE)[0]!;

  // Best tips by the navigator's key, C and then level (with m = 1 every C is 1 and only the level tells
  // branches apart, A25); the ids of two separate DAGs are not compared.
  const better = (dag: Dag, b: number, best: number) => {
    const c = dag.compareC(b, best);
    return c > 0 || (c === 0 && dag.blocks[b]!.level > dag.blocks[best]!.level);
  };
  for (let blocks = 1; blocks <= maxBlocks; blocks++) {
    if (rng.float() < o.q) {
      const b = generate(adversary, adversaryRule, "adversary");
      if (better(adversary, b, bestA)) bestA = b;
    } else {
      const b = generate(honest, honestRule);
      if (better(honest, b, bestH)) bestH = b;
    }
    const [ca, ch] = [adversary.C[bestA]!, honest.C[bestH]!];
    if (ca > ch || (ca === ch && adversary.blocks[bestA]!.level >= honest.blocks[bestH]!.level)) return { outcome: "caught", blocks };
    if (honest.blocks[bestH]!.level - adversary.blocks[bestA]!.level > gapLimit) return { outcome: "lost", blocks };
  }
  return { outcome: "censored", blocks: maxBlocks };
}

/** `runs` seeded runs; run k uses runSeed(seed, k), so any run replays alone. */
export function modelB(o: ModelBOptions): ModelBResult {
  checkModelB(o);
  let [caughtUp, censored, blocks] = [0, 0, 0];
  for (let k = 0; k < o.runs; k++) {
    const r = modelBRun(o, runSeed(o.seed, k));
    if (r.outcome === "caught") caughtUp++;
    else if (r.outcome === "censored") censored++;
    blocks += r.blocks;
    if (o.onProgress && (k + 1) % 1000 === 0) o.onProgress(k + 1);
  }
  return { runs: o.runs, caughtUp, censored, estimate: caughtUp / o.runs, blocks };
}
