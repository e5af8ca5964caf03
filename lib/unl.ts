/**
 * `byzopt/unl`: Ripple's UNL consensus. The overlap bounds and the worst overlap as a MILP, a faithful port
 * of Ripple's simulator (schwartz) and a round-based one with forks (rpca).
 * @module
 */
export * from "../formulations/unl/index.js";
export { runSchwartz, type SchwartzConfig, type SchwartzResult } from "../verify/unl/schwartz.js";
export { type RpcaConfig, type RpcaResult, runRpca } from "../verify/unl/rpca.js";
