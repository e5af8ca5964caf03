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
    readonly type: Uint8Array,
    readonly view: Uint8Array,
    /** ccv: source view of the accepted block (the models' `blockAccepted`); 0 elsewhere. */
    readonly acc: Uint8Array,
    /** One message bitset (shared pool) or one per node (local pools), `words` words each. */
    readonly pools: Uint32Array,
  ) {}

  clone(): VState {
    return new VState(this.type.slice(), this.view.slice(), this.acc.slice(), this.pools.slice());
  }

  copyFrom(o: VState): void {
    this.type.set(o.type);
    this.view.set(o.view);
    this.acc.set(o.acc);
    this.pools.set(o.pools);
  }
}

/** A fired rule: which rule, at which node, with which argument (−1 when the rule takes none). */
export interface Step {
  readonly rule: number;
  readonly node: number;
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
  readonly n: number;
  readonly f: number;
  readonly m: number;
  readonly maxView: number;
  readonly u: MessageUniverse;
  readonly rules: readonly Rule[];
  /** Pools in a state: 1 (shared) or n (local). */
  readonly pools: number;
  /** Words per pool. */
  readonly words: number;
  readonly local: boolean;
  readonly deadSet: Uint8Array;
  readonly faultySet: Uint8Array;
  /** Set by send() when a message leaves the bounds (checked by withinBounds). */
  beyond = false;

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

  primary(view: number): number {
    return view % this.n;
  }

  isPrimary(s: VState, r: number): boolean {
    return s.view[r]! % this.n === r;
  }

  /** Offset of the pool node r reads. */
  poolOf(r: number): number {
    return this.local ? r * this.words : 0;
  }

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

  /** Messages (not senders) in r's pool whose type is in `types` (a bit mask of type codes) with view `view`. */
  count(s: VState, r: number, types: number, view: number): number {
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

  /** Distinct senders with a message in r's pool of a type in `types` and a view ≥ minView (any view when minView < 0... use 0). */
  senders(s: VState, r: number, types: number, minView: number, exactView = -1): number {
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
  readonly codes = new Int32Array(4096);
  private ncodes = 0;
  private codeBase = 0;

  /** Records an enabled instance (called by the rules' `instances`). */
  add(arg: number): void {
    this.codes[this.ncodes++] = this.codeBase | ((arg + 1) << 10);
  }

  /**
   * Fills `codes` with every enabled step of s, in rule order, then node order, then argument order;
   * returns how many. A step may still be a stutter (its successor equals s): callers compare.
   */
  stepCodes(s: VState): number {
    this.ncodes = 0;
    const { rules, n } = this;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      for (let r = 0; r < n; r++) {
        this.codeBase = i | (r << 6);
        rule.instances(this, s, r);
      }
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
