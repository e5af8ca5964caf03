// Search dBFT 2.0 for a liveness lock with one dead node at N = 4, from code, and print the shrunk
// counterexample: the schedule of delays that leaves the honest nodes unable to decide.
import { search } from "byzopt/dbft";

const report = search({
  config: { n: 4, byzantine: [], dead: [4], maxViews: 4, blockTime: 30, maxDelay: 60, eventualDelivery: true },
  properties: ["liveness"],
  runs: 2000,
  seed: 1,
});
console.log(`verdict: ${report.verdict} after ${report.runs} runs`);
const c = report.counterexample;
if (c) {
  console.log(`${c.property}: ${c.violation}`);
  console.log(`run ${c.run} at height ${c.height}; ${c.foundDelays} delays found, ${c.schedule.delays.length} after shrinking`);
}
