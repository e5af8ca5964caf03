import { InputError } from "../../../formulations/input-error.js";
import { type RecoveryContents, type Role, type Trace, TRACE_FORMAT, TRACE_MESSAGE_KINDS, type TraceEvent, type TraceView } from "../trace.js";
import { type Adversary, CHANGE_VIEW, COMMIT, type PlanShape, PREP_REQUEST, PREP_RESPONSE, RECOVERY_MESSAGE, RECOVERY_REQUEST } from "./adversary.js";

/**
 * dBFT 2.0 for one block height, as Neo's consensus nodes run it (../shared/spec/dbft2-protocol.md),
 * simulated event by event on integer clock ticks. Every nondeterministic choice (delays, drops,
 * Byzantine behaviour) is asked of an Adversary, so a run is replayed exactly from its seed or schedule.
 *
 * Modelled: PrepareRequest/PrepareResponse/Commit/ChangeView with Neo's acceptance rules, the commit
 * lock, "view changing" nodes refusing preparations unless more than F nodes are known committed or
 * lost, timers (primary T, backup T·2^(v+1), extended on preparations and commits), view change on M
 * ChangeViews asking for a view ≥ w, and (unless `recovery` is off) Neo's state sync: a committed node
 * whose timer fires, and any node that would ask for a view change while more than F nodes are known
 * committed or lost, sends RecoveryMessage / RecoveryRequest; a RecoveryRequest (or a ChangeView for an
 * old view) is answered by committed nodes and by the F + 1 nodes after the requester; a RecoveryMessage
 * replays the sender's ChangeViews (if it is in a later view), preparations (same view, and the receiver
 * accepts payloads) and commits (same or earlier view) through the usual handlers.
 * Left out, and said so: block sync between heights and transactions.
 *
 * Byzantine nodes run the same code without the commit lock; the adversary decides, per message and
 * recipient, whether they send it, which of two proposals a Byzantine primary shows, and whether they
 * commit without waiting for M preparations. Dead nodes do nothing from the start of the height.
 */

/** Configuration of a simulated height: nodes, faults, timing and limits. */
export interface SimConfig {
  /** Number of nodes N, 4..31. */
  readonly n: number;
  /** Node numbers (1-based) that are Byzantine / dead. */
  readonly byzantine: readonly number[];
  /** Node numbers (1-based) that are dead: they do nothing from the start of the height. */
  readonly dead: readonly number[];
  /** Block height; the primary of Neo view v is (height − v) mod N (0-based). */
  readonly height: number;
  /** Views 0..maxViews−1 may be entered; a node reaching view maxViews ends the run ("horizon"). */
  readonly maxViews: number;
  /** Block time T in ticks. */
  readonly blockTime: number;
  /** Largest message delay in ticks; the adversary's answers are clamped to it. */
  readonly maxDelay: number;
  /** Messages between two honest nodes are never dropped (the liveness assumption). */
  readonly eventualDelivery: boolean;
  /** Build the trace of the run (slower; off while searching). */
  readonly record: boolean;
  /** Model RecoveryRequest/RecoveryMessage (default on). */
  readonly recovery?: boolean;
  /**
   * Whether the others count dead nodes as lost (Neo: not seen since before the previous height). Off by
   * default: a node that crashed during this height was seen at the previous one, so it is not counted.
   */
  readonly deadCountAsLost?: boolean;
}

/** How a run ended; see {@link SimResult.outcome}. */
export type Outcome = "decided" | "locked" | "stalled" | "horizon";

/** The result of one simulated height. */
export interface SimResult {
  /**
   * decided: an honest node relayed a block, and either every live honest node did or nothing changes
   * any more. locked: nothing can change any more (see `lockWindow`), no honest node has a block and no
   * node is Byzantine, so no block can ever be produced. stalled: the same with Byzantine nodes, whose
   * future choices could still change things (not a proof of a lock). horizon: the view or time limit.
   */
  readonly outcome: Outcome;
  /** Block (as `v<view>` or `v<view>b` for a Byzantine primary's second proposal) relayed by each node, or null. */
  readonly blocks: readonly (string | null)[];
  /** Two honest nodes relayed different blocks. */
  readonly fork: boolean;
  /** Number of honest nodes that relayed a block. */
  readonly honestBlocks: number;
  /** Clock tick at which the run ended. */
  readonly time: number;
  /** Messages delivered during the run (timers not counted). */
  readonly deliveries: number;
  /** Highest Neo view a live node entered. */
  readonly maxView: number;
  /** The run's trace when `record` was set, else null. */
  readonly trace: Trace | null;
}

