/**
 * `byzopt/solvers`: one interface over five backends (HiGHS and GLPK in WebAssembly, javascript-lp-solver,
 * and native CBC and glpsol), with time and node limits, starts, progress and honest statuses.
 * @module
 */
export { SOLVE_STATUSES, SOLVER_NAMES, type Solver, type SolverName, type SolveOptions, type SolveProgress, type SolveResult, type SolveStatus, relativeGap, stoppedByLimit } from "../solvers/types.js";
export { allSolvers, solveModel, solverNamed } from "../solvers/registry.js";
export { DIRECT_PROGRAMS, type DirectProgram, type DirectVerdict, solveFileDirectly } from "../solvers/direct.js";
export { type CompareCell, type CompareOptions, type CompareVerdict, compareFile, type FileComparison, objectivesAgree } from "../solvers/compare.js";
