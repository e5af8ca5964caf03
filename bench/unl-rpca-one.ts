/**
 * `node dist/bench/unl-rpca-one.js N` runs one `rpca` configuration (N validators, `core` UNLs at 90 %
 * overlap, no Byzantine, seed 1, 30 ledgers) and prints {seconds, ledgers, simulatedMs, messages}.
 */
import { runRpca } from "../verify/unl/rpca.js";
import { rpcaSetup } from "../verify/unl/rpca-setup.js";

const nodes = Number(process.argv[2] ?? 100);
const { config } = rpcaSetup({ nodes, malicious: 0, byzKind: "silent", unlGen: "core", overlapPct: 90, byzPlacement: "ids", seed: 1 });
const started = performance.now();
const r = runRpca(config);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ seconds, ledgers: r.maxValidatedSeq, simulatedMs: r.timeMs, messages: r.messages, rounds: r.rounds }) + "\n");
