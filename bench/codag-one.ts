/**
 * `node dist/bench/codag-one.js K BLOCKS` builds an honest CoDAG of BLOCKS blocks by Generate (width K,
 * m = 2, random ties, seed 1), then selects every level (one navigator, one reverse pass), and prints
 * {buildSeconds, selectSeconds, levels, candidates, navigatorBits}. With `literal` as a third argument
 * it instead runs Algorithm 3 as printed on the first 50 levels (navigator and R again for each level),
 * the baseline of the one-pass Select.
 */
import { Dag } from "../formulations/codag/dag.js";
import { honestDag } from "../formulations/codag/generate.js";
import { select, selectEachLevel } from "../formulations/codag/select.js";
import { Prng } from "../verify/shared/prng.js";

const K = Number(process.argv[2] ?? 10);
const blocks = Number(process.argv[3] ?? 10_000);
const literal = process.argv[4] === "literal";
const rng = new Prng(1);
let t = performance.now();
const dag = honestDag(new Dag(), blocks, { K, m: 2, tieRule: "random", random: () => rng.float() });
const buildSeconds = (performance.now() - t) / 1000;
t = performance.now();
let candidates = 0;
let levelsSelected = 0;
if (literal) {
  for (let l = 0; l < Math.min(50, dag.maxLevel + 1); l++, levelsSelected++) candidates += select(dag, l, { K }).candidates.length;
} else {
  selectEachLevel(dag, { K }, (s) => {
    candidates += s.candidates.length;
    levelsSelected++;
  });
}
const selectSeconds = (performance.now() - t) / 1000;
const top = dag.C[dag.size - 1]!;
process.stdout.write(JSON.stringify({ K, blocks, buildSeconds, selectSeconds, levels: dag.maxLevel + 1, levelsSelected, candidates, navigatorBits: top.toString(2).length }) + "\n");
