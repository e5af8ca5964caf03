/**
 * `rpca`: a round-based Ripple consensus simulator (spec unl.md §2b), written from rippled's consensus rules
 * (ConsensusParms, shouldCloseLedger, DisputedTx::updateVote, checkConsensus) and csf's peer logic
 * (validations, fully-validated ledgers, preferred-ledger switches). Event-driven, integer ms, ties in
 * creation order: a seed gives the same run, bit for bit.
 *
 * Simplifications, each deliberate: close-time voting is not modelled; transaction sets are available by id;
 * a transaction reaches validator j at submit time + latency(origin, j); a validator's own proposal and
 * validation count for it only when its UNL names it (our generators never do, csf's peers always trust
 * themselves), which keeps the counting bound of §3 exact; rippled's "Expired" state (abandoning a round
 * after 120 s) is not modelled, so a round that cannot finish shows as a stall.
 */
import { quorum } from "../../formulations/unl/config.js";
import { EventQueue } from "../shared/event-queue.js";
import { Prng } from "../shared/prng.js";
import { Ledgers, TxSets } from "./rpca-ledgers.js";
import { arrivalAt, buildRpcaNetwork, clientTransactions, injectPrivate, type RpcaNetwork, type TxLog } from "./rpca-network.js";
import { avalancheThreshold, consensusReached, convergePercent, shouldCloseLedger, voteWeight } from "./rpca-rules.js";
import { collectResult, countedFor, type RunRecord } from "./rpca-result.js";
import type { RpcaConfig, RpcaResult } from "./rpca-types.js";

export type { RpcaConfig, RpcaResult } from "./rpca-types.js";

/** Transactions older than this are never proposed again (they expire). */
const TX_WINDOW = 60_000;

type Event =
  | { readonly k: "tick"; readonly node: number }
  | { readonly k: "prop"; readonly to: number; readonly from: number; readonly prev: number; readonly set: number; readonly pseq: number }
  | { readonly k: "val"; readonly to: number; readonly from: number; readonly ledger: number };

interface Position {
  prev: number;
  set: number;
  pseq: number;
}

class Validator {
  lcl = 0;
  fv = 0;
  open = true;
  openStart = 0;
  closeTime = 0;
  lastClose = 0;
  prevRoundTime: number;
  prevProposers = 0;
  set = -1;
  pseq = 0;
  /** Latest proposal of each trusted peer per previous ledger (rippled keeps a round's positions apart). */
  readonly peer = new Map<number, Map<number, Position>>();
  /** seq → validator → ledger, first seen. */
  readonly valAt = new Map<number, Map<number, number>>();
  /** Trusted validations per ledger. */
  readonly count = new Map<number, number>();
  readonly latest: Int32Array;
  readonly latestSeq: Int32Array;
  validatedSeq = 0;
  readonly fvTimes: number[] = [0];
  /** Contrarian only: the last position it sent. */
  sent: Position | null = null;

  constructor(n: number, idle: number) {
    this.prevRoundTime = idle;
    this.latest = new Int32Array(n).fill(-1);
    this.latestSeq = new Int32Array(n).fill(-1);
  }
}

/** Runs the round-based simulator until an honest validator fully validates seq `c.ledgers`, `c.maxTime` passes or no event is left. */
export function runRpca(c: RpcaConfig): RpcaResult {
  return new RpcaRun(c).run();
}

class RpcaRun {
  private readonly n: number;
  private readonly net: RpcaNetwork;
  private readonly txs: TxLog;
  private readonly clientCount: number;
  private readonly privateTxs: number[] = [];
  private readonly sets = new TxSets();
  private readonly ledgers = new Ledgers(this.sets);
  private readonly queue = new EventQueue<Event>();
  private readonly v: Validator[];
  private readonly q: number[];
  private readonly honest: boolean[];
  private readonly equivocators: number[];
  private now = 0;
  private lowWater = 0;
  private readonly rec: RunRecord;
  /** Equivocation bookkeeping: each side's representative proposer per previous ledger, the seqs validated to each side. */
  private readonly eqRep: Map<number, number>[] = [new Map(), new Map()];
  private readonly eqValidated: Set<number>[][];
  private readonly injected = new Set<number>();

