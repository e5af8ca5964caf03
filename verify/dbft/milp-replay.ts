import { InputError } from "../../formulations/input-error.js";
import { type Adversary, CHANGE_VIEW, COMMIT, PREP_REQUEST, PREP_RESPONSE } from "./sim/adversary.js";
import { DbftSimulator, type SimConfig, type SimResult } from "./sim/simulator.js";
import type { Trace } from "./trace.js";

/**
 * A MILP attack re-run in the simulator. The MILP optimum (a trace of source "milp") fixes, for every
 * payload, who receives it and how many steps after it was sent; the translation hands the simulator an
 * adversary that gives each message the same delay (steps × ticksPerStep) and drops what the MILP never
 * delivers, and whose Byzantine nodes send a payload to exactly the recipients the MILP has receive it and
 * commit as soon as they accept a proposal when the MILP has them commit. Honest nodes then run Neo's code:
 * their timers, not the MILP, decide when they ask for a view change. The two runs are compared event by
 * event (sends per node, kind and view; relays; views reached) and every difference is named.
 */

const KIND_CODES: Readonly<Record<string, number>> = { PrepareRequest: PREP_REQUEST, PrepareResponse: PREP_RESPONSE, Commit: COMMIT, ChangeView: CHANGE_VIEW };
const KIND_NAMES = ["PrepareRequest", "PrepareResponse", "Commit", "ChangeView"] as const;

/** How the MILP trace is laid onto the simulator's clock. */
export interface MilpReplayOptions {
  /** Simulator ticks per MILP step (default 10). */
  readonly ticksPerStep?: number;
}

/** A send in one of the two runs, keyed by node, kind and view (trace numbering: nodes and views from 1). */
export interface SendCell {
  /** The sender. */
  readonly node: number;
  /** The payload kind. */
  readonly message: string;
  /** The view it belongs to. */
  readonly view: number;
  /** In the MILP: its absolute step, or null if not sent. */
  readonly milp: number | null;
  /** In the simulator: its tick divided by ticksPerStep, rounded, or null if not sent. */
  readonly simulator: number | null;
}

/** The comparison of a MILP attack and its simulator replay. */
export interface MilpReplay {
  /** The simulator configuration the attack ran in. */
  readonly config: SimConfig;
  /** Simulator ticks per MILP step. */
  readonly ticksPerStep: number;
  /** The simulator run, with its trace. */
  readonly result: SimResult;
  /** Relays as "node@view", in each run. */
  readonly relays: {
    /** In the MILP. */
    readonly milp: readonly string[];
    /** In the simulator. */
    readonly simulator: readonly string[];
  };
  /** The highest view each node reached (trace numbering), in each run. */
  readonly views: {
    /** In the MILP. */
    readonly milp: readonly number[];
    /** In the simulator. */
    readonly simulator: readonly number[];
  };
  /** Same relays and same views reached. */
  readonly same: boolean;
  /** Sends present in one run only, or at another step. */
  readonly sends: readonly SendCell[];
  /** Every difference, in words: what the MILP admits that the simulator does not do, or the reverse. */
  readonly differences: readonly string[];
}

function relaysOf(t: Trace): string[] {
  return [...new Set(t.events.flatMap((e) => (e.type === "relay" ? [`${e.node}@${e.view}`] : [])))].sort();
}

function viewsOf(t: Trace): number[] {
  const top = Array.from({ length: t.n }, () => 1);
  for (const e of t.events) if (e.type === "change_view") top[e.node - 1] = Math.max(top[e.node - 1]!, e.newView);
  return top;
}