const HONEST = 0;
const BYZANTINE = 1;
const DEAD = 2;
const TIMER = 9;

/** A binary heap of events ordered by (time, sequence), stored in parallel typed arrays. */
class EventQueue {
  size = 0;
  private cap = 1024;
  time = new Int32Array(this.cap);
  seq = new Int32Array(this.cap);
  type = new Int32Array(this.cap);
  from = new Int32Array(this.cap);
  to = new Int32Array(this.cap);
  view = new Int32Array(this.cap);
  val = new Int32Array(this.cap);
  sent = new Int32Array(this.cap);
  private counter = 0;

  clear(): void {
    this.size = 0;
    this.counter = 0;
  }

  private grow(): void {
    this.cap *= 2;
    for (const k of ["time", "seq", "type", "from", "to", "view", "val", "sent"] as const) {
      const next = new Int32Array(this.cap);
      next.set(this[k]);
      this[k] = next;
    }
  }

  private less(a: number, b: number): boolean {
    return this.time[a]! < this.time[b]! || (this.time[a] === this.time[b] && this.seq[a]! < this.seq[b]!);
  }

  private swap(a: number, b: number): void {
    for (const arr of [this.time, this.seq, this.type, this.from, this.to, this.view, this.val, this.sent]) {
      const t = arr[a]!;
      arr[a] = arr[b]!;
      arr[b] = t;
    }
  }

  push(time: number, type: number, from: number, to: number, view: number, val: number, sent: number): void {
    if (this.size === this.cap) this.grow();
    let k = this.size++;
    this.time[k] = time;
    this.seq[k] = this.counter++;
    this.type[k] = type;
    this.from[k] = from;
    this.to[k] = to;
    this.view[k] = view;
    this.val[k] = val;
    this.sent[k] = sent;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.less(k, parent)) break;
      this.swap(k, parent);
      k = parent;
    }
  }

  /** Moves the smallest event to slot `size` (read it there), shrinking the heap. */
  pop(): number {
    const last = --this.size;
    this.swap(0, last);
    let k = 0;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= last) break;
      const r = l + 1;
      const c = r < last && this.less(r, l) ? r : l;
      if (!this.less(c, k)) break;
      this.swap(c, k);
      k = c;
    }
    return last;
  }

  hasMessages(): boolean {
    for (let k = 0; k < this.size; k++) if (this.type[k] !== TIMER) return true;
    return false;
  }
}

/** The shape of the Byzantine strategy tables for a configuration. */
export function planShape(c: SimConfig): PlanShape {
  return { n: c.n, byzantine: [...c.byzantine].sort((a, b) => a - b).map((k) => k - 1), views: c.maxViews };
}

/**
 * Throws InputError on a simulator configuration the simulator cannot run (N outside 4..31, bad or overlapping
 * Byzantine and dead lists, no honest node, views outside 1..24, bad times).
 */
export function checkSimConfig(c: SimConfig): void {
  if (!Number.isInteger(c.n) || c.n < 4 || c.n > 31) throw new InputError(`N must be an integer from 4 to 31 (got ${c.n})`);
  for (const k of [...c.byzantine, ...c.dead]) if (!Number.isInteger(k) || k < 1 || k > c.n) throw new InputError(`node ${k} is not a node of N=${c.n}`);
  if (new Set([...c.byzantine, ...c.dead]).size !== c.byzantine.length + c.dead.length) throw new InputError("a node cannot be both Byzantine and dead, nor listed twice");
  if (c.byzantine.length + c.dead.length >= c.n) throw new InputError("at least one node must be honest");
  if (!Number.isInteger(c.maxViews) || c.maxViews < 1 || c.maxViews > 24) throw new InputError(`views must be an integer from 1 to 24 (got ${c.maxViews})`);
  if (!(c.blockTime >= 1) || !(c.maxDelay >= 0)) throw new InputError("block time must be >= 1 tick and the maximum delay >= 0");
}

