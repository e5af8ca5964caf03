/**
 * `byzopt/tcda`: Blockcloud's truthful continuous double auction. Order books (JSON and CSV), the clearing
 * rule, greedy and MILP matching, multi-round markets, and the seeded check of the paper's claims.
 * @module
 */
export * from "../formulations/tcda/index.js";
export { CLAIM_IDS, type ClaimId, type ClaimReport, type Deviation, runTcdaChecks, type TcdaCheckOptions, type TcdaCounterexample } from "../verify/tcda/checks.js";
export { Prng } from "../verify/shared/prng.js";
