/**
 * `byzopt/codag`: Blockcloud's compacted-DAG ledger (CoDAG) and its Proof-of-Service record. The DAG with
 * its path counts, Generate and Select, the catch-up formulas, Model B on real DAGs, the PoS record and
 * its exact rates, and both statistical checks.
 * @module
 */
export * from "../formulations/codag/index.js";
export * from "../formulations/pos/index.js";
export { modelB, type ModelBOptions, type ModelBResult } from "../verify/codag/model-b.js";
export { type CodagCheckOptions, type CodagCheckReport, formatCodagCheckMarkdown, runCodagCheck } from "../verify/codag/check.js";
export { simulatePos, type SimulateOptions, type SimulationResult } from "../verify/pos/simulate.js";
export { formatPosReport, type PosCheckOptions, type PosCheckReport, runPosCheck } from "../verify/pos/check.js";
