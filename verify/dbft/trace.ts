import { InputError } from "../../formulations/input-error.js";
import { MESSAGE_KINDS, type MessageKind } from "../../formulations/dbft2/messages.js";

/**
 * One trace type for every dBFT 2.0 execution byzopt handles: MILP solutions decode into it, the
 * simulator emits it, the checkers and the picture read it. Stored as JSON, versioned by `format`.
 *
 * Nodes are numbered 1..N and views from 1 (a simulator trace's view k is Neo's view k − 1). Times are
 * integers: in a MILP trace time = (view − 1)·tmax + step, so view v covers steps (v − 1)·tmax + 1 ..
 * v·tmax; in a simulator trace time is the simulation clock, and nodes may be in different views at once.
 */
export const TRACE_FORMAT = "byzopt.trace/1";

export type Role = "honest" | "byzantine" | "dead";

/** The MILP's four payloads, and Neo's state-sync messages that only simulator traces hold. */
export const TRACE_MESSAGE_KINDS = [...MESSAGE_KINDS, "RecoveryRequest", "RecoveryMessage"] as const;
export type TraceMessageKind = (typeof TRACE_MESSAGE_KINDS)[number];

export function isConsensusMessage(kind: TraceMessageKind): kind is MessageKind {
  return (MESSAGE_KINDS as readonly string[]).includes(kind);
}

/** What a RecoveryMessage carries: its sender's knowledge of the height, as of sending. */
export interface RecoveryContents {
  /** The sender's view. */
  readonly view: number;
  readonly changeViews: readonly { readonly node: number; readonly newView: number }[];
  /** The proposal of the sender's view, if it knows it. */
  readonly request: string | null;
  readonly preparations: readonly { readonly node: number; readonly block: string }[];
  readonly commits: readonly { readonly node: number; readonly view: number; readonly block: string }[];
}
export type TraceSource = "milp" | "simulator";

interface At {
  readonly time: number;
  readonly view: number;
  readonly node: number;
}

/** The node leads the view. */
export interface PrimaryEvent extends At {
  readonly type: "primary";
}

/** The node sends a payload of `view` (to everyone unless `to` lists the recipients). */
export interface SendEvent extends At {
  readonly type: "send";
  readonly message: TraceMessageKind;
  /** The block proposal the payload refers to (PrepareRequest, PrepareResponse, Commit). */
  readonly block?: string;
  /** ChangeView: the view asked for. */
  readonly newView?: number;
  readonly to?: readonly number[];
  readonly recovery?: RecoveryContents;
}

/** The node receives `from`'s payload of `view`, sent at `sentAt`. A node receives its own sends too. */
export interface ReceiveEvent extends At {
  readonly type: "receive";
  readonly message: TraceMessageKind;
  readonly from: number;
  readonly sentAt: number;
  readonly block?: string;
  readonly newView?: number;
  readonly recovery?: RecoveryContents;
}

/** The node commits in `view`: from now on it never asks for a view change (the commit lock). */
export interface CommitEvent extends At {
  readonly type: "commit";
  readonly block?: string;
}

/** The node moves from `view` to `newView`. */
export interface ChangeViewEvent extends At {
  readonly type: "change_view";
  readonly newView: number;
}

/** The node relays (produces) a block; `number` counts relays in the trace from 1. */
export interface RelayEvent extends At {
  readonly type: "relay";
  readonly block: string;
  readonly number: number;
}

/** Any trace event, told apart by `type`. */
export type TraceEvent = PrimaryEvent | SendEvent | ReceiveEvent | CommitEvent | ChangeViewEvent | RelayEvent;
export type TraceEventType = TraceEvent["type"];

/** Order of events at one time: what a node receives at a step counts for what it sends at that step. */
export const EVENT_ORDER: Readonly<Record<TraceEventType, number>> = { primary: 0, receive: 1, send: 2, commit: 3, relay: 4, change_view: 5 };

export interface TraceView {
  readonly view: number;
  /** Null when the view had no primary (it never started). */
  readonly primary: number | null;
}

/** A whole execution: nodes and their roles, the views, and the events in time order. */
export interface Trace {
  /** Always TRACE_FORMAT. */
  readonly format: typeof TRACE_FORMAT;
  /** Whether a MILP solution or the simulator produced it. */
  readonly source: TraceSource;
  /** Number of nodes N. */
  readonly n: number;
  /** Faults tolerated, f = ⌊(N−1)/3⌋. */
  readonly f: number;
  /** Quorum: M = 2f + 1. */
  readonly m: number;
  /** roles[k] is the role of node k + 1. */
  readonly roles: readonly Role[];
  /** MILP traces: steps per view. Null for simulator traces. */
  readonly tmax: number | null;
  /** The views that occur, from view 1, each with its primary. */
  readonly views: readonly TraceView[];
  /**
   * Ordered by time. Within a time, a MILP trace orders by EVENT_ORDER then node (compareEvents); a
   * simulator trace keeps the order things happened in (a send before the receipts it causes).
   */
  readonly events: readonly TraceEvent[];
  /** Where the trace came from: objective and solver result, or seed, schedule and property. */
  readonly meta: Readonly<Record<string, unknown>>;
}

export function compareEvents(a: TraceEvent, b: TraceEvent): number {
  return a.time - b.time || EVENT_ORDER[a.type] - EVENT_ORDER[b.type] || a.node - b.node || a.view - b.view || messageRank(a) - messageRank(b) || fromOf(a) - fromOf(b);
}

function messageRank(e: TraceEvent): number {
  return e.type === "send" || e.type === "receive" ? TRACE_MESSAGE_KINDS.indexOf(e.message) : -1;
}

