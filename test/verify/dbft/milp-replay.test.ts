import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { traceFromMilp } from "../../../verify/dbft/milp-trace.js";
import { replayMilp } from "../../../verify/dbft/milp-replay.js";
import { byzopt, tempDir } from "../../helpers/cli.js";
import { loadOptimum, OPTIMA_KEYS } from "../../helpers/optima.js";

const dir = tempDir();
afterAll(() => dir.remove());

/** The proved dbft-2-4-5 optima without delivery properties (the paper's model: any node may lead any view). */
const free = OPTIMA_KEYS.filter((k) => k.deliver.length === 0);

describe("a MILP attack re-run in the simulator, compared event by event", () => {
  it("every P1-P7 optimum of dbft-2-4-5 replays; each difference is named, relays and views first", () => {
    for (const key of free) {
      const o = loadOptimum(key);
      const milp = traceFromMilp(o.p, o.values, { objective: key.objective });
      const r = replayMilp(milp);
      // The simulator ran the MILP's Byzantine nodes and delays under Neo's rotation from the MILP's first primary.
      expect(r.config.byzantine).toEqual([4]);
      expect(r.config.height).toBe(milp.views[0]!.primary! - 1);
      const relayDiffs = r.differences.filter((d) => d.startsWith("relay by"));
      const viewDiffs = r.differences.filter((d) => / reaches view /.test(d));
      expect(r.same, key.objective).toBe(relayDiffs.length === 0 && viewDiffs.length === 0);
      expect(relayDiffs.length, key.objective).toBe(r.relays.milp.filter((x) => !r.relays.simulator.includes(x)).length + r.relays.simulator.filter((x) => !r.relays.milp.includes(x)).length);
      // A MILP primary that Neo's rotation would not choose is named.
      const wrongPrimaries = milp.views.filter((v, k) => v.primary !== null && v.primary !== ((((r.config.height - k) % 4) + 4) % 4) + 1);
      expect(r.differences.filter((d) => d.includes("Neo's rotation makes it")).length).toBe(wrongPrimaries.length);
    }
  });

  it("verify replay takes the MILP trace, prints the differences and exits 1 when relays or views differ", () => {
    const o = loadOptimum(free[0]!);
    const file = join(dir.path, "p1.trace.json");
    writeFileSync(file, JSON.stringify(traceFromMilp(o.p, o.values, { objective: "P1" })));
    const r = byzopt(["verify", "replay", file, "--json"]);
    const j = JSON.parse(r.stdout);
    expect(r.status).toBe(j.same ? 0 : 1);
    expect(j.relays.milp.length).toBeGreaterThan(0);
    expect(j.differences.length).toBeGreaterThan(0);
    const text = byzopt(["verify", "replay", file]);
    expect(text.stdout).toMatch(/MILP attack re-run in the simulator \(N=4, Byzantine 4, height \d/);
    expect(text.stdout).toMatch(/relays: MILP .+; simulator /);
  });
});
