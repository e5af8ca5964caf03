import type { Trace, TraceMessageKind } from "./trace.js";

/**
 * What the picture and the timeline need to know about rule-set model traces (source "model", written
 * by variants/model-trace.ts): the messages only the proposed fixes have, and what the trace's meta says
 * about the run (protocol, pool, the steps in the schedule's words, when nodes die or turn bad). Pure
 * data and text, no drawing, so that svg.ts and timeline.ts can both use it.
 */

/** The message kinds only model traces hold. */
export const MODEL_KINDS = ["ChangeView1", "ChangeView2", "ChangeView3", "CommitAck", "DoChangeView1", "DoChangeView2"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface KindStyle {
  readonly color: string;
  /** Stroke pattern, or undefined for solid. */
  readonly dash: string | undefined;
  /** Horizontal offset at a step, as KIND_DX in svg.ts. */
  readonly dx: number;
  /** How far arrows bow, as KIND_BOW in svg.ts. */
  readonly bow: number;
}

/**
 * The three view-change stages are shades of ChangeView's reddish purple, light to dark, each with its
 * own dash; CommitAck a dark green with a dash-dot next to Commit's solid green; DoChangeView1/2 two
 * vermilions (the Okabe–Ito colour the four MILP kinds leave free) with long dashes.
 */
export const MODEL_KIND_STYLES: Readonly<Record<ModelKind, KindStyle>> = {
  ChangeView1: { color: "#d580bb", dash: "2 3", dx: 9, bow: 4.5 },
  ChangeView2: { color: "#a23a86", dash: "6 4", dx: 9, bow: 4.5 },
  ChangeView3: { color: "#5c1a4f", dash: "11 3", dx: 9, bow: 4.5 },
  CommitAck: { color: "#11604a", dash: "7 2 2 2", dx: 6, bow: 3 },
  // Left of PrepareRequest: the primary that orders the change sends the next view's PrepareRequest in
  // the same step, and the view-change and primary marks sit at and right of the step.
  DoChangeView1: { color: "#d55e00", dash: "12 3 3 3", dx: -16, bow: -6 },
  DoChangeView2: { color: "#8c3b00", dash: "12 3 3 3", dx: -16, bow: -6 },
};

export function isModelKind(kind: TraceMessageKind): kind is ModelKind {
  return (MODEL_KINDS as readonly string[]).includes(kind);
}

/** Neo's state sync: simulator traces only. Every other kind is a consensus payload of some protocol. */
export function isRecovery(kind: TraceMessageKind): boolean {
  return kind === "RecoveryRequest" || kind === "RecoveryMessage";
}

/** A payload by which a node asks to leave its view (any stage of the view change). */
export function asksForViewChange(kind: TraceMessageKind): boolean {
  return kind === "ChangeView" || kind === "ChangeView1" || kind === "ChangeView2" || kind === "ChangeView3";
}

/** A DoChangeView is the ccv primary's order to move, not a request: its newView is "ordered". */
export function ordersViewChange(kind: TraceMessageKind): boolean {
  return kind === "DoChangeView1" || kind === "DoChangeView2";
}

/** A node that dies or turns bad at a step (model-trace.ts: meta.faults). */
export interface ModelFault {
  readonly node: number;
  readonly step: number;
  readonly becomes: "dead" | "bad";
}

/** What a model trace's meta says about its run; fields that are missing or malformed read as absent. */
export interface ModelRun {
  readonly protocol: string;
  /** "dBFT 2.1 three-staged view change (cv3)" and the like. */
  readonly protocolName: string;
  readonly pool: string;
  /** Every message is in every node's pool as soon as it is sent: there are no receive events. */
  readonly shared: boolean;
  /** steps[k] is step k + 1 (time k + 1) in the schedule's words (model nodes and views count from 0). */
  readonly steps: readonly string[];
  readonly faults: readonly ModelFault[];
  /** The nodes' final records in the model's words (views from 0). */
  readonly records: readonly string[];
}

const PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  "dbft2.0": "dBFT 2.0",
  cv3: "dBFT 2.1 three-staged view change (cv3)",
  ccv: "dBFT 2.1 centralized view change (ccv)",
  antimev: "dBFT 2.0 with anti-MEV CommitAcks (antimev)",
  multipool: "dBFT 2.0 with per-node pools (multipool)",
};

/** The run a model trace records; null for MILP and simulator traces. */
export function modelRun(t: Trace): ModelRun | null {
  if (t.source !== "model") return null;
  const m = t.meta;
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const protocol = typeof m.protocol === "string" ? m.protocol : "unknown protocol";
  const pool = typeof m.pool === "string" ? m.pool : "shared";
  const faults = (Array.isArray(m.faults) ? m.faults : []).flatMap((f): ModelFault[] => {
    const x = f as Partial<ModelFault> | null;
    return x && Number.isInteger(x.node) && Number.isInteger(x.step) && (x.becomes === "dead" || x.becomes === "bad") ? [{ node: x.node!, step: x.step!, becomes: x.becomes }] : [];
  });
  return { protocol, protocolName: PROTOCOL_NAMES[protocol] ?? protocol, pool, shared: pool !== "local", steps: strings(m.steps), faults, records: strings(m.nodes) };
}

/** The pool in words, for headers. */
export function poolText(run: ModelRun): string {
  return run.shared ? "shared pool (every message is in every node's pool as soon as it is sent)" : "a pool per node (each delivery is a step)";
}

/** What a send to the shared pool amounts to, in place of "no other node receives it". */
export const SHARED_POOL_NOTE = "shared pool: every node reads it";

/** How the timeline and tooltips say a step: "n0 PReq" for step 1 of a run whose first step is n0 PReq. */
export function stepWords(run: ModelRun, step: number): string | undefined {
  return run.steps[step - 1];
}

/** A fault in words, e.g. "node 1 dies: from then on it sends and receives nothing". */
export function faultWords(f: ModelFault): string {
  return f.becomes === "dead" ? `node ${f.node} dies: from then on it sends and receives nothing` : `node ${f.node} turns Byzantine: from then on it may send messages and raise its view at will`;
}

/** A fault with its step, e.g. "node 1 dies at step 2 (n0 dies): from then on it sends and receives nothing". */
export function faultText(run: ModelRun, f: ModelFault): string {
  const words = stepWords(run, f.step);
  return faultWords(f).replace(":", ` at step ${f.step}${words ? ` (${words})` : ""}:`);
}
