/**
 * `byzopt/forking`: forking on a spatial overlay (Wang et al.). The closed-form model, equations (1)–(16),
 * a seeded propagation simulator, the check of the paper's claims against it, and the paper's figures.
 * @module
 */
export * from "../formulations/forking/index.js";
export { type RunResult, type SimParams, simulateRun, simulateTopologyRun, stepFunction } from "../verify/forking/simulate.js";
export type { Diamond } from "../verify/forking/lattice.js";
export type { LinkList, LongMode } from "../verify/forking/links.js";
export type { DelayModel, Propagation } from "../verify/forking/propagate.js";
export { parseTopology, type Topology } from "../verify/forking/topology.js";
export { type CheckOptions, type ForkingReport, formatForkingReport, gapTable, runForkingCheck } from "../verify/forking/check.js";
export type { CheckItem } from "../verify/forking/check-structure.js";
export { type DwRow, type GapRow, gapRows } from "../verify/forking/check-claims.js";
export { fmt, type Verdict } from "../verify/forking/claims.js";
export { type Curves, type Quantity, seriesFromRuns, type SimSeries } from "../verify/forking/curves.js";
export { type ExperimentOptions, type Experiments, runExperiments, runExperimentsGrid, type Point, simParams, type SimPoint, type SimTask, simTasks, type TheoryPoint } from "../verify/forking/experiments.js";
export { activationChart, type Figure, figureCsv, figureSvg, gapHeatMapSvg, paperFigures } from "../verify/forking/figures.js";
export type { LineChartSpec, LinePoint } from "../verify/shared/chart.js";