/** Re-runs a MILP attack in the simulator and compares the runs. */
export function replayMilp(milp: Trace, o: MilpReplayOptions = {}): MilpReplay {
  if (milp.source !== "milp" || milp.tmax === null) throw new InputError("replaying in the simulator needs a MILP trace (source \"milp\", from dbft solve --trace)");
  const D = o.ticksPerStep ?? 10;
  const tmax = milp.tmax;
  const n = milp.n;
  // Who receives each payload, and how many steps after it was sent.
  const sentAt = new Map<string, number>();
  const received = new Map<string, number>();
  const key = (kind: string, from: number, to: number, view: number) => `${kind}|${from}|${to}|${view}`;
  for (const e of milp.events) {
    if (e.type === "send") sentAt.set(`${e.message}|${e.node}|${e.view}`, e.time);
    if (e.type === "receive" && e.from !== e.node) received.set(key(e.message, e.from, e.node, e.view), e.time);
  }
  const byzantine = milp.roles.flatMap((r, k) => (r === "byzantine" ? [k + 1] : []));
  const dead = milp.roles.flatMap((r, k) => (r === "dead" ? [k + 1] : []));
  const primary1 = milp.views[0]?.primary ?? 1;
  // Neo's primary of view v (0-based) is (height − v) mod N: height = the MILP's first primary (0-based).
  const height = primary1 - 1;
  const config: SimConfig = {
    n,
    byzantine,
    dead,
    height,
    maxViews: Math.max(1, milp.views.length),
    // A backup's first timeout (2T) at the end of the MILP's first view.
    blockTime: Math.max(1, Math.floor((tmax * D) / 2)),
    maxDelay: tmax * D * Math.max(1, milp.views.length),
    eventualDelivery: false,
    record: true,
    recovery: false,
  };
  const delivered = (kind: number, from: number, to: number, view: number) => received.get(key(KIND_NAMES[kind]!, from + 1, to + 1, view + 1));
  const adversary: Adversary = {
    delay(from, to, kind, view) {
      const r = kind < KIND_NAMES.length ? delivered(kind, from, to, view) : undefined;
      const s = kind < KIND_NAMES.length ? sentAt.get(`${KIND_NAMES[kind]!}|${from + 1}|${view + 1}`) : undefined;
      if (r === undefined || s === undefined) return -1;
      return Math.max(0, r - s) * D;
    },
    byzantineSends: (from, to, kind, view) => kind < KIND_NAMES.length && delivered(kind, from, to, view) !== undefined,
    byzantineVariant: () => 0,
    byzantineEagerCommit: (node, view) => sentAt.has(`Commit|${node + 1}|${view + 1}`),
  };
  const result = new DbftSimulator(config).run(adversary);
  const sim = result.trace!;

  const cells = new Map<string, { node: number; message: string; view: number; milp: number | null; simulator: number | null }>();
  const cell = (node: number, message: string, view: number) => {
    const k = `${node}|${message}|${view}`;
    if (!cells.has(k)) cells.set(k, { node, message, view, milp: null, simulator: null });
    return cells.get(k)!;
  };
  for (const e of milp.events) if (e.type === "send" && KIND_CODES[e.message] !== undefined) cell(e.node, e.message, e.view).milp ??= e.time;
  for (const e of sim.events) if (e.type === "send" && KIND_CODES[e.message] !== undefined) cell(e.node, e.message, e.view).simulator ??= Math.round(e.time / D);
  const sends = [...cells.values()].sort((a, b) => a.view - b.view || a.node - b.node || KIND_CODES[a.message]! - KIND_CODES[b.message]!);
  const relays = { milp: relaysOf(milp), simulator: relaysOf(sim) };
  const views = { milp: viewsOf(milp), simulator: viewsOf(sim) };
  const differences: string[] = [];
  milp.views.forEach((v, k) => {
    const neo = (((height - k) % n) + n) % n;
    if (v.primary !== null && v.primary !== neo + 1) differences.push(`view ${v.view}: the MILP's primary is node ${v.primary}, Neo's rotation makes it node ${neo + 1} (fix the rotation in the model)`);
  });
  const relayRole = (r: string) => milp.roles[Number(r.split("@")[0]) - 1];
  for (const r of relays.milp) if (!relays.simulator.includes(r)) differences.push(`relay by node ${r.replace("@", " in view ")} (${relayRole(r)}): in the MILP, not in the simulator`);
  for (const r of relays.simulator) if (!relays.milp.includes(r)) differences.push(`relay by node ${r.replace("@", " in view ")} (${relayRole(r)}): in the simulator, not in the MILP`);
  views.milp.forEach((v, k) => {
    if (v !== views.simulator[k]) differences.push(`node ${k + 1} reaches view ${v} in the MILP, view ${views.simulator[k]} in the simulator`);
  });
  for (const c of sends) {
    const role = milp.roles[c.node - 1];
    const who = `node ${c.node} (${role}) ${c.message} of view ${c.view}`;
    const leads = milp.views[c.view - 1]?.primary === c.node;
    const why =
      c.message === "PrepareResponse" && leads
        ? " (the MILP's primary sends a PrepareResponse beside its PrepareRequest; Neo's counts the request)"
        : c.message === "ChangeView" && role === "honest"
          ? " (Neo asks for a view change only when its timer fires and it has not committed)"
          : role === "byzantine"
            ? " (the simulator's Byzantine nodes send only what the protocol's code produces)"
            : "";
    if (c.milp !== null && c.simulator === null) differences.push(`${who}: sent in the MILP at step ${c.milp}, never in the simulator${why}`);
    else if (c.milp === null && c.simulator !== null) differences.push(`${who}: sent in the simulator at step ${c.simulator} (tick ${c.simulator * D}), not in the MILP${c.message === "ChangeView" ? " (its timer fired)" : ""}`);
  }
  if (result.outcome === "horizon") differences.push(`the simulator run reached its horizon (view ${config.maxViews + 1} or its time limit)`);
  const same = relays.milp.join() === relays.simulator.join() && views.milp.join() === views.simulator.join();
  return { config, ticksPerStep: D, result, relays, views, same, sends, differences };
}
