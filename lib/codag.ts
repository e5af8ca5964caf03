/**
 * `byzopt/codag`: Blockcloud's compacted-DAG ledger (CoDAG) and its Proof-of-Service record. The DAG with
 * its path counts, Generate and Select, the catch-up formulas, Model A and Model B on real DAGs, the PoS
 * record and its exact rates, both statistical checks and their pictures.
 * @module
 */
export * from "../formulations/codag/index.js";
export * from "../formulations/pos/index.js";
export { checkModelB, modelB, type ModelBOptions, type ModelBResult } from "../verify/codag/model-b.js";
export { lemma1Barrier, type RaceCheck, type SimResult, simulateLemma2Race, simulateModelA } from "../verify/codag/races.js";
export type { PropertyReport } from "../verify/codag/properties.js";
export { type ClaimVerdict, type CodagCheckOptions, type CodagCheckReport, type CodagTaskResult, fmt, formatCodagCheckMarkdown, type ModelBPoint, runCodagCheck, runCodagCheckGrid } from "../verify/codag/check.js";
export { dagPictureSvg, type DagPictureOptions } from "../verify/codag/dag-picture.js";
export { DEFAULT_POOL, simulatePos, type SimulateOptions, type SimulationResult, type VerifierUnits } from "../verify/pos/simulate.js";
export { type CheckPointResult, type CheckPointSpec, describeFailure, fmtProbability, formatPosReport, judge, pointsToRun, type PosCheckOptions, type PosCheckReport, type RecordCheck, runPosCheck, runPosCheckGrid } from "../verify/pos/check.js";
export { checkChart, rewardChart, settingLabel, type SimulatedPoint } from "../verify/pos/chart.js";
export type { LineChartSpec, LinePoint } from "../verify/shared/chart.js";
export { type Acceptance, judgeFrequency, wilsonInterval } from "../verify/shared/acceptance.js";
export { Prng, runSeed } from "../verify/shared/prng.js";
