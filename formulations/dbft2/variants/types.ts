import { InputError } from "../../input-error.js";

/**
 * The dBFT rule sets of nspcc-dev's TLA⁺ models (../shared/spec/dbft21-variants.md), as state machines:
 * dBFT 2.0 (`dbft.tla`), the three-staged view change (`cv3`), the centralized view change (`ccv`),
 * the anti-MEV CommitAck round (`antimev`) and 2.0 with per-node pools (`multipool`).
 * Nodes are numbered from 0 and the primary of view v is v mod N, as in the models.
 */
export const PROTOCOLS = ["dbft2.0", "cv3", "ccv", "antimev", "multipool"] as const;
/** One of PROTOCOLS. */
export type Protocol = (typeof PROTOCOLS)[number];

/** shared: every guard reads every message sent so far (the models' global `msgs`); local: what the node received. */
export const POOLS = ["shared", "local"] as const;
/** One of POOLS. */
export type PoolMode = (typeof POOLS)[number];

/** any: MoreThanFNodesCommitted counts Commits of every view (since 0ff31fd, as C#); current: only the node's view. */
export const COMMIT_COUNTS = ["any", "current"] as const;
/** One of COMMIT_COUNTS. */
export type CommitCount = (typeof COMMIT_COUNTS)[number];

/** One small scope of a variant: the models' constants RM, RMDead, RMFault, MaxView and the flags. */
export interface VariantConfig {
  /** The rule set. */
  readonly protocol: Protocol;
  /** Nodes 0..n−1 (RM). */
  readonly n: number;
  /** MaxView: node views (and message views; ccv: targets up to MaxView + 1) stay within it. */
  readonly maxView: number;
  /** RMDead: nodes that may die (at most F dead or faulty in all). */
  readonly dead: readonly number[];
  /** RMFault: nodes that may turn bad. */
  readonly faulty: readonly number[];
  /** Which messages a node's guards read (multipool: always its own pool). */
  readonly pool: PoolMode;
  /** dbft2.0 and antimev: which Commits MoreThanFNodesCommitted counts. */
  readonly commitCount: CommitCount;
  /** multipool: MaxUndeliveredMessages of the model's ModelConstraint. */
  readonly undelivered?: number;
}

/** Node state types, one code space for every variant (4 bits). */
export const NODE_TYPES = ["initialized", "prepareSent", "commitSent", "cv", "cv1", "cv2", "cv3", "commitAckSent", "blockAccepted", "bad", "dead"] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];
export const INITIALIZED = 0;
export const PREPARE_SENT = 1;
export const COMMIT_SENT = 2;
export const CV = 3;
export const CV1 = 4;
export const CV2 = 5;
export const CV3 = 6;
export const COMMIT_ACK_SENT = 7;
export const ACCEPTED = 8;
export const BAD = 9;
export const DEAD = 10;

/** Message types, one code space for every variant. */
export const MESSAGE_TYPES = ["PrepareRequest", "PrepareResponse", "Commit", "ChangeView", "ChangeView1", "ChangeView2", "ChangeView3", "CommitAck", "DoChangeView1", "DoChangeView2"] as const;
export type MessageTypeName = (typeof MESSAGE_TYPES)[number];
export const PREQ = 0;
export const PRESP = 1;
export const COMMIT = 2;
export const CHANGE_VIEW = 3;
export const CHANGE_VIEW1 = 4;
export const CHANGE_VIEW2 = 5;
export const CHANGE_VIEW3 = 6;
export const COMMIT_ACK = 7;
export const DO_CV1 = 8;
export const DO_CV2 = 9;

/** The message types each variant sends. */
export const VARIANT_MESSAGES: Record<Protocol, readonly number[]> = {
  "dbft2.0": [PREQ, PRESP, COMMIT, CHANGE_VIEW],
  cv3: [PREQ, PRESP, COMMIT, CHANGE_VIEW1, CHANGE_VIEW2, CHANGE_VIEW3],
  ccv: [PREQ, PRESP, COMMIT, CHANGE_VIEW1, CHANGE_VIEW2, DO_CV1, DO_CV2],
  antimev: [PREQ, PRESP, COMMIT, COMMIT_ACK, CHANGE_VIEW],
  multipool: [PREQ, PRESP, COMMIT, CHANGE_VIEW],
};

/** F = ⌊(N−1)/3⌋. */
export function faultsTolerated(n: number): number {
  return Math.floor((n - 1) / 3);
}

/** Throws InputError on a scope the models do not allow (their ASSUME) or byzopt cannot hold. */
export function checkVariantConfig(c: VariantConfig): void {
  if (!(PROTOCOLS as readonly string[]).includes(c.protocol)) throw new InputError(`unknown protocol ${JSON.stringify(c.protocol)}: use ${PROTOCOLS.join(", ")}`);
  if (!Number.isInteger(c.n) || c.n < 4 || c.n > 10) throw new InputError(`N must be an integer from 4 to 10 for the rule-set models (got ${c.n})`);
  if (!Number.isInteger(c.maxView) || c.maxView < 0 || c.maxView > 4) throw new InputError(`MaxView must be an integer from 0 to 4 (got ${c.maxView}; the models assume at most 2)`);
  const f = faultsTolerated(c.n);
  for (const k of [...c.dead, ...c.faulty]) if (!Number.isInteger(k) || k < 0 || k >= c.n) throw new InputError(`node ${k} is not a node of N=${c.n} (nodes are 0..${c.n - 1})`);
  if (new Set(c.dead).size !== c.dead.length || new Set(c.faulty).size !== c.faulty.length) throw new InputError("a node is listed twice");
  if (new Set([...c.dead, ...c.faulty]).size > f) throw new InputError(`at most F=${f} nodes may be dead or faulty in all (the models' ASSUME |RMFault ∪ RMDead| ≤ F)`);
  if (!(POOLS as readonly string[]).includes(c.pool)) throw new InputError(`unknown pool ${JSON.stringify(c.pool)}: use shared or local`);
  if (!(COMMIT_COUNTS as readonly string[]).includes(c.commitCount)) throw new InputError(`unknown commit count ${JSON.stringify(c.commitCount)}: use any or current`);
  if (c.protocol === "multipool" && c.pool !== "local") throw new InputError("multipool has a pool per node by definition: use --pool local");
  if (c.protocol === "multipool" && c.maxView < 1) throw new InputError("multipool starts at view 1: MaxView must be at least 1");
  if (c.undelivered !== undefined && (!Number.isInteger(c.undelivered) || c.undelivered < 1)) throw new InputError(`undelivered must be a positive integer (got ${c.undelivered})`);
}

/** Short names of message types, as schedules and traces write them. */
export const SHORT_NAMES: readonly string[] = ["PReq", "PResp", "Commit", "CV", "CV1", "CV2", "CV3", "CommitAck", "DoCV1", "DoCV2"];

export function shortName(type: number): string {
  return SHORT_NAMES[type]!;
}
