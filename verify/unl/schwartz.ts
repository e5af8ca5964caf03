/**
 * `schwartz`: a re-implementation of Ripple's original consensus simulator (`ripple/simulator`, Sim.cpp and
 * Util.cpp at 05329f4), spec unl.md §2a. One binary decision; each node tracks every node's position and ts,
 * relays what it learns over its links and switches by a UNL majority with a growing bias toward −1.
 *
 * Upstream semantics kept on purpose (each documented where implemented):
 * - suppression edits the pending message on the link back to the sender when its send time is ≥ now (a
 *   message already "sent" at now is still edited); `fixSuppress` makes it > now;
 * - merging into a pending message never updates an existing entry about node 0; `fixNodeZero` lifts that;
 * - NodeState::state is an `unsigned char`, so a −1 entry (255) always differs from the signed knowledge and is
 *   learned whenever its ts is newer, even if −1 was already known; `fixUnsignedState` compares as ±1. The
 *   golden run depends on it (632 ms instead of 631 with the fix);
 * - the bias ⌊now/250⌋ is subtracted from everyone's balance (malicious nodes negate their balance first);
 * - P/N counts include malicious nodes; the stop test is P or N > ⌊N·CP/100⌋, before each arrival time;
 * - a message emptied by suppression is not delivered and its sender's sent counter is decremented;
 *   "messages on the wire" counts every message still queued, empty ones included.
 *
 * Pure: no I/O. Event queue: integer ms buckets, each in creation order (= upstream's std::map<int, Event> of
 * std::list<Message>).
 */
import type { RngMap } from "./mt19937.js";
import { MessageStore, packState } from "./schwartz-messages.js";
import { buildSchwartzNetwork, type SchwartzNetwork } from "./schwartz-network.js";

export { buildSchwartzNetwork, type SchwartzLink, type SchwartzNetwork } from "./schwartz-network.js";
export { MessageStore, packState, posOf, tsOf } from "./schwartz-messages.js";

/** Every constant of upstream `Sim.cpp` (spec unl.md §2a) plus the non-upstream options; defaults in `SCHWARTZ_DEFAULTS`. */
export interface SchwartzConfig {
  /** NUM_NODES */
  nodes: number;
  /** NUM_MALICIOUS_NODES: ids 0 … malicious−1 are contrarian. */
  malicious: number;
  /** CONSENSUS_PERCENT: stop when P or N exceeds ⌊nodes·consensusPct/100⌋. */
  consensusPct: number;
  /** Least end-to-core latency of a node (ms); drawn uniformly in e2cMin..e2cMax (upstream 5..50). */
  e2cMin: number;
  /** Greatest end-to-core latency (ms). */
  e2cMax: number;
  /** Least core-to-core latency of a link (ms); drawn uniformly in c2cMin..c2cMax (upstream 5..200). */
  c2cMin: number;
  /** Greatest core-to-core latency (ms). */
  c2cMax: number;
  /** NUM_OUTBOUND_LINKS */
  outboundLinks: number;
  /** UNL_MIN: least UNL size; sizes are drawn uniformly in unlMin..unlMax (upstream 20..30). */
  unlMin: number;
  /** UNL_MAX: greatest UNL size. */
  unlMax: number;
  /** UNL_THRESH: known UNL positions needed before a node may switch; default ⌊unlMin/2⌋. */
  unlThresh?: number;
  /** BASE_DELAY (ms) added to a relay that is not a position change. */
  baseDelay: number;
  /** SELF_WEIGHT: a switch needs balance < −selfWeight (to −1) or > selfWeight (to +1). */
  selfWeight: number;
  /** PACKETS_ON_WIRE: a relay waits an extra ⌊latency/packetsOnWire⌋ while a message is still on the wire. */
  packetsOnWire: number;
  /** The literal 250 of `master_time / 250` (bias toward −1). */
  biasDivisor: number;
  /** std::mt19937 seed (upstream: default-constructed, 5489). */
  seed: number;
  /** Integer mapping of uniform_int_distribution: libstdc++ ≥ 11 ("lemire") or older ("legacy"). */
  rngMap: RngMap;
  /** Not upstream: stop (censored) before an arrival later than this (ms). */
  maxTime: number;
  /**
   * Not upstream: who the stop test counts. "all" (upstream): P or N over every node, malicious included,
   * against ⌊N·CP/100⌋; "honest": over the honest nodes against ⌊(N − M)·CP/100⌋ (spec P1's control).
   */
  tally?: "all" | "honest";
  /** Not upstream: let merges update an existing entry about node 0. */
  fixNodeZero: boolean;
  /** Not upstream: suppress only into messages whose send time is > now (upstream: ≥). */
  fixSuppress: boolean;
  /**
   * Not upstream: learn a −1 entry only if it differs from what is known. Upstream stores NodeState::state as
   * `unsigned char`, so −1 arrives as 255 and `knowledge[k] != state` always holds for it: a −1 with a newer ts
   * is learned (and relayed) even when −1 was already known. Default false (the quirk kept).
   */
  fixUnsignedState?: boolean;
  /**
   * Externally supplied UNLs (node ids), replacing the drawn ones. The main stream still makes every UNL draw
   * (size, then ids until that many were accepted) and discards it, so latencies and links are unchanged.
   */
  unls?: number[][];
}

