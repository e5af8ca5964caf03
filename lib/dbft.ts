/**
 * `byzopt/dbft`: dBFT 2.0 (Neo). The attack MILP of Coelho et al. (Table 1, objectives P1–P7, the
 * strengthening families), the protocol simulator with its adversaries, the seeded search for forks and
 * liveness locks, traces, model rules and the attack picture; the instance files, catalogs and solution
 * files, the warm starts and polish of a long solve, and the sweep of the paper's table.
 * @module
 */
export * from "../formulations/dbft2/index.js";
export type { DbftContext } from "../formulations/dbft2/context.js";
export { checkSimConfig, DbftSimulator, type Outcome, type SimConfig, type SimResult } from "../verify/dbft/sim/simulator.js";
export { type Adversary, type ByzantinePlan, type PlanShape, RandomAdversary, type RandomAdversaryOptions, RecordingAdversary, type Schedule, ScheduleAdversary } from "../verify/dbft/sim/adversary.js";
export { Prng } from "../verify/shared/prng.js";
export { type Counterexample, PROPERTIES, type PropertyName, replay, search, type SearchConfig, type SearchOptions, type SearchReport } from "../verify/dbft/search.js";
export { DEFAULT_CHUNK, type ParallelSearchOptions, searchParallel } from "../verify/dbft/search-parallel.js";
export { COUNTEREXAMPLE_FORMAT, type CounterexampleFile, counterexampleFile, parseCounterexample, replayCounterexample } from "../verify/dbft/counterexample.js";
export {
  type ChangeViewEvent,
  type CommitEvent,
  parseTrace,
  type PrimaryEvent,
  type ReceiveEvent,
  type RecoveryContents,
  type RelayEvent,
  type Role,
  type SendEvent,
  type Trace,
  TRACE_FORMAT,
  type TraceCounts,
  type TraceEvent,
  type TraceSource,
  type TraceView,
  traceCounts,
  traceObjective,
} from "../verify/dbft/trace.js";
export { traceFromMilp } from "../verify/dbft/milp-trace.js";
export { renderExecutionSvg } from "../verify/dbft/svg.js";
export { renderExecutionHtml } from "../verify/dbft/html.js";
export { formatTimeline } from "../verify/dbft/timeline.js";
export { checkInvariants } from "../verify/dbft/invariants.js";
export { checkModelRules, type ModelRuleOptions } from "../verify/dbft/rules/model-rules.js";
export { checkProtocolRules } from "../verify/dbft/rules/protocol-rules.js";
export type { RuleReport, Violation } from "../verify/dbft/rules/types.js";
export { writeDbftInstance, type WrittenInstance } from "../instances/generate.js";
export { type Catalog, type CatalogEntry, type GenerateOptions, generateInstances, type GridPoint, gridOf, PAPER_GRID } from "../instances/catalog.js";
export { saveSolution, startFromFile } from "../instances/solution-file.js";
export { bestStart, horizonWarmStart, keepStart, type StartPoint, WARM_START_SHARE, type WarmStart, warmStartPoint, type WarmStartReport } from "../instances/warm-start.js";
export { polishByViews, POLISH_SHARE, type PolishReport, type PolishWindow } from "../instances/view-polish.js";
export { mayStartFrom, parseInstanceList, parseObjectiveList, planSweep, type SweepPlanInput, type SweepRun, SWEEP_SOLVERS, type SweepSolver, type Variant, VARIANTS } from "../instances/sweep/plan.js";
export type { PoolCandidate } from "../instances/sweep/pool.js";
export { executeRun, finishedRecord, HIGHS_MAX_NONZEROS, type PoolReport, type RunHooks, type SweepRecord, sweepRecordStore } from "../instances/sweep/run.js";
export { startNote, SUMMARY_CSV, SUMMARY_MD, summaryMarkdown, writeSummary } from "../instances/sweep/summary.js";
export { SUMMARY_SVG, sweepFigureSvg } from "../instances/sweep/summary-figure.js";
export { type CommitCount, COMMIT_COUNTS, faultsTolerated, MESSAGE_TYPES, NODE_TYPES, type PoolMode, POOLS, type Protocol, PROTOCOLS, type VariantConfig, checkVariantConfig } from "../formulations/dbft2/variants/types.js";
export { decodeStep, DEFAULT_UNDELIVERED, Machine, type Step, VState } from "../formulations/dbft2/variants/machine.js";
export type { Rule } from "../formulations/dbft2/variants/rule.js";
export { ruleSet } from "../formulations/dbft2/variants/rule-sets.js";
export { StateCodec, symmetryGroup } from "../formulations/dbft2/variants/codec.js";
export { MessageUniverse } from "../formulations/dbft2/variants/universe.js";
export { type Classification, classify, messageText, nodeText, type StateClass, stepText } from "../formulations/dbft2/variants/describe.js";
export { explore, type ExploreOptions, type ExploreProgress, type ExploreResult, replayWitness, type Witness } from "../verify/dbft/explore/explorer.js";
export { type Expectation, expectationFor, parseSchedule, type ReplayedStep, replaySchedule, runSteps, SCHEDULE_FILE_FORMAT, SCHEDULE_FORMAT, type ScheduleFile, type ScheduleReplay } from "../verify/dbft/variants/schedule.js";
export { searchWalks, shrinkSteps, type WalkFailure, type WalkOptions, type WalkProperty, type WalkReport } from "../verify/dbft/variants/walk.js";
export { modelTrace } from "../verify/dbft/variants/model-trace.js";
export { checkModelTrace, modelTraceConfig } from "../verify/dbft/variants/trace-check.js";
export { type MilpReplay, type MilpReplayOptions, replayMilp, type SendCell } from "../verify/dbft/milp-replay.js";
