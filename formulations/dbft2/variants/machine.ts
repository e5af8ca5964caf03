import { MessageUniverse, popcount } from "./universe.js";
import { ACCEPTED, BAD, checkVariantConfig, DEAD, faultsTolerated, type VariantConfig } from "./types.js";
import type { Rule } from "./rule.js";
import { ruleSet } from "./rule-sets.js";
import { undelivered } from "./multipool.js";

/** multipool's MaxUndeliveredMessages in its launch file. */
export const DEFAULT_UNDELIVERED = 6;

/** A state of a scope: each node's (type, view, accepted source view) and the message pools. */
export class VState {
  constructor(
    /** Each node's type code (NODE_TYPES). */
    readonly type: Uint8Array,
    /** Each node's view. */
    readonly view: Uint8Array,
    /** ccv: source view of the accepted block (the models' `blockAccepted`); 0 elsewhere. */
    readonly acc: Uint8Array,
    /** One message bitset (shared pool) or one per node (local pools), `words` words each. */
    readonly pools: Uint32Array,
  ) {}

  /** A copy. */
  clone(): VState {
    return new VState(this.type.slice(), this.view.slice(), this.acc.slice(), this.pools.slice());
  }

  /** Makes this state equal to o (same scope). */
  copyFrom(o: VState): void {
    this.type.set(o.type);
    this.view.set(o.view);
    this.acc.set(o.acc);
    this.pools.set(o.pools);
  }
}

/** A fired rule: which rule, at which node, with which argument (−1 when the rule takes none). */
export interface Step {
  /** Index of the rule in Machine.rules. */
  readonly rule: number;
  /** The node that takes the step. */
  readonly node: number;
  /** The rule's argument (a message index, a node), or −1. */
  readonly arg: number;
}

/** A step from its code (see Machine.stepCodes). */
export function decodeStep(code: number): Step {
  return { rule: code & 63, node: (code >>> 6) & 15, arg: (code >>> 10) - 1 };
}

/**
 * A scope of one variant: its constants, message universe and rule set, and the queries the rules'
 * guards are written with. Pure: states in, states out.
 */
export class Machine {
  /** Nodes N. */
  readonly n: number;
  /** Faults tolerated, F = ⌊(N−1)/3⌋. */
  readonly f: number;
  /** Quorum M = N − F. */
  readonly m: number;
  /** MaxView of the scope. */
  readonly maxView: number;
  /** The messages of the scope, interned. */
  readonly u: MessageUniverse;
  /** The variant's rule set, in the order of its TLA⁺ Next. */
  readonly rules: readonly Rule[];
  /** Pools in a state: 1 (shared) or n (local). */
  readonly pools: number;
  /** Words per pool. */
  readonly words: number;
  /** Whether nodes read their own pools. */
  readonly local: boolean;
  /** 1 for each node of RMDead. */
  readonly deadSet: Uint8Array;
  /** 1 for each node of RMFault. */
  readonly faultySet: Uint8Array;
  /** Set by send() when a message leaves the bounds (checked by withinBounds). */
  beyond = false;

  /** @param config - The scope; checked (InputError on one the models do not allow). */
  constructor(readonly config: VariantConfig) {
    checkVariantConfig(config);
    const { n, maxView, protocol } = config;
    this.n = n;
    this.f = faultsTolerated(n);
    this.m = n - this.f;
    this.maxView = maxView;
    this.u = protocol === "ccv" ? new MessageUniverse(n, protocol, maxView + 1, 32 * Math.ceil((n * 24 * (maxView + 2)) / 32)) : MessageUniverse.fixed(n, protocol, maxView);
    this.local = config.pool === "local" || protocol === "multipool";
    // multipool: the nodes' pools and the model's global msgs.
    this.pools = protocol === "multipool" ? n + 1 : this.local ? n : 1;
    this.words = this.u.words;
    this.rules = ruleSet(config);
    this.span = maxView + 4;
    this.summaryReady = new Uint8Array(this.pools);
    this.summaryCount = new Int32Array(this.pools * 10 * this.span);
    this.summarySenders = new Int32Array(this.pools * 10 * this.span);
    this.deadSet = new Uint8Array(n);
    this.faultySet = new Uint8Array(n);
    for (const k of config.dead) this.deadSet[k] = 1;
    for (const k of config.faulty) this.faultySet[k] = 1;
  }