  constructor(private readonly c: RpcaConfig) {
    this.n = c.unls.length;
    const rng = new Prng(c.seed >>> 0);
    this.net = buildRpcaNetwork(c, rng);
    this.txs = clientTransactions(c, rng, c.maxTime);
    this.clientCount = this.txs.submit.length;
    this.honest = c.byzantine.map((b) => !b);
    this.q = c.unls.map((u) => quorum(u.length, c.quorumPct));
    this.v = c.unls.map(() => new Validator(this.n, c.timing.ledgerIdleInterval));
    this.equivocators = c.byzKind === "equivocate" ? c.byzantine.flatMap((b, i) => (b ? [i] : [])) : [];
    this.eqValidated = this.equivocators.map(() => [new Set(), new Set()]);
    this.rec = {
      acceptedAt: new Map(),
      acceptedBy: new Map(),
      validatedBy: new Map(),
      firstFvAt: new Map(),
      forks: [],
      fvHolders: new Map(),
      closeToAccept: [],
      jumps: 0,
      equivocationsSeen: 0,
      messages: 0,
      rounds: 0,
      maxFvSeq: 0,
    };
  }

  run(): RpcaResult {
    const c = this.c;
    this.injectPair(1);
    for (let i = 0; i < this.n; i++) {
      const ticks = this.honest[i] || c.byzKind === "contrarian";
      if (ticks) this.queue.push(this.net.tickOffset[i], { k: "tick", node: i });
    }
    while (this.queue.size > 0 && this.queue.peekTime() <= c.maxTime && this.rec.maxFvSeq < c.ledgers) {
      this.now = this.queue.peekTime();
      const e = this.queue.pop();
      if (e.k === "tick") this.tick(e.node);
      else if (e.k === "prop") this.onProposal(e.to, e.from, { prev: e.prev, set: e.set, pseq: e.pseq });
      else this.onValidation(e.to, e.from, e.ledger);
    }
    const end = this.rec.maxFvSeq >= c.ledgers ? this.now : c.maxTime;
    return collectResult(c, this.ledgers, this.honest, this.v, this.rec, end);
  }

  // ---------------------------------------------------------------- messages

  private send(from: number, make: (to: number) => Event, only?: (to: number) => boolean): void {
    const lat = this.net.latency;
    for (const to of this.net.listeners[from]) {
      if (to === from || (only && !only(to))) continue;
      if (this.c.byzantine[to] && this.c.byzKind !== "contrarian") continue;
      this.queue.push(this.now + lat[from * this.n + to], make(to));
    }
  }

  private propose(i: number): void {
    const me = this.v[i];
    const p = { prev: me.lcl, set: me.set, pseq: me.pseq };
    this.send(i, (to) => ({ k: "prop", to, from: i, ...p }));
    this.equivocateProposal(i, p);
  }

  private onProposal(to: number, from: number, p: Position): void {
    this.rec.messages++;
    const byPrev = this.v[to].peer;
    let peer = byPrev.get(p.prev);
    if (!peer) byPrev.set(p.prev, (peer = new Map()));
    const old = peer.get(from);
    if (old && old.pseq >= p.pseq) return;
    peer.set(from, p);
  }

  private onValidation(to: number, from: number, ledger: number): void {
    this.rec.messages++;
    this.countValidation(to, from, ledger);
  }

  private trusts(i: number, v: number): boolean {
    return this.net.trusts[i][v] === 1;
  }

  /** Receivers count UNL members only, first seen per (validator, seq); a different later one is an equivocation. */
  private countValidation(i: number, from: number, ledger: number): void {
    if (!this.trusts(i, from)) return;
    const me = this.v[i];
    const seq = this.ledgers.get(ledger).seq;
    let at = me.valAt.get(seq);
    if (!at) me.valAt.set(seq, (at = new Map()));
    const seen = at.get(from);
    if (seen !== undefined) {
      if (seen !== ledger) this.rec.equivocationsSeen++;
      return;
    }
    at.set(from, ledger);
    if (seq > me.latestSeq[from]) {
      me.latestSeq[from] = seq;
      me.latest[from] = ledger;
    }
    const count = (me.count.get(ledger) ?? 0) + 1;
    me.count.set(ledger, count);
    if (count >= this.q[i] && seq > this.ledgers.get(me.fv).seq && this.ledgers.isAncestorOrSelf(me.fv, ledger)) this.fullyValidate(i, ledger);
  }

