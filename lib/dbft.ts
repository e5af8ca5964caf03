/**
 * `byzopt/dbft`: dBFT 2.0 (Neo). The attack MILP of Coelho et al. (Table 1, objectives P1–P7, the
 * strengthening families), the protocol simulator with its adversaries, the seeded search for forks and
 * liveness locks, traces, model rules and the attack picture.
 * @module
 */
export * from "../formulations/dbft2/index.js";
export type { DbftContext } from "../formulations/dbft2/context.js";
export { DbftSimulator, type Outcome, type SimConfig, type SimResult } from "../verify/dbft/sim/simulator.js";
export { type Adversary, RandomAdversary, RecordingAdversary, type Schedule, ScheduleAdversary } from "../verify/dbft/sim/adversary.js";
export { type Counterexample, PROPERTIES, type PropertyName, replay, search, type SearchConfig, type SearchOptions, type SearchReport } from "../verify/dbft/search.js";
export { type ParallelSearchOptions, searchParallel } from "../verify/dbft/search-parallel.js";
export { COUNTEREXAMPLE_FORMAT, type CounterexampleFile, counterexampleFile, parseCounterexample, replayCounterexample } from "../verify/dbft/counterexample.js";
export { parseTrace, type Trace, TRACE_FORMAT, type TraceEvent, traceCounts, traceObjective } from "../verify/dbft/trace.js";
export { traceFromMilp } from "../verify/dbft/milp-trace.js";
export { renderExecutionSvg } from "../verify/dbft/svg.js";
