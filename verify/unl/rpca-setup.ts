/**
 * From the user's knobs (nodes, malicious %, generator, overlap, Byzantine kind and placement) to an rpca
 * configuration and the matching static configuration (for Theorem 8 and the other bounds).
 */
import { InputError } from "../../formulations/input-error.js";
import type { UnlConfig } from "../../formulations/unl/config.js";
import { Prng } from "../shared/prng.js";
import { clusterUnls, coreUnls, type UnlGenerator } from "./generators.js";
import type { RngMap } from "./mt19937.js";
import { RPCA_TIMING, type RpcaByzantine, type RpcaConfig } from "./rpca-types.js";
import { buildSchwartzNetwork } from "./schwartz-network.js";

/** Where the Byzantine validators sit: the top of the global ranking (the shared core), or ids 0..f−1. */
export type ByzPlacement = "core" | "ids";

/** The user's knobs for one `rpca` configuration (the CLI's flags). */
export interface RpcaSetupParams {
  /** Validators N, ≥ 2 and more than unlMax. */
  nodes: number;
  /** Byzantine validators (count). */
  malicious: number;
  /** How the Byzantine validators behave. */
  byzKind: RpcaByzantine;
  /** UNL generator (spec unl.md §2c): random (upstream), core or clusters. */
  unlGen: UnlGenerator;
  /** Required for core and clusters. */
  overlapPct?: number;
  /** Where the Byzantine validators sit. */
  byzPlacement: ByzPlacement;
  /** Seed of the UNL generator and of the run. */
  seed: number;
  /** Least UNL size (default 20). */
  unlMin?: number;
  /** Greatest UNL size (default 30). */
  unlMax?: number;
  /** Integer mapping of the mt19937 draws (default "lemire"). */
  rngMap?: RngMap;
  /** Stop once this seq is fully validated (default 30). */
  ledgers?: number;
  /** Simulated time limit in ms (default 300 000). */
  maxTime?: number;
  /** Client transactions per second (default 5). */
  txRate?: number;
  /** Quorum percentage of each UNL (default 80). */
  quorumPct?: number;
}

/** The spec's `rpca` defaults (unl.md §2b; latencies as in §2a). */
export const RPCA_DEFAULTS = Object.freeze({
  /** Validators. */
  nodes: 100,
  /** Least UNL size. */
  unlMin: 20,
  /** Greatest UNL size. */
  unlMax: 30,
  /** Least end-to-core latency (ms). */
  e2cMin: 5,
  /** Greatest end-to-core latency (ms). */
  e2cMax: 50,
  /** Least core-to-core latency (ms). */
  c2cMin: 5,
  /** Greatest core-to-core latency (ms). */
  c2cMax: 200,
  /** Client transactions per second. */
  txRate: 5,
  /** Stop at this fully validated seq… */
  ledgers: 30,
  /** …or at this simulated time (ms). */
  maxTime: 300_000,
  /** No FV progress for this long (ms) is a stall. */
  stallMs: 30_000,
  /** Ledgers accepted this close to the end (ms) are left out of NHI. */
  nhiMarginMs: 10_000,
  /** Quorum percentage of each UNL. */
  quorumPct: 80,
});

/** An `rpca` configuration with its static counterpart. */
export interface RpcaSetup {
  /** The simulator's configuration. */
  config: RpcaConfig;
  /** The same trust graph for Theorem 8, the counting bound and csf's test. */
  unl: UnlConfig;
  /** Group of each validator under `clusters` (else all 0). */
  group: number[];
}

/** A whole configuration of yours: UNLs and Byzantine flags as read from a file. */
export function rpcaConfigOf(unl: UnlConfig, byzKind: RpcaByzantine, seed: number, over: Partial<RpcaConfig> = {}, group?: readonly number[]): RpcaConfig {
  const side = group ? [...group] : unl.sides ? [...unl.sides] : halves(unl.byzantine, seed);
  return {
    unls: unl.unls,
    byzantine: unl.byzantine,
    byzKind,
    side,
    quorumPct: unl.quorumPct,
    e2cMin: RPCA_DEFAULTS.e2cMin,
    e2cMax: RPCA_DEFAULTS.e2cMax,
    c2cMin: RPCA_DEFAULTS.c2cMin,
    c2cMax: RPCA_DEFAULTS.c2cMax,
    txRate: RPCA_DEFAULTS.txRate,
    ledgers: RPCA_DEFAULTS.ledgers,
    maxTime: RPCA_DEFAULTS.maxTime,
    stallMs: RPCA_DEFAULTS.stallMs,
    nhiMarginMs: RPCA_DEFAULTS.nhiMarginMs,
    seed,
    timing: { ...RPCA_TIMING },
    ...over,
  };
}

