/**
 * Configuration and result of the `rpca` mode (spec unl.md §2b–§3): rounds, ledgers, validations, forks.
 * The simulator is in rpca.ts; this file is the contract the CLI, the grid and the properties share.
 */
export type RpcaByzantine = "silent" | "contrarian" | "equivocate";

/** rippled's ConsensusParms (ms and percent), as the spec lists them. */
export interface RpcaTiming {
  ledgerMinClose: number;
  ledgerGranularity: number;
  ledgerMinConsensus: number;
  /** rippled ≥ 1.7: a validator that hears no proposal reaches consensus alone only after this long. */
  ledgerMaxConsensus: number;
  avMinConsensusTime: number;
  ledgerIdleInterval: number;
  minConsensusPct: number;
}

export const RPCA_TIMING: Readonly<RpcaTiming> = Object.freeze({
  ledgerMinClose: 2000,
  ledgerGranularity: 1000,
  ledgerMinConsensus: 1950,
  ledgerMaxConsensus: 15000,
  avMinConsensusTime: 5000,
  ledgerIdleInterval: 15000,
  minConsensusPct: 80,
});

export interface RpcaConfig {
  /** Validators' UNLs (ids 0..N−1). A validator's own messages count for it only if its UNL names it. */
  unls: readonly (readonly number[])[];
  /** Byzantine validators (true = Byzantine). */
  byzantine: readonly boolean[];
  byzKind: RpcaByzantine;
  /** Equivocation sides of the honest validators (0 = S_A, 1 = S_B); ignored unless byzKind is equivocate. */
  side: readonly number[];
  quorumPct: number;
  /** End-to-core latency range and core-to-core range (ms): pair latency e2c_i + e2c_j + c2c_ij. */
  e2cMin: number;
  e2cMax: number;
  c2cMin: number;
  c2cMax: number;
  /** Client transactions per second (Poisson), each submitted to a uniform honest validator. */
  txRate: number;
  /** Stop when some honest validator has fully validated this seq … */
  ledgers: number;
  /** … or at this simulated time (ms). */
  maxTime: number;
  /** No fully-validated progress for this long (ms) is a stall. */
  stallMs: number;
  /** Ledgers accepted later than end − this (ms) are left out of NHI (too young to be validated). */
  nhiMarginMs: number;
  seed: number;
  timing: RpcaTiming;
}

/** Two honest validators fully validated different ledgers at one seq, or on diverging branches. */
export interface RpcaFork {
  kind: "same-seq" | "branch";
  seq: number;
  /** The two validators and the ledger each fully validated (ids, seq). */
  a: { validator: number; ledger: number; seq: number; counted: number[] };
  b: { validator: number; ledger: number; seq: number; counted: number[] };
  timeMs: number;
}

export interface RpcaResult {
  /** Simulated time at the stop (ms). */
  timeMs: number;
  /** Highest seq any honest validator fully validated. */
  maxValidatedSeq: number;
  /** Lowest final FV seq over honest validators. */
  minValidatedSeq: number;
  /** NHI inputs: C = distinct ledgers accepted by an honest validator, V = those fully validated by one. */
  accepted: number;
  validated: number;
  /** (C − V)/C, null when C = 0. */
  nhi: number | null;
  /** Median close → accept time (ms) over honest rounds, null if none. */
  medianCloseToAcceptMs: number | null;
  /** Median interval between a validator's consecutive FV ledgers (ms), null if none. */
  medianFvIntervalMs: number | null;
  /** Distinct branches among the honest validators' fully-validated ledgers (csf Sim::branches). */
  branches: number;
  /** Forks found: every same-seq pair (first per seq) and, if branches > 1, one branch witness. */
  forks: RpcaFork[];
  /** At each seq where honest validators fully validated different ledgers: who validated which (P2 checks every pair). */
  forkHolders: { seq: number; ledgers: { ledger: number; validators: number[] }[] }[];
  /** Preferred-ledger switches (csf JumpCollector) by honest validators. */
  jumps: number;
  /** Fraction of honest validators with an FV gap ≥ stallMs; the longest gap (ms). */
  stalledFraction: number;
  /** The honest validators with such a gap. */
  stalledValidators: number[];
  /** Each validator's fully-validated seq at the end (−1 for Byzantine ones). */
  finalValidatedSeq: number[];
  longestGapMs: number;
  /** Conflicting validations seen by honest receivers (ValStatus::conflicting). */
  equivocationsSeen: number;
  /** Messages delivered (proposals, validations, transactions at close are not messages). */
  messages: number;
  /** Rounds closed by honest validators. */
  rounds: number;
  /** The honest validators' chains: for each ledger fully validated by someone, its parent and seq. */
  ledgers: { id: number; parent: number; seq: number; txs: number; acceptedBy: number; validatedBy: number }[];
}