  /** The models' Init: every node initialized at view 0 (multipool: view 1), no message. */
  initial(): VState {
    const { n } = this;
    const view = new Uint8Array(n).fill(this.config.protocol === "multipool" ? 1 : 0);
    return new VState(new Uint8Array(n), view, new Uint8Array(n), new Uint32Array(this.pools * this.words));
  }

  /** The primary of a view: view mod N. */
  primary(view: number): number {
    return view % this.n;
  }

  /** Whether r leads its own view. */
  isPrimary(s: VState, r: number): boolean {
    return s.view[r]! % this.n === r;
  }

  /** Offset of the pool node r reads. */
  poolOf(r: number): number {
    return this.local ? r * this.words : 0;
  }

  /** Whether message k (−1: none) is in the pool r reads. */
  has(s: VState, r: number, k: number): boolean {
    return k >= 0 && (s.pools[this.poolOf(r) + (k >>> 5)]! & (1 << (k & 31))) !== 0;
  }

  /** Node r sends message k: it lands in the shared pool, or in r's own pool (local). */
  send(s: VState, r: number, type: number, view: number, target = 0, source = 0): void {
    if (this.config.protocol === "ccv" ? target > this.maxView + 1 : view > this.maxView) this.beyond = true;
    const k = this.u.id(type, r, view, target, source);
    s.pools[this.poolOf(r) + (k >>> 5)]! |= 1 << (k & 31);
  }

  /** Message k joins node r's pool (local pools: a delivery). */
  deliver(s: VState, r: number, k: number): void {
    s.pools[this.poolOf(r) + (k >>> 5)]! |= 1 << (k & 31);
  }

  // A summary of each pool of the state whose steps are being listed: per (type, view) the number of
  // messages and the mask of their senders. Guards ask the same counts many times per state.
  private summaryOf: VState | null = null;
  private readonly span: number;
  private readonly summaryReady: Uint8Array;
  private readonly summaryCount: Int32Array;
  private readonly summarySenders: Int32Array;

  private summarise(s: VState, p: number): void {
    const { u, span } = this;
    const at = p * 10 * span;
    this.summaryCount.fill(0, at, at + 10 * span);
    this.summarySenders.fill(0, at, at + 10 * span);
    const base = p * this.words;
    for (let w = 0; w < this.words; w++) {
      let x = s.pools[base + w]!;
      while (x !== 0) {
        const k = (w << 5) | (31 - Math.clz32(x & -x));
        x &= x - 1;
        const cell = at + u.type[k]! * span + u.view[k]!;
        this.summaryCount[cell]!++;
        this.summarySenders[cell]! |= 1 << u.sender[k]!;
      }
    }
    this.summaryReady[p] = 1;
  }

  /** The summary offset of r's pool in s, or −1 when s is not the state being listed. */
  private summaryAt(s: VState, r: number): number {
    if (s !== this.summaryOf) return -1;
    const p = this.local ? r : 0;
    if (this.summaryReady[p] === 0) this.summarise(s, p);
    return p * 10 * this.span;
  }

  /** Messages (not senders) in r's pool whose type is in `types` (a bit mask of type codes) with view `view`. */
  count(s: VState, r: number, types: number, view: number): number {
    const at = this.summaryAt(s, r);
    if (at >= 0) {
      if (view >= this.span) return 0;
      let c = 0;
      for (let t = types; t !== 0; t &= t - 1) c += this.summaryCount[at + (31 - Math.clz32(t & -t)) * this.span + view]!;
      return c;
    }
    const { u } = this;
    const base = this.poolOf(r);
    let c = 0;
    for (let w = 0; w < this.words; w++) {
      let x = s.pools[base + w]!;
      while (x !== 0) {
        const k = (w << 5) | (31 - Math.clz32(x & -x));
        x &= x - 1;
        if ((types & (1 << u.type[k]!)) !== 0 && u.view[k] === view) c++;
      }
    }
    return c;
  }