/** Random halves of the honest validators (seeded), for equivocation without clusters. */
function halves(byzantine: readonly boolean[], seed: number): number[] {
  const rng = new Prng((seed ^ 0x5eed5) >>> 0);
  const honest = byzantine.flatMap((b, i) => (b ? [] : [i]));
  for (let i = honest.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [honest[i], honest[j]] = [honest[j], honest[i]];
  }
  const side = byzantine.map(() => 0);
  honest.forEach((v, k) => (side[v] = k < honest.length / 2 ? 0 : 1));
  return side;
}

/** Generates the UNLs, places the Byzantine validators and builds both configurations; InputError on bad knobs. */
export function rpcaSetup(p: RpcaSetupParams): RpcaSetup {
  const unlMin = p.unlMin ?? RPCA_DEFAULTS.unlMin;
  const unlMax = p.unlMax ?? RPCA_DEFAULTS.unlMax;
  const rngMap = p.rngMap ?? "lemire";
  if (!Number.isSafeInteger(p.nodes) || p.nodes < 2) throw new InputError(`--nodes must be an integer ≥ 2, got ${p.nodes}`);
  if (p.nodes - 1 < unlMax) throw new InputError(`--nodes ${p.nodes} is too small for UNLs of up to ${unlMax} (at least ${unlMax + 1})`);
  if (!Number.isSafeInteger(p.malicious) || p.malicious < 0 || p.malicious > p.nodes) throw new InputError(`--malicious (${p.malicious}) must lie in 0..${p.nodes} (the number of nodes)`);
  if (p.malicious > p.nodes - 2) throw new InputError(`--malicious ${p.malicious} leaves fewer than two honest validators of ${p.nodes}`);
  const gen = { nodes: p.nodes, unlMin, unlMax, overlapPct: p.overlapPct ?? 0, seed: p.seed, rngMap };
  let unls: number[][];
  let group: number[] = new Array(p.nodes).fill(0);
  let ranked: number[];
  if (p.unlGen === "random") {
    if (p.overlapPct !== undefined) throw new InputError("--overlap needs --unl-gen core or clusters (upstream's random UNLs have no overlap knob)");
    unls = buildSchwartzNetwork({ ...gen, e2cMin: 5, e2cMax: 50, c2cMin: 5, c2cMax: 200, outboundLinks: 0 }).unls.map((l) => [...l]);
    ranked = [...unls.keys()];
  } else {
    if (p.overlapPct === undefined) throw new InputError(`--unl-gen ${p.unlGen} needs --overlap`);
    const g = (p.unlGen === "core" ? coreUnls : clusterUnls)(gen);
    unls = g.unls;
    group = g.group;
    // The whole ranking: core first, then the others in id order (placement "core" takes its top).
    const inCore = new Set(g.core);
    ranked = [...g.core, ...[...unls.keys()].filter((v) => !inCore.has(v))];
  }
  const byzantine = new Array<boolean>(p.nodes).fill(false);
  const chosen = p.byzPlacement === "core" ? ranked.slice(0, p.malicious) : [...Array(p.malicious).keys()];
  for (const v of chosen) byzantine[v] = true;
  const unl: UnlConfig = { names: unls.map((_, i) => `v${i}`), unls, byzantine, quorumPct: p.quorumPct ?? RPCA_DEFAULTS.quorumPct };
  const over: Partial<RpcaConfig> = {
    ...(p.ledgers !== undefined ? { ledgers: p.ledgers } : {}),
    ...(p.maxTime !== undefined ? { maxTime: p.maxTime } : {}),
    ...(p.txRate !== undefined ? { txRate: p.txRate } : {}),
  };
  const config = rpcaConfigOf(unl, p.byzKind, p.seed, over, p.unlGen === "clusters" ? group : undefined);
  return { config, unl, group };
}
