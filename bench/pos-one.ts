/**
 * `node dist/bench/pos-one.js N` simulates 10⁵ PoS epochs at n = N, δ = 0.8·N, p_true = 0.8, honest
 * verifiers and then 30 % noisy liars, and prints {honestSeconds, liarsSeconds, epochs}.
 */
import { posSetting } from "../formulations/pos/rates.js";
import { simulatePos } from "../verify/pos/simulate.js";

const n = Number(process.argv[2] ?? 20);
const epochs = 100_000;
const delta = Math.round(0.8 * n);
let t = performance.now();
simulatePos(posSetting({ n, delta }), 0.8, { epochs, seed: 1 });
const honestSeconds = (performance.now() - t) / 1000;
t = performance.now();
simulatePos(posSetting({ n, delta, liars: { f: 0.3, kind: "noisy", epsilon: 0.1 } }), 0.8, { epochs, seed: 1 });
const liarsSeconds = (performance.now() - t) / 1000;
process.stdout.write(JSON.stringify({ n, epochs, honestSeconds, liarsSeconds }) + "\n");
