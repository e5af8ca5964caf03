/**
 * `byzopt/forking`: forking on a spatial overlay (Wang et al.). The closed-form model, equations (1)–(16),
 * a seeded propagation simulator, and the check of the paper's claims against it.
 * @module
 */
export * from "../formulations/forking/index.js";
export { type RunResult, type SimParams, simulateRun } from "../verify/forking/simulate.js";
export { type CheckOptions, type ForkingReport, formatForkingReport, runForkingCheck } from "../verify/forking/check.js";
export { type ExperimentOptions, type Experiments, runExperiments } from "../verify/forking/experiments.js";