/** A reusable simulator: its arrays are allocated once and reset at each run. */
export class DbftSimulator {
  /** Number of nodes N. */
  readonly n: number;
  /** Faults tolerated, F = ⌊(N−1)/3⌋. */
  readonly f: number;
  /** Quorum M = 2F+1. */
  readonly m: number;
  private readonly role: Uint8Array;
  private readonly failed: number;
  private readonly q = new EventQueue();
  private readonly view: Int32Array;
  private readonly req: Int32Array;
  private readonly prep: Int32Array;
  private readonly commitView: Int32Array;
  private readonly commitHash: Int32Array;
  private readonly cv: Int32Array;
  private readonly committed: Int32Array;
  private readonly block: Int32Array;
  private readonly timerSeq: Int32Array;
  private readonly timerDue: Int32Array;
  private now = 0;
  private lastChange = 0;
  private deliveries = 0;
  private horizon = false;
  private adv!: Adversary;
  private events: TraceEvent[] | null = null;
  private readonly recovery: boolean;
  /** Frozen states carried by RecoveryMessages of the current run (message value = index). */
  private snapshots: Int32Array[] = [];
  private readonly primaryAnnounced: Uint8Array;

  /** @param config - The configuration, checked by checkSimConfig (throws InputError); fixed for the simulator's life. */
  constructor(readonly config: SimConfig) {
    checkSimConfig(config);
    const n = (this.n = config.n);
    this.f = Math.floor((n - 1) / 3);
    this.m = 2 * this.f + 1;
    this.role = new Uint8Array(n);
    for (const k of config.byzantine) this.role[k - 1] = BYZANTINE;
    for (const k of config.dead) this.role[k - 1] = DEAD;
    this.failed = config.deadCountAsLost ? config.dead.length : 0;
    this.recovery = config.recovery ?? true;
    this.view = new Int32Array(n);
    this.req = new Int32Array(n);
    this.prep = new Int32Array(n * n);
    this.commitView = new Int32Array(n * n);
    this.commitHash = new Int32Array(n * n);
    this.cv = new Int32Array(n * n);
    this.committed = new Int32Array(n);
    this.block = new Int32Array(n);
    this.timerSeq = new Int32Array(n);
    this.timerDue = new Int32Array(n);
    this.primaryAnnounced = new Uint8Array(config.maxViews + 1);
  }

  /** The primary of Neo view `view` (0-based), as a 0-based node index: (height − view) mod N. */
  primaryOf(view: number): number {
    return (((this.config.height - view) % this.n) + this.n) % this.n;
  }

  /** How long nothing may change before the state counts as locked: every timer has fired again and its messages arrived. */
  private lockWindow(): number {
    let top = 0;
    for (let i = 0; i < this.n; i++) if (this.role[i] !== DEAD && this.view[i]! > top) top = this.view[i]!;
    return (this.config.blockTime << (top + 2)) + this.config.maxDelay + 1;
  }

  /** Runs one height from a fresh state, asking `adversary` for every nondeterministic choice. */
  run(adversary: Adversary): SimResult {
    const { n, config } = this;
    this.adv = adversary;
    this.q.clear();
    this.view.fill(0);
    this.req.fill(-1);
    this.prep.fill(-1);
    this.commitView.fill(-1);
    this.commitHash.fill(-1);
    this.cv.fill(-1);
    this.committed.fill(-1);
    this.block.fill(-1);
    this.timerSeq.fill(0);
    this.primaryAnnounced.fill(0);
    this.now = 0;
    this.lastChange = 0;
    this.deliveries = 0;
    this.horizon = false;
    this.events = config.record ? [] : null;
    this.snapshots = [];
    const maxTime = (config.blockTime << (config.maxViews + 3)) * 4 + config.maxDelay * 64;
    const noByzantine = config.byzantine.length === 0;

    for (let i = 0; i < n; i++) if (this.role[i] !== DEAD) this.startView(i, 0, -1);
    let outcome: Outcome = "horizon";
    while (this.q.size > 0) {
      const k = this.q.pop();
      const q = this.q;
      this.now = q.time[k]!;
      if (this.now > maxTime) break;
      if (q.type[k] === TIMER) {
        const i = q.to[k]!;
        if (q.val[k] === this.timerSeq[i]) this.onTimer(i);
      } else {
        this.deliveries++;
        this.onMessage(q.to[k]!, q.from[k]!, q.type[k]!, q.view[k]!, q.val[k]!, q.sent[k]!);
      }
      if (this.horizon) break;
      if (this.allHonestDecided()) {
        outcome = "decided";
        break;
      }
      if (this.now - this.lastChange > config.blockTime << 2 && this.now - this.lastChange > this.lockWindow()) {
        outcome = this.anyHonestBlock() ? "decided" : noByzantine ? "locked" : "stalled";
        break;
      }
    }
    return this.result(outcome);
  }

