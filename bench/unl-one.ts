/**
 * `node dist/bench/unl-one.js` runs the upstream simulator's default configuration once (schwartz mode)
 * and prints {seconds, deliveries, timeMs, messagesOnWire, messagesPerNode}; the parent measures RSS.
 */
import { runSchwartz, SCHWARTZ_DEFAULTS } from "../verify/unl/schwartz.js";

const started = performance.now();
const r = runSchwartz({ ...SCHWARTZ_DEFAULTS });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ seconds, deliveries: r.events, timeMs: r.timeMs, messagesOnWire: r.messagesOnWire, messagesPerNode: r.messagesPerNode }) + "\n");
