/**
 * Configuration and result of the `rpca` mode (spec unl.md §2b–§3): rounds, ledgers, validations, forks.
 * The simulator is in rpca.ts; this file is the contract the CLI, the grid and the properties share.
 */
/** Byzantine behaviour (spec §2b): silent, contrarian (votes against its UNL majority, never validates) or equivocating. */
export type RpcaByzantine = "silent" | "contrarian" | "equivocate";

/** rippled's ConsensusParms (ms and percent), as the spec lists them. */
export interface RpcaTiming {
  /** ledgerMIN_CLOSE: least time a ledger stays open (2000). */
  ledgerMinClose: number;
  /** ledgerGRANULARITY: the tick (1000). */
  ledgerGranularity: number;
  /** ledgerMIN_CONSENSUS: least round time before consensus is checked (1950). */
  ledgerMinConsensus: number;
  /** rippled ≥ 1.7: a validator that hears no proposal reaches consensus alone only after this long. */
  ledgerMaxConsensus: number;
  /** avMIN_CONSENSUS_TIME: the floor of the previous round time in the avalanche percentage (5000). */
  avMinConsensusTime: number;
  /** ledgerIDLE_INTERVAL: the first round's "previous round time" (15000). */
  ledgerIdleInterval: number;
  /** minCONSENSUS_PCT: agreement needed for consensus, in percent (80). */
  minConsensusPct: number;
}

/** rippled's values of {@link RpcaTiming}. */
export const RPCA_TIMING: Readonly<RpcaTiming> = Object.freeze({
  ledgerMinClose: 2000,
  ledgerGranularity: 1000,
  ledgerMinConsensus: 1950,
  ledgerMaxConsensus: 15000,
  avMinConsensusTime: 5000,
  ledgerIdleInterval: 15000,
  minConsensusPct: 80,
});

/** One `rpca` run (spec unl.md §2b): the trust graph, the adversary, latencies, load, stop rule and seed. */
export interface RpcaConfig {
  /** Validators' UNLs (ids 0..N−1). A validator's own messages count for it only if its UNL names it. */
  unls: readonly (readonly number[])[];
  /** Byzantine validators (true = Byzantine). */
  byzantine: readonly boolean[];
  /** How every Byzantine validator behaves: silent, contrarian or equivocating. */
  byzKind: RpcaByzantine;
  /** Equivocation sides of the honest validators (0 = S_A, 1 = S_B); ignored unless byzKind is equivocate. */
  side: readonly number[];
  /** Quorum as a percentage of each UNL: q_i = ⌈quorumPct·|UNL_i|/100⌉ (rippled: 80). */
  quorumPct: number;
  /** End-to-core latency range and core-to-core range (ms): pair latency e2c_i + e2c_j + c2c_ij. */
  e2cMin: number;
  /** Greatest end-to-core latency (ms). */
  e2cMax: number;
  /** Least core-to-core latency (ms). */
  c2cMin: number;
  /** Greatest core-to-core latency (ms). */
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
  /** Seed of the run's generator, which draws the latencies and the client transactions. */
  seed: number;
  /** rippled's consensus timing constants; `RPCA_TIMING` by default. */
  timing: RpcaTiming;
}

/** Two honest validators fully validated different ledgers at one seq, or on diverging branches. */
export interface RpcaFork {
  /** Same-seq (different ledgers at one seq) or branch (neither ledger an ancestor of the other). */
  kind: "same-seq" | "branch";
  /** The seq of the fork (for a branch, the lower of the two). */
  seq: number;
  /** The two validators and the ledger each fully validated (ids, seq). */
  a: {
    /** The validator. */
    validator: number;
    /** The ledger it fully validated. */
    ledger: number;
    /** That ledger's seq. */
    seq: number;
    /** The validators whose validations of that ledger it counted. */
    counted: number[];
  };
  /** The other side, as in `a`. */
  b: {
    /** The validator. */
    validator: number;
    /** The ledger it fully validated. */
    ledger: number;
    /** That ledger's seq. */
    seq: number;
    /** The validators whose validations of that ledger it counted. */
    counted: number[];
  };
  /** When it was found (ms): the second full validation, or the run's end for a branch. */
  timeMs: number;
}

/** The metrics of one {@link runRpca} run (spec unl.md §3): progress, NHI, forks, jumps and stalls. */
export interface RpcaResult {
  /** Simulated time at the stop (ms). */
  timeMs: number;
  /** Highest seq any honest validator fully validated. */
  maxValidatedSeq: number;
  /** Lowest final FV seq over honest validators. */
  minValidatedSeq: number;
  /** NHI inputs: C = distinct ledgers accepted by an honest validator, V = those fully validated by one. */
  accepted: number;
  /** V: distinct ledgers fully validated by an honest validator. */
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
  forkHolders: {
    /** The ledger sequence number. */
    seq: number;
    /** Each ledger fully validated at this seq, ascending by id. */
    ledgers: {
      /** Ledger id. */
      ledger: number;
      /** Honest validators that fully validated it, ascending. */
      validators: number[];
    }[];
  }[];
  /** Preferred-ledger switches (csf JumpCollector) by honest validators. */
  jumps: number;
  /** Fraction of honest validators with an FV gap ≥ stallMs. */
  stalledFraction: number;
  /** The honest validators with such a gap. */
  stalledValidators: number[];
  /** Each validator's fully-validated seq at the end (−1 for Byzantine ones). */
  finalValidatedSeq: number[];
  /** The longest FV gap of any honest validator (ms), the end of the run included. */
  longestGapMs: number;
  /** Conflicting validations seen by honest receivers (ValStatus::conflicting). */
  equivocationsSeen: number;
  /** Messages delivered (proposals, validations, transactions at close are not messages). */
  messages: number;
  /** Rounds closed by honest validators. */
  rounds: number;
  /** The honest validators' chains: for each ledger fully validated by someone, its parent and seq. */
  ledgers: {
    /** Ledger id (0 is genesis). */
    id: number;
    /** Parent ledger id (−1 for genesis). */
    parent: number;
    /** Sequence number: the parent's plus one. */
    seq: number;
    /** Transactions in the ledger. */
    txs: number;
    /** Honest validators that accepted it. */
    acceptedBy: number;
    /** Honest validators that fully validated it. */
    validatedBy: number;
  }[];
}