  /** Distinct senders with a message in r's pool of a type in `types` and a view ≥ minView (or = exactView when given). */
  senders(s: VState, r: number, types: number, minView: number, exactView = -1): number {
    const at = this.summaryAt(s, r);
    if (at >= 0) {
      let seen = 0;
      const from = exactView >= 0 ? exactView : minView;
      const to = exactView >= 0 ? Math.min(exactView, this.span - 1) : this.span - 1;
      for (let t = types; t !== 0; t &= t - 1) {
        const row = at + (31 - Math.clz32(t & -t)) * this.span;
        for (let v = from; v <= to; v++) seen |= this.summarySenders[row + v]!;
      }
      return popcount(seen);
    }
    const { u } = this;
    const base = this.poolOf(r);
    let seen = 0;
    for (let w = 0; w < this.words; w++) {
      let x = s.pools[base + w]!;
      while (x !== 0) {
        const k = (w << 5) | (31 - Math.clz32(x & -x));
        x &= x - 1;
        if ((types & (1 << u.type[k]!)) === 0) continue;
        const v = u.view[k]!;
        if (exactView >= 0 ? v === exactView : v >= minView) seen |= 1 << u.sender[k]!;
      }
    }
    return popcount(seen);
  }

  /** Nodes of a type. */
  countType(s: VState, type: number): number {
    let c = 0;
    for (let r = 0; r < this.n; r++) if (s.type[r] === type) c++;
    return c;
  }

  /** Nodes that accepted the block. */
  accepted(s: VState): number {
    return this.countType(s, ACCEPTED);
  }

  /** Bad or dead: the node follows no honest rule. */
  isFaulty(s: VState, r: number): boolean {
    return s.type[r] === BAD || s.type[r] === DEAD;
  }

  /** The models' state constraint (MaxViewConstraint); messages are checked as they are sent. */
  withinBounds(s: VState): boolean {
    if (this.beyond) return false;
    for (let r = 0; r < this.n; r++) if (s.view[r]! > this.maxView) return false;
    return this.config.protocol !== "multipool" || undelivered(this, s) <= (this.config.undelivered ?? DEFAULT_UNDELIVERED);
  }

  /**
   * The safety invariant: InvTwoBlocksAccepted (accepted nodes share one view), or for ccv
   * InvTwoBlocksAcceptedAdvanced (they share one source view). Returns the two nodes that break it, or null.
   */
  fork(s: VState): [number, number] | null {
    const key = this.config.protocol === "ccv" ? s.acc : s.view;
    let first = -1;
    for (let r = 0; r < this.n; r++) {
      if (s.type[r] !== ACCEPTED) continue;
      if (first < 0) first = r;
      else if (key[r] !== key[first]) return [first, r];
    }
    return null;
  }

  /** The run reached its goal: M accepted (the Liveness property; multipool's Terminating stutters from 1). */
  done(s: VState): boolean {
    return this.accepted(s) >= this.m;
  }

  /** Step codes of the last stepCodes() call: rule | node << 6 | (arg + 1) << 10. */
  codes = new Int32Array(4096);
  private ncodes = 0;
  private codeBase = 0;

  /** Records an enabled instance (called by the rules' `instances`). */
  add(arg: number): void {
    if (this.ncodes === this.codes.length) {
      // Wide scopes (local pools at N = 10) can enable more deliveries than the first buffer holds.
      const wider = new Int32Array(this.codes.length * 2);
      wider.set(this.codes);
      this.codes = wider;
    }
    this.codes[this.ncodes++] = this.codeBase | ((arg + 1) << 10);
  }

  /**
   * Fills `codes` with every enabled step of s, in rule order, then node order, then argument order;
   * returns how many. A step may still be a stutter (its successor equals s): callers compare.
   */
  stepCodes(s: VState): number {
    this.ncodes = 0;
    const { rules, n } = this;
    this.summaryOf = s;
    this.summaryReady.fill(0);
    try {
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        for (let r = 0; r < n; r++) {
          this.codeBase = i | (r << 6);
          rule.instances(this, s, r);
        }
      }
    } finally {
      this.summaryOf = null;
    }
    return this.ncodes;
  }

  /** Every enabled step of s as objects (see stepCodes). */
  steps(s: VState, out: Step[]): void {
    out.length = 0;
    const count = this.stepCodes(s);
    for (let k = 0; k < count; k++) out.push(decodeStep(this.codes[k]!));
  }

  /** Applies the step with this code to `into` (a copy of s). */
  applyCode(s: VState, code: number, into: VState): void {
    into.copyFrom(s);
    this.beyond = false;
    this.rules[code & 63]!.apply(this, into, (code >>> 6) & 15, (code >>> 10) - 1);
  }

  /** Applies a step to a copy of s; `beyond` tells whether the result left the bounds. */
  apply(s: VState, step: Step, into?: VState): VState {
    const next = into ?? s.clone();
    if (into) into.copyFrom(s);
    this.beyond = false;
    this.rules[step.rule]!.apply(this, next, step.node, step.arg);
    return next;
  }
}
