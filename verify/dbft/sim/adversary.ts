import { Prng } from "../../shared/prng.js";

/** Message kinds as the simulator codes them. */
export const PREP_REQUEST = 0;
export const PREP_RESPONSE = 1;
export const COMMIT = 2;
export const CHANGE_VIEW = 3;
export const RECOVERY_REQUEST = 4;
export const RECOVERY_MESSAGE = 5;
export const KIND_COUNT = 6;

/**
 * Every choice the environment makes in a run: network delays and drops, and what Byzantine nodes do.
 * A run is a pure function of its configuration and of these answers, so it replays exactly.
 * Nodes are 0-based here; views are Neo's (from 0).
 */
export interface Adversary {
  /** Ticks until `to` receives `from`'s message (0: right after the current event); negative: dropped. */
  delay(from: number, to: number, kind: number, view: number): number;
  /** Whether a Byzantine node sends this kind of message of this view to this recipient. */
  byzantineSends(from: number, to: number, kind: number, view: number): boolean;
  /** Which of two proposals a Byzantine primary shows this recipient (0 or 1): equivocation. */
  byzantineVariant(from: number, to: number, view: number): number;
  /** Whether a Byzantine node commits as soon as it accepts a proposal, without waiting for M preparations. */
  byzantineEagerCommit(node: number, view: number): boolean;
}

/** The shape of the Byzantine strategy tables for a configuration. */
export interface PlanShape {
  /** Nodes N. */
  readonly n: number;
  /** 0-based indices of the Byzantine nodes. */
  readonly byzantine: readonly number[];
  /** Views per Byzantine node in the tables. */
  readonly views: number;
}

/**
 * A Byzantine strategy, fixed per (Byzantine node, view) so that a Byzantine node behaves consistently:
 * which recipients it keeps its consensus payloads (PrepareRequest, PrepareResponse, Commit) from, which
 * it keeps its ChangeView and recovery messages from, which see its second proposal when it is primary,
 * and whether it commits without waiting for M preparations. Masks have bit k for node k (0-based); a
 * missing entry (or 0, false) is the plain behaviour, so a shrunk plan holds only the deviations.
 * Entry index: b·views + view, b the Byzantine node's rank.
 */
export interface ByzantinePlan {
  /** Per entry, the mask of recipients it keeps its consensus payloads from. */
  readonly withholdConsensus: readonly number[];
  /** Per entry, the mask of recipients it keeps its ChangeView and recovery messages from. */
  readonly withholdViewChange: readonly number[];
  /** Per entry, the mask of recipients that see its second proposal when it is primary. */
  readonly variants: readonly number[];
  /** Per entry, whether it commits without waiting for M preparations. */
  readonly eagerCommits: readonly boolean[];
}

export function planEntries(s: PlanShape): number {
  return s.byzantine.length * s.views;
}

/** An explicit schedule: delays in the order messages are sent (0 past the end), and a Byzantine plan. */
export interface Schedule {
  /** Delay of each message in send order, in ticks; negative drops the message. */
  readonly delays: readonly number[];
  /** What the Byzantine nodes do. */
  readonly plan: ByzantinePlan;
}

export const EMPTY_PLAN: ByzantinePlan = { withholdConsensus: [], withholdViewChange: [], variants: [], eagerCommits: [] };
export const EMPTY_SCHEDULE: Schedule = { delays: [], plan: EMPTY_PLAN };

/** Answers Byzantine questions from a plan. */
class PlanReader {
  private readonly rank: Int32Array;

  constructor(
    private readonly shape: PlanShape,
    private readonly plan: ByzantinePlan,
  ) {
    this.rank = new Int32Array(shape.n).fill(-1);
    shape.byzantine.forEach((node, b) => (this.rank[node] = b));
  }

  private entry(from: number, view: number): number {
    const b = this.rank[from]!;
    return b < 0 || view >= this.shape.views ? -1 : b * this.shape.views + view;
  }

  sends(from: number, to: number, kind: number, view: number): boolean {
    const e = this.entry(from, view);
    if (e < 0) return true;
    const mask = kind <= COMMIT ? this.plan.withholdConsensus[e] : this.plan.withholdViewChange[e];
    return !(((mask ?? 0) >>> to) & 1);
  }

  variant(from: number, to: number, view: number): number {
    const e = this.entry(from, view);
    return e < 0 ? 0 : ((this.plan.variants[e] ?? 0) >>> to) & 1;
  }