  private allHonestDecided(): boolean {
    for (let i = 0; i < this.n; i++) if (this.role[i] === HONEST && this.block[i]! < 0) return false;
    return true;
  }

  private anyHonestBlock(): boolean {
    for (let i = 0; i < this.n; i++) if (this.role[i] === HONEST && this.block[i]! >= 0) return true;
    return false;
  }

  private result(outcome: Outcome): SimResult {
    const blocks: (string | null)[] = [];
    const honest = new Set<number>();
    let maxView = 0;
    for (let i = 0; i < this.n; i++) {
      const b = this.block[i]!;
      blocks.push(b < 0 ? null : blockName(b));
      if (this.role[i] === HONEST && b >= 0) honest.add(b);
      if (this.role[i] !== DEAD) maxView = Math.max(maxView, this.view[i]!);
    }
    let honestBlocks = 0;
    for (let i = 0; i < this.n; i++) if (this.role[i] === HONEST && this.block[i]! >= 0) honestBlocks++;
    return { outcome, blocks, fork: honest.size > 1, honestBlocks, time: this.now, deliveries: this.deliveries, maxView, trace: this.events ? this.buildTrace(outcome) : null };
  }

  // ---- protocol ------------------------------------------------------------------------------

  private changed(i: number): void {
    if (this.role[i] !== DEAD) this.lastChange = this.now;
  }

  private setTimer(i: number, delay: number): void {
    const seq = ++this.timerSeq[i]!;
    this.timerDue[i] = this.now + delay;
    this.q.push(this.now + delay, TIMER, i, i, 0, seq, 0);
  }

  private isCommitted(i: number): boolean {
    // Byzantine nodes ignore the commit lock.
    return this.role[i] === HONEST && this.committed[i]! >= 0;
  }

  private moreThanFCommittedOrLost(i: number): boolean {
    let committed = 0;
    const base = i * this.n;
    for (let j = 0; j < this.n; j++) if (this.commitView[base + j]! >= 0) committed++;
    return committed + this.failed > this.f;
  }

  private viewChanging(i: number): boolean {
    return this.cv[i * this.n + i]! > this.view[i]!;
  }

  /** InitializeConsensus: enter `view` (from `from`, or -1 at the start of the height). */
  private startView(i: number, view: number, from: number): void {
    const { n } = this;
    if (view >= this.config.maxViews) {
      this.horizon = true;
      return;
    }
    this.view[i] = view;
    this.req[i] = -1;
    this.prep.fill(-1, i * n, i * n + n);
    this.changed(i);
    if (this.events) {
      if (from >= 0) this.events.push({ type: "change_view", time: this.now, view: from + 1, node: i + 1, newView: view + 1 });
      const p = this.primaryOf(view);
      if (p === i) this.events.push({ type: "primary", time: this.now, view: view + 1, node: i + 1 });
    }
    this.setTimer(i, this.primaryOf(view) === i ? this.config.blockTime : this.config.blockTime << (view + 1));
  }

  private extendTimer(i: number, factor: number): void {
    if (this.viewChanging(i) || this.isCommitted(i)) return;
    const next = this.timerDue[i]! - this.now + Math.ceil((factor * this.config.blockTime) / this.m);
    if (next > 0) this.setTimer(i, next);
  }

  private onTimer(i: number): void {
    if (this.block[i]! >= 0) return;
    const view = this.view[i]!;
    if (this.primaryOf(view) === i && this.req[i]! < 0) {
      this.sendPrepareRequest(i);
      return;
    }
    if (this.isCommitted(i)) {
      // Re-send what we know (our commit among it) in case the network lost it.
      if (this.recovery) this.broadcast(i, RECOVERY_MESSAGE, view, this.snapshot(i));
      this.setTimer(i, this.config.blockTime << 1);
      return;
    }
    // RequestChangeView: always one view more than the current one.
    const expected = view + 1;
    this.setTimer(i, this.config.blockTime << (expected + 1));
    if (this.role[i] === HONEST && this.moreThanFCommittedOrLost(i)) {
      // A view change cannot gather M nodes any more: ask for the others' state instead.
      if (this.recovery) this.broadcast(i, RECOVERY_REQUEST, view, 0);
      return;
    }
    this.sendChangeView(i);
    this.checkExpectedView(i, expected);
  }