/** Upstream's constants (spec unl.md §2a): 1000 nodes, 15 malicious, 80 %, seed 5489; the golden run's configuration. */
export const SCHWARTZ_DEFAULTS: Readonly<SchwartzConfig> = Object.freeze({
  nodes: 1000,
  malicious: 15,
  consensusPct: 80,
  e2cMin: 5,
  e2cMax: 50,
  c2cMin: 5,
  c2cMax: 200,
  outboundLinks: 10,
  unlMin: 20,
  unlMax: 30,
  baseDelay: 1,
  selfWeight: 1,
  packetsOnWire: 3,
  biasDivisor: 250,
  seed: 5489,
  rngMap: "lemire",
  maxTime: 60000,
  fixNodeZero: false,
  fixSuppress: false,
  fixUnsignedState: false,
});

/** The outcome of one {@link runSchwartz} run: upstream's printed figures plus stop reason and counters. */
export interface SchwartzResult {
  /** P or N exceeded the consensus threshold. */
  converged: boolean;
  /** Stopped at maxTime (not upstream). */
  censored: boolean;
  /** The queue ran empty before consensus (upstream: "Fatal: Radio Silence"). */
  radioSilence: boolean;
  /** Time of the last processed arrival (upstream's "Consensus reached in t ms"). */
  timeMs: number;
  /** Nodes at +1 at the stop, malicious included. */
  positive: number;
  /** Nodes at −1 at the stop, malicious included. */
  negative: number;
  /** Messages still queued at the stop, emptied ones included. */
  messagesOnWire: number;
  /** ⌊Σ sent / nodes⌋ (initial broadcasts not counted, emptied messages uncounted). */
  messagesPerNode: number;
  /** "Time: t ms  P/N" lines, exactly as upstream prints them (two spaces after "ms"). */
  progress: string[];
  /** Messages delivered (receiveMessage calls; emptied messages are not delivered). */
  events: number;
  /** The UNLs used. */
  unls: number[][];
}

/** Parameters of the step-6 rule (spec §2a; unit-tested on their own). */
export interface DecisionParams {
  unlThresh: number;
  selfWeight: number;
  biasDivisor: number;
}

/**
 * Upstream's position rule. `count` = UNL members with a known position, `balance` = #(+1) − #(−1) among them.
 * Malicious nodes negate the balance; then everyone subtracts ⌊now/biasDivisor⌋. With count ≥ unlThresh, +1
 * switches to −1 when balance < −selfWeight, −1 to +1 when balance > selfWeight. Returns the new position.
 */
export function schwartzDecide(own: number, count: number, balance: number, malicious: boolean, now: number, p: DecisionParams): number {
  let bal = malicious ? -balance : balance;
  bal -= Math.trunc(now / p.biasDivisor);
  if (count >= p.unlThresh) {
    if (own === 1 && bal < -p.selfWeight) return -1;
    if (own === -1 && bal > p.selfWeight) return 1;
  }
  return own;
}