  private fullyValidate(i: number, ledger: number): void {
    const me = this.v[i];
    // Every validator that fully validated a ledger at a fork seq, for P2's check of every pair.
    const seqOf = this.ledgers.get(ledger).seq;
    let holders = this.rec.fvHolders.get(seqOf);
    if (!holders) this.rec.fvHolders.set(seqOf, (holders = new Map()));
    (holders.get(ledger) ?? holders.set(ledger, []).get(ledger)!).push(i);
    me.fv = ledger;
    me.fvTimes.push(this.now);
    const r = this.rec;
    r.validatedBy.set(ledger, (r.validatedBy.get(ledger) ?? 0) + 1);
    const seq = this.ledgers.get(ledger).seq;
    if (seq > r.maxFvSeq) r.maxFvSeq = seq;
    const first = r.firstFvAt.get(seq);
    if (!first) r.firstFvAt.set(seq, { validator: i, ledger, forked: false });
    else if (first.ledger !== ledger && !first.forked) {
      first.forked = true;
      r.forks.push({
        kind: "same-seq",
        seq,
        a: { validator: first.validator, ledger: first.ledger, seq, counted: this.counted(first.validator, first.ledger) },
        b: { validator: i, ledger, seq, counted: this.counted(i, ledger) },
        timeMs: this.now,
      });
    }
  }

  private counted(i: number, ledger: number): number[] {
    return countedFor(this.v[i], this.ledgers, ledger);
  }

  // ---------------------------------------------------------------- rounds

  private tick(i: number): void {
    this.queue.push(this.now + this.c.timing.ledgerGranularity, { k: "tick", node: i });
    if (!this.honest[i]) {
      this.contrarianTick(i);
      return;
    }
    this.checkLedger(i);
    const me = this.v[i];
    if (me.open) {
      if (this.shouldClose(i)) this.closeLedger(i);
      return;
    }
    const roundTime = this.now - me.closeTime;
    const t = this.c.timing;
    if (roundTime < t.ledgerMinConsensus) return;
    const pct = convergePercent(roundTime, me.prevRoundTime, t.avMinConsensusTime);
    this.updatePosition(i, pct);
    this.checkConsensus(i, roundTime);
  }

  /** rippled's shouldCloseLedger. */
  private shouldClose(i: number): boolean {
    const me = this.v[i];
    const t = this.c.timing;
    const closed = me.peer.get(me.lcl)?.size ?? 0;
    const validated = me.count.get(me.lcl) ?? 0;
    if (closed + validated > Math.floor(me.prevProposers / 2)) return true; // before computing the open set: cheaper
    return shouldCloseLedger({
      prevProposers: me.prevProposers,
      proposersClosed: closed,
      proposersValidated: validated,
      anyTransactions: this.openSet(i).length > 0,
      openTime: this.now - me.openStart,
      sincePrevClose: this.now - me.lastClose,
      prevRoundTime: me.prevRoundTime,
      ledgerMinClose: t.ledgerMinClose,
      idleInterval: t.ledgerIdleInterval,
    });
  }

  /** Transactions i has seen that its chain lacks; of a double-spend pair, the one it saw first. */
  private openSet(i: number): number[] {
    const since = this.now - TX_WINDOW;
    const log = this.txs;
    while (this.lowWater < this.clientCount && log.submit[this.lowWater] < since) this.lowWater++;
    const inChain = this.ledgers.txsInChain(this.v[i].lcl, (tx) => log.submit[tx], since);
    const out: number[] = [];
    for (let tx = this.lowWater; tx < this.clientCount && log.submit[tx] <= this.now; tx++) {
      if (!inChain.has(tx) && arrivalAt(log, this.net, tx, i) <= this.now) out.push(tx);
    }
    for (const tx of this.privateTxs) {
      if (log.submit[tx] < since || inChain.has(tx)) continue;
      const at = arrivalAt(log, this.net, tx, i);
      if (at > this.now) continue;
      const other = log.conflict.get(tx)!;
      if (inChain.has(other)) continue;
      const atOther = arrivalAt(log, this.net, other, i);
      if (atOther < at || (atOther === at && other < tx)) continue;
      out.push(tx);
    }
    return out;
  }

  private closeLedger(i: number): void {
    const me = this.v[i];
    me.set = this.sets.intern(this.openSet(i));
    me.pseq = 0;
    me.open = false;
    me.closeTime = this.now;
    me.lastClose = this.now;
    this.rec.rounds++;
    this.propose(i);
  }

  /** Positions of i's trusted peers on its LCL. */
  private positions(i: number): number[] {
    const me = this.v[i];
    const out: number[] = [];
    for (const p of me.peer.get(me.lcl)?.values() ?? []) out.push(p.set);
    return out;
  }

