/**
 * The `rpca` network: pair latencies (full mesh, e2c_i + e2c_j + c2c_ij as in `schwartz`), who hears whom
 * (a message goes to the validators whose UNL names its sender), and the client transactions with their
 * arrival time at every validator (flooding over the direct links: submit time + latency from the origin).
 */
import { Prng } from "../shared/prng.js";
import type { RpcaConfig } from "./rpca-types.js";

export interface RpcaNetwork {
  readonly n: number;
  /** Row-major n×n latencies (ms); 0 on the diagonal. */
  readonly latency: Int32Array;
  /** listeners[v]: validators whose UNL names v (v's messages go to them). */
  readonly listeners: readonly Int32Array[];
  /** trusts[i]: 1 where i's UNL names v. */
  readonly trusts: readonly Uint8Array[];
  /** First tick of each validator (ms in 0..granularity−1): nodes do not all tick on the same millisecond. */
  readonly tickOffset: readonly number[];
}

export interface TxLog {
  /** Submit time of each transaction (ms), increasing. */
  readonly submit: number[];
  /** Origin validator, or −1 for an injected private transaction (arrivals given explicitly). */
  readonly origin: number[];
  /** Explicit arrival times for private transactions, by tx id. */
  readonly arrivals: Map<number, Int32Array>;
  /** The other half of a double-spend pair, by tx id. */
  readonly conflict: Map<number, number>;
}

export function buildRpcaNetwork(c: RpcaConfig, rng: Prng): RpcaNetwork {
  const n = c.unls.length;
  const e2c = Array.from({ length: n }, () => c.e2cMin + rng.int(c.e2cMax - c.e2cMin + 1));
  const latency = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const l = e2c[i] + e2c[j] + c.c2cMin + rng.int(c.c2cMax - c.c2cMin + 1);
      latency[i * n + j] = l;
      latency[j * n + i] = l;
    }
  }
  const trusts = c.unls.map((unl) => {
    const t = new Uint8Array(n);
    for (const v of unl) t[v] = 1;
    return t;
  });
  const lists: number[][] = Array.from({ length: n }, () => []);
  c.unls.forEach((unl, i) => unl.forEach((v) => lists[v].push(i)));
  const tickOffset = Array.from({ length: n }, () => rng.int(c.timing.ledgerGranularity));
  return { n, latency, listeners: lists.map((l) => Int32Array.from(l.sort((a, b) => a - b))), trusts, tickOffset };
}

/** Poisson client transactions up to `until`, each to a uniform honest validator. */
export function clientTransactions(c: RpcaConfig, rng: Prng, until: number): TxLog {
  const honest = c.byzantine.flatMap((b, i) => (b ? [] : [i]));
  const submit: number[] = [];
  const origin: number[] = [];
  if (c.txRate > 0) {
    let t = 0;
    for (;;) {
      t += (-Math.log(1 - rng.float()) * 1000) / c.txRate;
      if (t >= until) break;
      submit.push(Math.floor(t));
      origin.push(honest[rng.int(honest.length)]);
    }
  }
  return { submit, origin, arrivals: new Map(), conflict: new Map() };
}

/** Arrival of a transaction at validator j. */
export function arrivalAt(log: TxLog, net: RpcaNetwork, tx: number, j: number): number {
  const given = log.arrivals.get(tx);
  if (given) return given[j];
  const o = log.origin[tx];
  return log.submit[tx] + net.latency[o * net.n + j];
}

/**
 * A private transaction sent by `from` at `t` to the validators of `side` (its first-hand receivers), who
 * flood it on: arrival at j outside the side is the earliest relay through a first-hand receiver.
 */
export function injectPrivate(log: TxLog, net: RpcaNetwork, from: number, t: number, firstHand: readonly number[]): number {
  const n = net.n;
  const arr = new Int32Array(n).fill(0x3fffffff);
  for (const k of firstHand) arr[k] = t + net.latency[from * n + k];
  for (const k of firstHand) {
    const ak = arr[k];
    for (let j = 0; j < n; j++) {
      const via = ak + net.latency[k * n + j];
      if (via < arr[j]) arr[j] = via;
    }
  }
  arr[from] = t;
  const id = log.submit.length;
  log.submit.push(t);
  log.origin.push(-1);
  log.arrivals.set(id, arr);
  return id;
}
