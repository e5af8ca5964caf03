/**
 * Initialisation of the `schwartz` simulator (spec unl.md §2a): latencies, UNLs and links drawn from one
 * std::mt19937 stream in upstream's exact order.
 *
 * Draw order (main stream, seed `seed`):
 *   for i = 0 … N−1:  e2c_i = U{e2cMin..e2cMax};  s = U{unlMin..unlMax};
 *                     repeat node = U{0..N−1} until s ids were accepted (rejecting i and ids already drawn);
 *   for i = 0 … N−1:  until `outboundLinks` links were added: j = U{0..N−1}; if j ≠ i and i's list (inbound
 *                     links included) lacks j: c2c = U{c2cMin..c2cMax}, add the undirected link
 *                     (latency e2c_i + e2c_j + c2c) to the end of both lists.
 * With externally supplied UNLs the UNL draws above are still made and discarded, so e2c, links and latencies
 * are exactly those of the run without them; node i's UNL is then `unls[i]` as given.
 */
import { MT19937, type RngMap, uniformInt } from "./mt19937.js";

export interface SchwartzLink {
  readonly to: number;
  readonly latency: number;
}

/** A network: positions are fixed by the simulator (odd ids +1, even −1); malicious = ids below M. */
export interface SchwartzNetwork {
  readonly nodes: number;
  /** End-to-core latency of each node (informational; link latencies already include it). */
  readonly e2c: readonly number[];
  /** UNL of each node (node ids, in draw order). */
  readonly unls: readonly (readonly number[])[];
  /** Links of each node in list order (inbound and outbound, as upstream appends them). */
  readonly links: readonly (readonly SchwartzLink[])[];
}

export interface SchwartzNetworkParams {
  readonly nodes: number;
  readonly e2cMin: number;
  readonly e2cMax: number;
  readonly c2cMin: number;
  readonly c2cMax: number;
  readonly outboundLinks: number;
  readonly unlMin: number;
  readonly unlMax: number;
  readonly seed: number;
  readonly rngMap: RngMap;
  readonly unls?: readonly (readonly number[])[];
}

/** Draw the upstream network. Throws where upstream would loop forever (UNL or links larger than N − 1). */
export function buildSchwartzNetwork(p: SchwartzNetworkParams): SchwartzNetwork {
  const n = p.nodes;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`schwartz: nodes must be an integer >= 2, got ${n}`);
  if (p.unlMax > n - 1) throw new RangeError(`schwartz: unlMax ${p.unlMax} > nodes − 1 (upstream would never finish)`);
  if (p.unls !== undefined) validateUnls(p.unls, n);
  const rng = new MT19937(p.seed);
  const map = p.rngMap;
  const e2c: number[] = new Array(n);
  const unls: number[][] = new Array(n);
  const onUnl = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    e2c[i] = uniformInt(rng, p.e2cMin, p.e2cMax, map);
    let left = uniformInt(rng, p.unlMin, p.unlMax, map);
    const unl: number[] = [];
    while (left > 0) {
      const c = uniformInt(rng, 0, n - 1, map);
      if (c !== i && !onUnl[c]) {
        onUnl[c] = 1;
        unl.push(c);
        left--;
      }
    }
    for (const c of unl) onUnl[c] = 0;
    unls[i] = p.unls !== undefined ? [...p.unls[i]] : unl;
  }
  const links: SchwartzLink[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    if (links[i].length + p.outboundLinks > n - 1) {
      throw new RangeError(`schwartz: node ${i} cannot get ${p.outboundLinks} more distinct links (upstream would never finish)`);
    }
    let left = p.outboundLinks;
    while (left > 0) {
      const j = uniformInt(rng, 0, n - 1, map);
      if (j !== i && !links[i].some((l) => l.to === j)) {
        const latency = e2c[i] + e2c[j] + uniformInt(rng, p.c2cMin, p.c2cMax, map);
        links[i].push({ to: j, latency });
        links[j].push({ to: i, latency });
        left--;
      }
    }
  }
  return { nodes: n, e2c, unls, links };
}

function validateUnls(unls: readonly (readonly number[])[], n: number): void {
  if (unls.length !== n) throw new RangeError(`schwartz: ${unls.length} UNLs supplied for ${n} nodes`);
  unls.forEach((u, i) => {
    const seen = new Set<number>();
    for (const v of u) {
      if (!Number.isInteger(v) || v < 0 || v >= n) throw new RangeError(`schwartz: UNL of node ${i} holds ${v}, not a node id`);
      if (seen.has(v)) throw new RangeError(`schwartz: UNL of node ${i} lists ${v} twice`);
      seen.add(v);
    }
  });
}