  eagerCommit(node: number, view: number): boolean {
    const e = this.entry(node, view);
    return e >= 0 && (this.plan.eagerCommits[e] ?? false);
  }
}

/** The Byzantine half of an adversary: answers from a plan. */
abstract class PlanAdversary implements Adversary {
  private readonly reader: PlanReader;

  constructor(
    shape: PlanShape,
    /** The Byzantine plan this adversary answers from. */
    readonly plan: ByzantinePlan,
  ) {
    this.reader = new PlanReader(shape, plan);
  }

  abstract delay(from: number, to: number, kind: number, view: number): number;

  byzantineSends(from: number, to: number, kind: number, view: number): boolean {
    return this.reader.sends(from, to, kind, view);
  }

  byzantineVariant(from: number, to: number, view: number): number {
    return this.reader.variant(from, to, view);
  }

  byzantineEagerCommit(node: number, view: number): boolean {
    return this.reader.eagerCommit(node, view);
  }
}

/** Replays an explicit Schedule: its delays in order, then its Byzantine plan. */
export class ScheduleAdversary extends PlanAdversary {
  private next = 0;

  constructor(
    shape: PlanShape,
    private readonly schedule: Schedule,
  ) {
    super(shape, schedule.plan);
  }

  /** The schedule's next delay; 0 once the delays run out. */
  delay(): number {
    return this.next < this.schedule.delays.length ? this.schedule.delays[this.next++]! : 0;
  }
}

/** RandomAdversary's knobs: the largest delay, and the drop and withhold probabilities. */
export interface RandomAdversaryOptions {
  /** Largest delay of a message, in ticks. */
  readonly maxDelay: number;
  /** Probability that a message is dropped (the simulator still delivers between honest nodes under eventual delivery). */
  readonly dropRate: number;
  /** Probability that a Byzantine node keeps a view's payloads from a given node. */
  readonly withholdRate: number;
}

/** Delays drawn per message from a seeded generator; a random Byzantine plan drawn once per run. */
export class RandomAdversary extends PlanAdversary {
  constructor(
    seed: number,
    shape: PlanShape,
    private readonly o: RandomAdversaryOptions,
    private readonly rng = new Prng(seed),
  ) {
    super(shape, randomPlan(rng, shape, o.withholdRate));
  }

  /** Drops the message (−1) with probability dropRate, else a uniform delay in 0..maxDelay ticks. */
  delay(): number {
    if (this.o.dropRate > 0 && this.rng.float() < this.o.dropRate) return -1;
    return this.rng.int(this.o.maxDelay + 1);
  }
}

/** A random plan: each Byzantine node, in each view, keeps its payloads from a random set of nodes. */
export function randomPlan(rng: Prng, shape: PlanShape, withholdRate: number): ByzantinePlan {
  if (shape.byzantine.length === 0) return EMPTY_PLAN;
  const entries = planEntries(shape);
  const mask = (rate: number) => {
    let m = 0;
    for (let k = 0; k < shape.n; k++) if (rng.float() < rate) m |= 1 << k;
    return m;
  };
  return {
    withholdConsensus: Array.from({ length: entries }, () => mask(withholdRate)),
    withholdViewChange: Array.from({ length: entries }, () => (rng.int(4) === 0 ? mask(withholdRate) : 0)),
    variants: Array.from({ length: entries }, () => (rng.int(4) === 0 ? mask(0.5) : 0)),
    eagerCommits: Array.from({ length: entries }, () => rng.int(4) === 0),
  };
}

/** Wraps an adversary and writes its delay answers down, so that a run can be replayed as a Schedule. */
export class RecordingAdversary implements Adversary {
  /** The inner adversary's delay answers so far, in the order asked. */
  readonly delays: number[] = [];

  constructor(
    private readonly inner: Adversary,
    private readonly plan: ByzantinePlan,
  ) {}

  delay(from: number, to: number, kind: number, view: number): number {
    const d = this.inner.delay(from, to, kind, view);
    this.delays.push(d);
    return d;
  }

  byzantineSends(from: number, to: number, kind: number, view: number): boolean {
    return this.inner.byzantineSends(from, to, kind, view);
  }

  byzantineVariant(from: number, to: number, view: number): number {
    return this.inner.byzantineVariant(from, to, view);
  }

  byzantineEagerCommit(node: number, view: number): boolean {
    return this.inner.byzantineEagerCommit(node, view);
  }

  /** The recorded delays and the plan, as a Schedule that replays the run. */
  schedule(): Schedule {
    return { delays: [...this.delays], plan: this.plan };
  }
}
