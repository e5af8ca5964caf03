import table from "./reference/dbft2-table1.json" with { type: "json" };
import type { ModelStats } from "../formulations/model/index.js";

export interface PaperInstance extends ModelStats {
  readonly name: string;
  readonly N: number;
  readonly tmax: number;
}

/** Table 1 of Coelho et al. (2020), verbatim: the twelve published instances and their sizes. */
export const PAPER_INSTANCES: readonly PaperInstance[] = table.instances;

/** Instances whose optimum the paper proved (with Gurobi). */
export const PAPER_PROVED_OPTIMAL: readonly string[] = table.paper_proved_optimal;