  /** DisputedTx::updateVote on every disputed transaction; re-propose on a change. */
  private updatePosition(i: number, pct: number): void {
    const me = this.v[i];
    const peers = this.positions(i);
    if (peers.length === 0 || peers.every((s) => s === me.set)) return; // nothing disputed
    const own = new Set(this.sets.get(me.set));
    const yays = new Map<number, number>();
    for (const s of peers) for (const tx of this.sets.get(s)) yays.set(tx, (yays.get(tx) ?? 0) + 1);
    for (const tx of own) if (!yays.has(tx)) yays.set(tx, 0);
    const threshold = avalancheThreshold(pct);
    const next = new Set(own);
    let changed = false;
    for (const [tx, yes] of [...yays].sort((a, b) => a[0] - b[0])) {
      if (yes === peers.length && own.has(tx)) continue; // not disputed
      const ours = own.has(tx);
      let vote = voteWeight(yes, peers.length, ours) > threshold;
      const other = this.txs.conflict.get(tx);
      if (vote && !ours && other !== undefined && next.has(other)) vote = false; // a double spend cannot join its pair
      if (vote !== ours) {
        changed = true;
        if (vote) next.add(tx);
        else next.delete(tx);
      }
    }
    if (!changed) return;
    me.set = this.sets.intern([...next]);
    me.pseq++;
    this.propose(i);
  }

  /** rippled's checkConsensus (proposing): Yes → accept and validate; MovedOn → accept, do not validate. */
  private checkConsensus(i: number, roundTime: number): void {
    const me = this.v[i];
    const t = this.c.timing;
    const peers = this.positions(i);
    const total = peers.length;
    if (roundTime <= t.ledgerMinConsensus) return;
    if (total < Math.floor((me.prevProposers * 3) / 4) && roundTime < me.prevRoundTime + t.ledgerMinConsensus) return;
    let agree = 0;
    for (const s of peers) if (s === me.set) agree++;
    const seq = this.ledgers.get(me.lcl).seq;
    // rippled's proposersFinished: trusted validators whose latest validation is past our LCL, on its branch.
    let finished = 0;
    for (const v of this.c.unls[i]) if (me.latestSeq[v] > seq && this.ledgers.ancestorAt(me.latest[v], seq) === me.lcl) finished++;
    // checkConsensusReached: alone, only after ledgerMAX_CONSENSUS (rippled's fix against running ahead).
    if (total === 0) {
      if (roundTime > t.ledgerMaxConsensus) this.accept(i, roundTime, total, true);
    } else if (consensusReached(agree, total, true, t.minConsensusPct)) this.accept(i, roundTime, total, true);
    else if (consensusReached(finished, total, false, t.minConsensusPct)) this.accept(i, roundTime, total, false);
  }

  private accept(i: number, roundTime: number, proposers: number, validate: boolean): void {
    const me = this.v[i];
    const ledger = this.ledgers.intern(me.lcl, me.set, this.now);
    const r = this.rec;
    if (!r.acceptedAt.has(ledger)) r.acceptedAt.set(ledger, this.now);
    r.acceptedBy.set(ledger, (r.acceptedBy.get(ledger) ?? 0) + 1);
    r.closeToAccept.push(roundTime);
    me.prevRoundTime = roundTime;
    me.prevProposers = proposers;
    me.lcl = ledger;
    const seq = this.ledgers.get(ledger).seq;
    // csf: validate once per seq, and only a descendant of the fully-validated ledger.
    if (validate && seq > me.validatedSeq && this.ledgers.isAncestorOrSelf(me.fv, ledger)) {
      me.validatedSeq = seq;
      this.send(i, (to) => ({ k: "val", to, from: i, ledger }), (to) => this.honest[to]);
      this.equivocateValidation(i, ledger);
      if (this.trusts(i, i)) this.countValidation(i, i, ledger);
    }
    this.startRound(i);
  }

  private startRound(i: number): void {
    const me = this.v[i];
    const seq = this.ledgers.get(me.lcl).seq;
    for (const l of me.peer.keys()) if (this.ledgers.get(l).seq + 3 < seq) me.peer.delete(l);
    me.open = true;
    me.openStart = this.now;
    me.set = -1;
    me.pseq = 0;
    this.injectPair(this.ledgers.get(me.lcl).seq + 1);
  }