/** One message arrival, for tracing crafted cases (entries as [node, ts, position], sorted by node). */
export interface SchwartzDelivery {
  time: number;
  from: number;
  to: number;
  entries: [number, number, number][];
  /** Emptied by suppression: not delivered, its sender's sent counter decremented. */
  skipped: boolean;
}

/** The simulation parameters other than the network (all of SchwartzConfig but the drawing ones). */
export type SchwartzRunParams = Pick<
  SchwartzConfig,
  "malicious" | "consensusPct" | "baseDelay" | "selfWeight" | "packetsOnWire" | "biasDivisor" | "maxTime" | "fixNodeZero" | "fixSuppress" | "fixUnsignedState" | "tally"
> & { unlThresh: number };

/** Draw the network from `config` and run it. */
export function runSchwartz(config: SchwartzConfig, onProgress?: (line: string) => void): SchwartzResult {
  const network = buildSchwartzNetwork(config);
  return simulateSchwartz(network, { ...config, unlThresh: config.unlThresh ?? Math.trunc(config.unlMin / 2) }, onProgress);
}

/**
 * Run upstream's event loop on a given network (drawn or crafted). Node i starts at +1 if i is odd, −1 if even
 * (ts 1); ids below `malicious` are contrarian.
 */
export function simulateSchwartz(
  network: SchwartzNetwork,
  p: SchwartzRunParams,
  onProgress?: (line: string) => void,
  onDeliver?: (d: SchwartzDelivery) => void,
): SchwartzResult {
  const n = network.nodes;
  checkNetwork(network);
  checkParams(p, n);
  const { baseDelay, selfWeight, packetsOnWire, biasDivisor, maxTime, fixNodeZero, fixSuppress } = p;
  const unlThresh = p.unlThresh;
  const fixUnsigned = p.fixUnsignedState === true;
  const malicious = p.malicious;
  const honestTally = p.tally === "honest";
  // Upstream counts every node, malicious ones included; the honest-only tally (spec P1) counts the others.
  const threshold = Math.trunc(((honestTally ? n - malicious : n) * p.consensusPct) / 100);

  // Links, flattened: node i's link directions are linkStart[i] … linkStart[i+1]−1, in list order.
  const linkStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) linkStart[i + 1] = linkStart[i] + network.links[i].length;
  const dirs = linkStart[n];
  const dirTo = new Int32Array(dirs);
  const dirLat = new Int32Array(dirs);
  const dirRev = new Int32Array(dirs);
  let maxLat = 0;
  for (let i = 0; i < n; i++) {
    network.links[i].forEach((l, x) => {
      const d = linkStart[i] + x;
      dirTo[d] = l.to;
      dirLat[d] = l.latency;
      if (l.latency > maxLat) maxLat = l.latency;
      const back = network.links[l.to].findIndex((b) => b.to === i);
      dirRev[d] = linkStart[l.to] + back;
    });
  }
  const lmSend = new Int32Array(dirs);
  const lmRecv = new Int32Array(dirs);
  const lm = new Int32Array(dirs).fill(-1);

  // UNLs, flattened.
  const unlStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) unlStart[i + 1] = unlStart[i] + network.unls[i].length;
  const unlFlat = new Int32Array(unlStart[n]);
  for (let i = 0; i < n; i++) unlFlat.set(network.unls[i], unlStart[i]);

  // Knowledge (position −1/0/+1) and ts of node k as seen by node i at [i·n + k].
  const know = new Int8Array(n * n);
  const nts = new Int32Array(n * n);
  let positive = 0;
  let negative = 0;
  let honestPositive = 0;
  let honestNegative = 0;
  for (let i = 0; i < n; i++) {
    const pos = i % 2 ? 1 : -1;
    know[i * n + i] = pos;
    nts[i * n + i] = 1;
    if (pos === 1) positive++;
    else negative++;
    if (i >= malicious) {
      if (pos === 1) honestPositive++;
      else honestNegative++;
    }
  }
  const sent = new Float64Array(n);

  // Bucket queue over a window longer than the longest possible delay (send ≤ now + baseDelay + ⌊lat/pw⌋).
  const maxDelay = baseDelay + Math.trunc(maxLat / packetsOnWire) + maxLat + 1;
  let wlog = 1;
  while (1 << wlog <= maxDelay) wlog++;
  const wmask = (1 << wlog) - 1;
  const head = new Int32Array(wmask + 1).fill(-1);
  const tail = new Int32Array(wmask + 1).fill(-1);
  let queued = 0;

  const store = new MessageStore(n, dirs, fixNodeZero, Math.max(1024, dirs * 4));

  const send = (id: number, d: number, sendTime: number): void => {
    const recv = sendTime + dirLat[d];
    lmSend[d] = sendTime;
    lmRecv[d] = recv;
    lm[d] = id;
    const slot = recv & wmask;
    const t = tail[slot];
    if (t < 0) head[slot] = id;
    else store.next[t] = id;
    tail[slot] = id;
    queued++;
  };

  // Initial broadcasts {self: (1, pos)} on each link in list order; not counted as sent.
  for (let i = 0; i < n; i++) {
    for (let d = linkStart[i]; d < linkStart[i + 1]; d++) {
      const id = store.open(i, dirTo[d], d, 1);
      store.add(id, i, packState(1, know[i * n + i]));
      send(id, d, 0);
    }
  }

  const chK = new Int32Array(n + 1);
  const chV = new Int32Array(n + 1);
  const decision: DecisionParams = { unlThresh, selfWeight, biasDivisor };
  let now = 0;
  let events = 0;

  const receive = (id: number): void => {
    events++;
    const f = store.from[id];
    const dn = store.to[id];
    const base = dn * n;
    // Suppress: the pending message on the link back to f loses what f just told us (not entries about f).
    const rd = dirRev[store.dir[id]];
    if (fixSuppress ? lmSend[rd] > now : lmSend[rd] >= now) store.suppress(lm[rd], id);
    // Learn: a different position with a newer ts.
    let nch = 0;
    {
      const pool = store.slots(); // after the suppression above, which may grow the pool
      for (let s = store.slotsStart(id), end = store.slotsEnd(id); s < end; s += 2) {
        const k = pool[s];
        if (k < 0 || k === dn) continue;
        const v = pool[s + 1];
        const pos = v & 1 ? 1 : -1;
        // Upstream compares the signed knowledge with NodeState's *unsigned char* state, where −1 is 255:
        // a −1 entry always counts as "different", so only its ts decides (fixUnsignedState: compare as ±1).
        if ((pos < 0 ? !fixUnsigned || know[base + k] !== -1 : know[base + k] !== 1) && v >> 1 > nts[base + k]) {
          know[base + k] = pos;
          nts[base + k] = v >> 1;
          chK[nch] = k;
          chV[nch] = v;
          nch++;
        }
      }
    }
    if (nch === 0) return;
    // Decide over the UNL.
    let count = 0;
    let balance = 0;
    for (let u = unlStart[dn], ue = unlStart[dn + 1]; u < ue; u++) {
      const kv = know[base + unlFlat[u]];
      if (kv !== 0) {
        count++;
        balance += kv;
      }
    }
    const own = know[base + dn];
    const next = schwartzDecide(own, count, balance, dn < malicious, now, decision);
    const switched = next !== own;
    if (switched) {
      know[base + dn] = next;
      const ts = ++nts[base + dn];
      chK[nch] = dn;
      chV[nch] = packState(ts, next);
      nch++;
      if (next === 1) {
        positive++;
        negative--;
      } else {
        positive--;
        negative++;
      }
      if (dn >= malicious) {
        honestPositive += next;
        honestNegative -= next;
      }
    }
    // Relay on each link in list order; not back to f unless we switched.
    for (let d = linkStart[dn], de = linkStart[dn + 1]; d < de; d++) {
      const to = dirTo[d];
      if (!switched && to === f) continue;
      if (lmSend[d] > now) store.merge(lm[d], chK, chV, nch);
      else {
        // A new message carries the unfiltered changes (an entry about the recipient included).
        const m = store.open(dn, to, d, nch);
        store.addAll(m, chK, chV, nch);
        let sendTime = now;
        if (!switched) {
          sendTime += baseDelay;
          if (lmRecv[d] > sendTime) sendTime += Math.trunc(dirLat[d] / packetsOnWire);
        }
        send(m, d, sendTime);
        sent[dn]++;
      }
    }
  };

  const progress: string[] = [];
  let converged = false;
  let censored = false;
  let radioSilence = false;
  for (;;) {
    if (honestTally ? honestPositive > threshold || honestNegative > threshold : positive > threshold || negative > threshold) {
      converged = true;
      break;
    }
    if (queued === 0) {
      radioSilence = true;
      break;
    }
    let t = now + 1;
    while (head[t & wmask] < 0) t++;
    if (t > maxTime) {
      censored = true;
      break;
    }
    if (Math.trunc(t / 100) > Math.trunc(now / 100)) {
      const line = `Time: ${t} ms  ${positive}/${negative}`;
      progress.push(line);
      onProgress?.(line);
    }
    now = t;
    const slot = t & wmask;
    let id = head[slot];
    head[slot] = -1;
    tail[slot] = -1;
    while (id >= 0) {
      const nextId = store.next[id];
      store.resolve(id);
      if (onDeliver !== undefined) {
        onDeliver({ time: now, from: store.from[id], to: store.to[id], entries: store.entries(id), skipped: store.count[id] === 0 });
      }
      if (store.count[id] === 0) sent[store.from[id]]--;
      else receive(id);
      store.release(id);
      queued--;
      id = nextId;
    }
  }

  let total = 0;
  for (let i = 0; i < n; i++) total += sent[i];
  return {
    converged,
    censored,
    radioSilence,
    timeMs: now,
    positive,
    negative,
    messagesOnWire: queued,
    messagesPerNode: Math.trunc(total / n),
    progress,
    events,
    unls: network.unls.map((u) => [...u]),
  };
}