  private sendPrepareRequest(i: number): void {
    const view = this.view[i]!;
    const hash = view * 2;
    this.req[i] = hash;
    this.prep[i * this.n + i] = hash;
    this.changed(i);
    this.broadcast(i, PREP_REQUEST, view, hash);
    // Neo: the primary then waits T·2^(v+1), less the block time already waited in view 0.
    this.setTimer(i, (this.config.blockTime << (view + 1)) - (view === 0 ? this.config.blockTime : 0));
    this.checkPreparations(i);
  }

  private sendChangeView(i: number): void {
    const expected = this.view[i]! + 1;
    const own = i * this.n + i;
    if (this.cv[own]! < expected) {
      this.cv[own] = expected;
      this.changed(i);
    }
    this.broadcast(i, CHANGE_VIEW, this.view[i]!, expected);
  }

  private sendCommit(i: number): void {
    const view = this.view[i]!;
    const hash = this.req[i]!;
    this.committed[i] = view;
    const own = i * this.n + i;
    this.commitView[own] = view;
    this.commitHash[own] = hash;
    this.changed(i);
    if (this.events) this.events.push({ type: "commit", time: this.now, view: view + 1, node: i + 1, block: blockName(hash) });
    this.broadcast(i, COMMIT, view, hash);
    this.checkCommits(i);
  }

  private checkPreparations(i: number): void {
    const hash = this.req[i]!;
    if (hash < 0) return;
    if (this.committed[i] === this.view[i] || this.isCommitted(i)) return;
    const base = i * this.n;
    let count = 0;
    for (let j = 0; j < this.n; j++) if (this.prep[base + j] === hash) count++;
    if (count >= this.m) this.sendCommit(i);
  }

  private checkCommits(i: number): void {
    if (this.block[i]! >= 0) return;
    const hash = this.req[i]!;
    if (hash < 0) return;
    const view = this.view[i]!;
    const base = i * this.n;
    let count = 0;
    for (let j = 0; j < this.n; j++) if (this.commitView[base + j] === view && this.commitHash[base + j] === hash) count++;
    if (count < this.m) return;
    this.block[i] = hash;
    this.changed(i);
    if (this.events) this.events.push({ type: "relay", time: this.now, view: view + 1, node: i + 1, block: blockName(hash), number: 0 });
  }

  /** CheckExpectedView: with M ChangeViews asking for a view ≥ w, move there (asking for it too). */
  private checkExpectedView(i: number, w: number): void {
    if (this.view[i]! >= w || this.isCommitted(i)) return;
    const base = i * this.n;
    let count = 0;
    for (let j = 0; j < this.n; j++) if (this.cv[base + j]! >= w) count++;
    if (count < this.m) return;
    if (this.cv[base + i]! < w) this.sendChangeView(i);
    this.startView(i, w, this.view[i]!);
  }

  private notAcceptingPayloads(i: number): boolean {
    return this.viewChanging(i) && !this.moreThanFCommittedOrLost(i);
  }

  private onPrepareRequest(i: number, from: number, view: number, val: number): void {
    const base = i * this.n;
    if (view !== this.view[i] || from !== this.primaryOf(view) || this.req[i]! >= 0 || this.notAcceptingPayloads(i)) return;
    this.req[i] = val;
    for (let j = 0; j < this.n; j++) if (this.prep[base + j]! >= 0 && this.prep[base + j] !== val) this.prep[base + j] = -1;
    this.prep[base + from] = val;
    this.changed(i);
    this.extendTimer(i, 2);
    if (this.role[i] === BYZANTINE && this.adv.byzantineEagerCommit(i, view)) {
      this.sendCommit(i);
      return;
    }
    this.prep[base + i] = val;
    this.broadcast(i, PREP_RESPONSE, view, val);
    this.checkPreparations(i);
    this.checkCommits(i); // commits that arrived before the proposal count now
  }

  private onPrepareResponse(i: number, from: number, view: number, val: number): void {
    const base = i * this.n;
    if (view !== this.view[i] || this.prep[base + from]! >= 0 || this.notAcceptingPayloads(i)) return;
    if (this.req[i]! >= 0 && val !== this.req[i]) return;
    this.prep[base + from] = val;
    this.changed(i);
    this.extendTimer(i, 2);
    this.checkPreparations(i);
  }