  /**
   * The preferred ledger (csf/rippled getPreferred): from FV_i, the child with most support (trusted
   * validators whose latest validation lies in its subtree), ties to larger id. A ledger ahead of ours is
   * taken whatever its branch, unless it is a child of our LCL; an earlier one only if our chain differs
   * there. A switch is a jump.
   */
  private checkLedger(i: number): void {
    const me = this.v[i];
    const L = this.ledgers;
    const fvSeq = L.get(me.fv).seq;
    const support = new Map<number, number>();
    for (const v of this.c.unls[i]) {
      const latest = me.latest[v];
      if (latest < 0 || me.latestSeq[v] <= fvSeq || L.ancestorAt(latest, fvSeq) !== me.fv) continue;
      for (let l = L.get(latest); l.seq > fvSeq; l = L.get(l.parent)) support.set(l.id, (support.get(l.id) ?? 0) + 1);
    }
    let preferred = me.fv;
    for (;;) {
      let best = -1;
      let bestSupport = 0;
      for (const [id, s] of support) {
        if (L.get(id).parent !== preferred) continue;
        if (s > bestSupport || (s === bestSupport && id > best)) {
          best = id;
          bestSupport = s;
        }
      }
      if (best < 0) break;
      preferred = best;
    }
    if (preferred === me.lcl) return;
    const pSeq = L.get(preferred).seq;
    const curSeq = L.get(me.lcl).seq;
    if (pSeq <= curSeq && L.ancestorAt(me.lcl, pSeq) === preferred) return;
    // rippled: "if we are the parent of the preferred ledger, stick with our current ledger since we might be
    // about to generate it".
    if (pSeq === curSeq + 1 && L.get(preferred).parent === me.lcl) return;
    me.lcl = preferred;
    this.rec.jumps++;
    this.startRound(i);
  }

  // ---------------------------------------------------------------- Byzantine

  /** Contrarian: proposes, on its UNL's most common LCL, the complement of its UNL's majority; never validates. */
  private contrarianTick(i: number): void {
    const me = this.v[i];
    let prev = -1;
    let most = 0;
    for (const [l, s] of me.peer) if (s.size > most || (s.size === most && s.size > 0 && l > prev)) [prev, most] = [l, s.size];
    if (prev < 0) return;
    const positions = [...me.peer.get(prev)!.values()].map((p) => p.set);
    // Keep the last few rounds only.
    for (const l of me.peer.keys()) if (this.ledgers.get(l).seq + 3 < this.ledgers.get(prev).seq) me.peer.delete(l);
    const yays = new Map<number, number>();
    for (const s of positions) for (const tx of this.sets.get(s)) yays.set(tx, (yays.get(tx) ?? 0) + 1);
    const set = this.sets.intern([...yays].filter(([, y]) => 2 * y < positions.length).map(([tx]) => tx));
    if (me.sent && me.sent.prev === prev && me.sent.set === set) return;
    me.sent = { prev, set, pseq: me.sent && me.sent.prev === prev ? me.sent.pseq + 1 : 0 };
    const p = me.sent;
    this.send(i, (to) => ({ k: "prop", to, from: i, ...p }));
  }

  /**
   * Equivocators copy, to one side only, the proposals of that side's first honest proposer on each previous
   * ledger (they see honest messages when sent). One representative per (side, ledger) keeps their traffic at
   * one proposer's, and its proposal numbers increase as receivers expect.
   */
  private equivocateProposal(i: number, p: Position): void {
    if (this.equivocators.length === 0) return;
    const side = this.c.side[i];
    const reps = this.eqRep[side];
    const rep = reps.get(p.prev);
    if (rep === undefined) reps.set(p.prev, i);
    else if (rep !== i) return;
    for (const b of this.equivocators) this.send(b, (to) => ({ k: "prop", to, from: b, ...p }), (to) => this.honest[to] && this.c.side[to] === side);
  }

  /** …and validate, to each side, the ledger that side's first honest validator validated at that seq. */
  private equivocateValidation(i: number, ledger: number): void {
    const side = this.c.side[i];
    const seq = this.ledgers.get(ledger).seq;
    this.equivocators.forEach((b, k) => {
      if (this.eqValidated[k][side].has(seq)) return;
      this.eqValidated[k][side].add(seq);
      this.send(b, (to) => ({ k: "val", to, from: b, ledger }), (to) => this.honest[to] && this.c.side[to] === side);
    });
  }

  /** One double-spend pair per seq: x_A to side A, x_B to side B, from the first equivocator. */
  private injectPair(seq: number): void {
    if (this.equivocators.length === 0 || this.injected.has(seq)) return;
    this.injected.add(seq);
    const b = this.equivocators[0];
    const sideOf = (s: number) => this.c.side.flatMap((x, j) => (this.honest[j] && x === s ? [j] : []));
    const a = injectPrivate(this.txs, this.net, b, this.now, sideOf(0));
    const bb = injectPrivate(this.txs, this.net, b, this.now, sideOf(1));
    this.txs.conflict.set(a, bb);
    this.txs.conflict.set(bb, a);
    this.privateTxs.push(a, bb);
  }
}
