/**
 * `byzopt/unl`: Ripple's UNL consensus. The overlap bounds and the worst overlap as a MILP, a faithful port
 * of Ripple's simulator (schwartz) and a round-based one with forks (rpca), and the grid of the paper's
 * figures.
 * @module
 */
export * from "../formulations/unl/index.js";
export { runSchwartz, SCHWARTZ_DEFAULTS, type SchwartzConfig, type SchwartzResult } from "../verify/unl/schwartz.js";
export type { RngMap } from "../verify/unl/mt19937.js";
export { runRpca } from "../verify/unl/rpca.js";
export type { RpcaByzantine, RpcaConfig, RpcaFork, RpcaResult, RpcaTiming } from "../verify/unl/rpca-types.js";
export { type ByzPlacement, RPCA_DEFAULTS, rpcaConfigOf, rpcaSetup, type RpcaSetup, type RpcaSetupParams } from "../verify/unl/rpca-setup.js";
export { checkRpcaRun, type ForkVerdict, type RpcaCheck } from "../verify/unl/rpca-check.js";
export { clusterUnls, coreUnls, type GeneratedUnls, type GeneratorParams, type UnlGenerator } from "../verify/unl/generators.js";
export { forkPictureSvg } from "../verify/unl/fork-picture.js";
export {
  FIGURE_IDS,
  type FigureId,
  GRID_DEFAULTS,
  type GridFork,
  type GridPoint,
  type GridRecord,
  type GridSettings,
  type GridViolation,
  parseFigures,
  parsePctList,
  planGrid,
  type PointParams,
  type RpcaPointParams,
  type RpcaRun,
  type RpcaStatic,
  type RpcaSummary,
  type SchwartzPointParams,
  type SchwartzRun,
  type SchwartzSummary,
  type SimFigure,
} from "../verify/unl/grid.js";
export { runPoint } from "../verify/unl/grid-point.js";
export { type FigureFile, gridFigures } from "../verify/unl/grid-figures.js";
export { pointStatuses, type PointStatus, unlRecordStore } from "../verify/unl/grid-store.js";
export { allViolations, gridExitCode, pointsCsv, summaryMarkdown } from "../verify/unl/grid-summary.js";