function fromOf(e: TraceEvent): number {
  return e.type === "receive" ? e.from : 0;
}

/** The step of a MILP trace event within its view. */
export function stepOf(trace: Trace, e: { time: number; view: number }): number {
  if (trace.tmax === null) throw new Error("only MILP traces have steps");
  return e.time - (e.view - 1) * trace.tmax;
}

/** The counts the MILP objective weighs, read from a trace. */
export interface TraceCounts {
  /** Views in which some node relayed a block (the model's totalBlockRelayed). */
  readonly blocks: number;
  /** Views with a primary (numberOfRounds). */
  readonly rounds: number;
  readonly messagesSent: number;
  /** Receipts, a node's receipt of its own payload included (totalNumberRcvdMsg). */
  readonly messagesReceived: number;
  /** Distinct blocks relayed by honest nodes. */
  readonly honestBlocks: readonly string[];
}

/** Counts blocks, views with a primary and messages in a trace, as the MILP objective weighs them. */
export function traceCounts(t: Trace): TraceCounts {
  const relayViews = new Set<number>();
  const honestBlocks = new Set<string>();
  let sent = 0;
  let received = 0;
  for (const e of t.events) {
    if (e.type === "send") sent++;
    else if (e.type === "receive") received++;
    else if (e.type === "relay") {
      relayViews.add(e.view);
      if (t.roles[e.node - 1] === "honest") honestBlocks.add(e.block);
    }
  }
  return { blocks: relayViews.size, rounds: t.views.filter((v) => v.primary !== null).length, messagesSent: sent, messagesReceived: received, honestBlocks: [...honestBlocks].sort() };
}

/** w1·blocks + w2·views + w3·messages, recomputed from the trace alone. */
export function traceObjective(t: Trace, w: { w1: number; w2: number; w3: number }): number {
  const c = traceCounts(t);
  return w.w1 * c.blocks + w.w2 * c.rounds + w.w3 * (c.messagesSent + c.messagesReceived);
}

/** Nodes that received a send of `e` other than its sender, in the trace. */
export function receiversOf(t: Trace, e: SendEvent): number[] {
  return t.events.flatMap((r) => (r.type === "receive" && r.from === e.node && r.view === e.view && r.message === e.message && r.sentAt === e.time && r.node !== e.node ? [r.node] : []));
}

const EVENT_FIELDS: Record<TraceEventType, readonly string[]> = {
  primary: [],
  send: ["message"],
  receive: ["message", "from", "sentAt"],
  commit: [],
  change_view: ["newView"],
  relay: ["block", "number"],
};

/** Checks a parsed JSON value is a trace, with a message naming the first thing wrong. */
export function parseTrace(value: unknown, source = "trace"): Trace {
  const fail = (what: string): never => {
    throw new InputError(`${source}: ${what}`);
  };
  if (typeof value !== "object" || value === null) fail("not a JSON object");
  const t = value as Record<string, unknown>;
  // A trace saved by `dbft solve --trace` wraps the trace with the solve summary.
  if (t.format !== TRACE_FORMAT && typeof t.trace === "object" && t.trace !== null) return parseTrace(t.trace, source);
  if (t.format !== TRACE_FORMAT) fail(`format must be "${TRACE_FORMAT}" (got ${JSON.stringify(t.format)})`);
  if (t.source !== "milp" && t.source !== "simulator") fail(`source must be "milp" or "simulator"`);
  const int = (x: unknown, what: string, min: number) => (Number.isInteger(x) && (x as number) >= min ? (x as number) : fail(`${what} must be an integer >= ${min} (got ${JSON.stringify(x)})`));
  const n = int(t.n, "n", 1);
  int(t.f, "f", 0);
  int(t.m, "m", 1);
  if (t.tmax !== null) int(t.tmax, "tmax", 1);
  if (!Array.isArray(t.roles) || t.roles.length !== n || t.roles.some((r) => r !== "honest" && r !== "byzantine" && r !== "dead")) fail(`roles must list n roles, each honest, byzantine or dead`);
  if (!Array.isArray(t.views)) fail("views must be an array");
  (t.views as unknown[]).forEach((v, k) => {
    const view = v as Record<string, unknown>;
    int(view.view, `views[${k}].view`, 1);
    if (view.primary !== null) int(view.primary, `views[${k}].primary`, 1);
  });
  if (!Array.isArray(t.events)) fail("events must be an array");
  (t.events as unknown[]).forEach((raw, k) => {
    const e = raw as Record<string, unknown>;
    const type = e.type as TraceEventType;
    if (!(type in EVENT_FIELDS)) fail(`events[${k}].type ${JSON.stringify(e.type)} is not one of ${Object.keys(EVENT_FIELDS).join(", ")}`);
    int(e.time, `events[${k}].time`, 0);
    int(e.view, `events[${k}].view`, 1);
    if (int(e.node, `events[${k}].node`, 1) > n) fail(`events[${k}].node ${e.node} is not a node of N=${n}`);
    for (const field of EVENT_FIELDS[type]) if (e[field] === undefined) fail(`events[${k}] (${type}) has no ${field}`);
    if ((type === "send" || type === "receive") && !TRACE_MESSAGE_KINDS.includes(e.message as TraceMessageKind)) fail(`events[${k}].message ${JSON.stringify(e.message)} is not a message kind`);
    if (type === "receive" && int(e.from, `events[${k}].from`, 1) > n) fail(`events[${k}].from ${e.from} is not a node of N=${n}`);
  });
  if (typeof t.meta !== "object" || t.meta === null) fail("meta must be an object");
  return value as Trace;
}