  private onCommit(i: number, from: number, view: number, val: number): void {
    const base = i * this.n;
    if (this.commitView[base + from]! >= 0) return;
    if (view === this.view[i] && this.req[i]! >= 0 && val !== this.req[i]) return; // signs another block
    this.commitView[base + from] = view;
    this.commitHash[base + from] = val;
    this.changed(i);
    if (view === this.view[i]) {
      this.extendTimer(i, 4);
      this.checkCommits(i);
    }
  }

  private onChangeView(i: number, from: number, newView: number): void {
    const base = i * this.n;
    if (newView <= this.view[i]!) {
      // Neo treats a ChangeView for a view it has passed as a request for its state.
      this.onRecoveryRequest(i, from);
      return;
    }
    if (this.isCommitted(i) || this.cv[base + from]! >= newView) return;
    this.cv[base + from] = newView;
    this.changed(i);
    this.checkExpectedView(i, newView);
  }

  /** Committed nodes answer, and so do the F + 1 nodes after the requester (Neo limits the answers). */
  private onRecoveryRequest(i: number, from: number): void {
    if (!this.recovery) return;
    const distance = (i - from + this.n) % this.n;
    if (this.committed[i]! < 0 && !(distance >= 1 && distance <= this.f + 1)) return;
    this.broadcast(i, RECOVERY_MESSAGE, this.view[i]!, this.snapshot(i));
  }

  /** What node i knows, frozen for a RecoveryMessage: [view, request, cv×n, prep×n, commitView×n, commitHash×n]. */
  private snapshot(i: number): number {
    const { n } = this;
    const s = new Int32Array(2 + 4 * n);
    s[0] = this.view[i]!;
    s[1] = this.req[i]!;
    s.set(this.cv.subarray(i * n, i * n + n), 2);
    s.set(this.prep.subarray(i * n, i * n + n), 2 + n);
    if (this.committed[i]! >= 0) {
      s.set(this.commitView.subarray(i * n, i * n + n), 2 + 2 * n);
      s.set(this.commitHash.subarray(i * n, i * n + n), 2 + 3 * n);
    } else s.fill(-1, 2 + 2 * n);
    this.snapshots.push(s);
    return this.snapshots.length - 1;
  }

  /** OnRecoveryMessageReceived: replay the sender's knowledge through the usual handlers. */
  private onRecoveryMessage(i: number, id: number): void {
    const { n } = this;
    const s = this.snapshots[id]!;
    const view = s[0]!;
    if (view > this.view[i]!) {
      if (this.isCommitted(i)) return;
      for (let k = 0; k < n; k++) if (s[2 + k]! >= 0) this.onChangeView(i, k, s[2 + k]!);
    }
    if (view === this.view[i] && !this.notAcceptingPayloads(i) && !this.isCommitted(i)) {
      const primary = this.primaryOf(view);
      if (this.req[i]! < 0 && s[1]! >= 0) this.onPrepareRequest(i, primary, view, s[1]!);
      for (let k = 0; k < n; k++) if (k !== primary && s[2 + n + k]! >= 0) this.onPrepareResponse(i, k, view, s[2 + n + k]!);
    }
    if (view <= this.view[i]!) {
      for (let k = 0; k < n; k++) if (s[2 + 2 * n + k]! >= 0) this.onCommit(i, k, s[2 + 2 * n + k]!, s[2 + 3 * n + k]!);
    }
  }

  private onMessage(i: number, from: number, kind: number, view: number, val: number, sentAt: number): void {
    if (this.events) this.events.push(this.receiveEvent(i, from, kind, view, val, sentAt));
    switch (kind) {
      case PREP_REQUEST:
        return this.onPrepareRequest(i, from, view, val);
      case PREP_RESPONSE:
        return this.onPrepareResponse(i, from, view, val);
      case COMMIT:
        return this.onCommit(i, from, view, val);
      case CHANGE_VIEW:
        return this.onChangeView(i, from, val);
      case RECOVERY_REQUEST:
        return this.onRecoveryRequest(i, from);
      case RECOVERY_MESSAGE:
        return this.onRecoveryMessage(i, val);
    }
  }

