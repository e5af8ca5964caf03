/**
 * One measured write, in a process of its own so that its peak RSS is the instance's alone:
 * `node dist/bench/write-one.js N TMAX OUT [lp|mps]` prints {buildSeconds, writeSeconds, bytes, peakRssMB}.
 */
import { dbftParams } from "../formulations/dbft2/params.js";
import { writeDbftInstance } from "../instances/generate.js";

const [n, tmax, out, format = "lp"] = process.argv.slice(2);
const written = writeDbftInstance(dbftParams({ n: Number(n), tmax: Number(tmax) }), out!, format === "mps" ? "mps" : "lp");
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ buildSeconds: written.buildSeconds, writeSeconds: written.writeSeconds, bytes: written.bytes, stats: written.stats, peakRssMB }) + "\n");
