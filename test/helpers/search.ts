import { describe, expect, it } from "vitest";
import { search, type SearchConfig } from "../../verify/dbft/search.js";

const base = { maxViews: 6, blockTime: 30, maxDelay: 60, eventualDelivery: true } as const;
export const config = (c: Partial<SearchConfig> & { n: number }): SearchConfig => ({ byzantine: [], dead: [], ...base, ...c });

/** A bounded search for forks with at most F faulty nodes: "holds" for that many runs, never more. */
export function safetyHoldsWithinF(runs: number): void {
  describe("safety holds with at most F faulty nodes", () => {
    for (const c of [config({ n: 4, byzantine: [4] }), config({ n: 7, byzantine: [6, 7] }), config({ n: 7, dead: [6, 7] })]) {
      it(`N=${c.n}, Byzantine ${c.byzantine.join(",") || "none"}, dead ${c.dead.join(",") || "none"}: ${runs.toLocaleString("en")} random executions, no fork`, () => {
        const r = search({ config: c, properties: ["safety"], runs, seed: 2026 });
        expect(r.verdict).toBe("holds");
        expect(r.runs).toBe(runs);
      });
    }
  });
}