  /** Sends to every other live node through the adversary; the sender handles its own copy at once. */
  private broadcast(i: number, kind: number, view: number, val: number): void {
    const { n, config } = this;
    const byzantine = this.role[i] === BYZANTINE;
    let to: number[] | undefined;
    if (this.events) {
      to = [];
      this.events.push(this.receiveEvent(i, i, kind, view, val, this.now));
    }
    for (let j = 0; j < n; j++) {
      if (j === i || this.role[j] === DEAD) continue;
      if (byzantine && !this.adv.byzantineSends(i, j, kind, view)) continue;
      const v = byzantine && kind === PREP_REQUEST ? view * 2 + (this.adv.byzantineVariant(i, j, view) & 1) : val;
      let delay = this.adv.delay(i, j, kind, view);
      if (delay < 0) {
        if (!(config.eventualDelivery && this.role[i] === HONEST && this.role[j] === HONEST)) continue;
        delay = config.maxDelay;
      }
      if (delay > config.maxDelay) delay = config.maxDelay;
      this.q.push(this.now + delay, kind, i, j, view, v, this.now);
      to?.push(j + 1);
    }
    if (this.events) {
      const everyone = to!.length === n - 1 - this.config.dead.length;
      this.events.push({ type: "send", time: this.now, view: view + 1, node: i + 1, message: TRACE_MESSAGE_KINDS[kind]!, ...this.payload(kind, val), ...(everyone ? {} : { to: to! }) });
    }
  }

  private payload(kind: number, val: number): { block?: string; newView?: number; recovery?: RecoveryContents } {
    if (kind === CHANGE_VIEW) return { newView: val + 1 };
    if (kind === RECOVERY_REQUEST) return {};
    if (kind === RECOVERY_MESSAGE) return { recovery: this.recoveryContents(val) };
    return { block: blockName(val) };
  }

  private recoveryContents(id: number): RecoveryContents {
    const { n } = this;
    const s = this.snapshots[id]!;
    const nodes = (offset: number) => Array.from({ length: n }, (_, k) => k).filter((k) => s[offset + k]! >= 0);
    return {
      view: s[0]! + 1,
      changeViews: nodes(2).map((k) => ({ node: k + 1, newView: s[2 + k]! + 1 })),
      request: s[1]! >= 0 ? blockName(s[1]!) : null,
      preparations: nodes(2 + n).map((k) => ({ node: k + 1, block: blockName(s[2 + n + k]!) })),
      commits: nodes(2 + 2 * n).map((k) => ({ node: k + 1, view: s[2 + 2 * n + k]! + 1, block: blockName(s[2 + 3 * n + k]!) })),
    };
  }

  private receiveEvent(i: number, from: number, kind: number, view: number, val: number, sentAt: number): TraceEvent {
    return { type: "receive", time: this.now, view: view + 1, node: i + 1, from: from + 1, message: TRACE_MESSAGE_KINDS[kind]!, sentAt, ...this.payload(kind, val) };
  }

  private buildTrace(outcome: Outcome): Trace {
    // Events were pushed in the order they happened (the clock never goes back), which keeps causality
    // within a tick: a send comes before the receipts it causes.
    const events = this.events!;
    let relay = 0;
    const numbered = events.map((e) => (e.type === "relay" ? { ...e, number: ++relay } : e));
    const maxView = Math.max(0, ...numbered.map((e) => (e.type === "change_view" ? e.newView : e.view)));
    const views: TraceView[] = Array.from({ length: maxView }, (_, k) => ({ view: k + 1, primary: this.primaryOf(k) + 1 }));
    const roles: Role[] = Array.from({ length: this.n }, (_, k) => (this.role[k] === BYZANTINE ? "byzantine" : this.role[k] === DEAD ? "dead" : "honest"));
    return { format: TRACE_FORMAT, source: "simulator", n: this.n, f: this.f, m: this.m, roles, tmax: null, views, events: numbered, meta: { outcome, ...(outcome === "locked" ? { lockedSince: this.lastChange } : {}), height: this.config.height, blockTime: this.config.blockTime, maxDelay: this.config.maxDelay, maxViews: this.config.maxViews, recovery: this.recovery, lostNodes: this.failed } };
  }
}

/** Proposal codes: view·2 + variant; shown as `v<view + 1>` (trace views count from 1), `b` for the second proposal. */
export function blockName(code: number): string {
  return `v${(code >> 1) + 1}${code & 1 ? "b" : ""}`;
}