function checkParams(p: SchwartzRunParams, n: number): void {
  const int = (name: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`schwartz: ${name} must be an integer >= ${min}, got ${v}`);
  };
  int("malicious", p.malicious, 0);
  if (p.malicious > n) throw new RangeError(`schwartz: malicious ${p.malicious} > nodes ${n}`);
  int("consensusPct", p.consensusPct, 0);
  int("baseDelay", p.baseDelay, 0);
  int("selfWeight", p.selfWeight, 0);
  int("packetsOnWire", p.packetsOnWire, 1);
  int("biasDivisor", p.biasDivisor, 1);
  int("unlThresh", p.unlThresh, 0);
  if (!(p.maxTime >= 0)) throw new RangeError(`schwartz: maxTime must be >= 0, got ${p.maxTime}`);
}

function checkNetwork(net: SchwartzNetwork): void {
  const n = net.nodes;
  if (net.links.length !== n || net.unls.length !== n) throw new RangeError("schwartz: links/unls must have one entry per node");
  for (let i = 0; i < n; i++) {
    const seen = new Set<number>();
    for (const l of net.links[i]) {
      if (!Number.isInteger(l.to) || l.to < 0 || l.to >= n || l.to === i) throw new RangeError(`schwartz: node ${i} has a bad link to ${l.to}`);
      if (seen.has(l.to)) throw new RangeError(`schwartz: node ${i} has two links to ${l.to}`);
      seen.add(l.to);
      if (!Number.isInteger(l.latency) || l.latency < 1) throw new RangeError(`schwartz: link ${i}→${l.to} needs an integer latency ≥ 1`);
      const back = net.links[l.to].find((b) => b.to === i);
      if (back === undefined || back.latency !== l.latency) throw new RangeError(`schwartz: link ${i}→${l.to} has no matching reverse link`);
    }
  }
}
