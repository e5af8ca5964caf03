import { InputError } from "../../formulations/input-error.js";
import { checkWithSchema, type DataFormat, withZod } from "../../formulations/schema.js";
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

/** A node's role in a trace: honest, Byzantine, or dead (does nothing). */
export type Role = "honest" | "byzantine" | "dead";

/**
 * The MILP's four payloads, Neo's state-sync messages that only simulator traces hold, and the messages
 * of the proposed fixes that only rule-set model traces hold (three-staged and centralized view change, anti-MEV).
 */
export const TRACE_MESSAGE_KINDS = [...MESSAGE_KINDS, "RecoveryRequest", "RecoveryMessage", "ChangeView1", "ChangeView2", "ChangeView3", "CommitAck", "DoChangeView1", "DoChangeView2"] as const;
export type TraceMessageKind = (typeof TRACE_MESSAGE_KINDS)[number];

export function isConsensusMessage(kind: TraceMessageKind): kind is MessageKind {
  return (MESSAGE_KINDS as readonly string[]).includes(kind);
}

/** What a RecoveryMessage carries: its sender's knowledge of the height, as of sending. */
export interface RecoveryContents {
  /** The sender's view. */
  readonly view: number;
  /** The ChangeView payloads it holds. */
  readonly changeViews: readonly {
    /** Their sender. */
    readonly node: number;
    /** The view asked for. */
    readonly newView: number;
  }[];
  /** The proposal of the sender's view, if it knows it. */
  readonly request: string | null;
  /** The PrepareResponse payloads of its view it holds. */
  readonly preparations: readonly {
    /** Their sender. */
    readonly node: number;
    /** The proposal they answer. */
    readonly block: string;
  }[];
  /** The Commit payloads it holds. */
  readonly commits: readonly {
    /** Their sender. */
    readonly node: number;
    /** The view committed in. */
    readonly view: number;
    /** The proposal committed to. */
    readonly block: string;
  }[];
}
/** What produced a trace: a MILP solution (traceFromMilp), the simulator, or a rule-set model's step run. */
export type TraceSource = "milp" | "simulator" | "model";

interface At {
  /** When it happened (see the file comment). */
  readonly time: number;
  /** The view it belongs to. */
  readonly view: number;
  /** The node it happens at (1..N). */
  readonly node: number;
}

/** The node leads the view. */
export interface PrimaryEvent extends At {
  /** The kind of event. */
  readonly type: "primary";
}

/** The node sends a payload of `view` (to everyone unless `to` lists the recipients). */
export interface SendEvent extends At {
  /** The kind of event. */
  readonly type: "send";
  /** The payload sent. */
  readonly message: TraceMessageKind;
  /** The block proposal the payload refers to (PrepareRequest, PrepareResponse, Commit). */
  readonly block?: string;
  /** ChangeView: the view asked for. */
  readonly newView?: number;
  /** The recipients, when not every node. */
  readonly to?: readonly number[];
  /** RecoveryMessage: what it carries. */
  readonly recovery?: RecoveryContents;
}

/** The node receives `from`'s payload of `view`, sent at `sentAt`. A node receives its own sends too. */
export interface ReceiveEvent extends At {
  /** The kind of event. */
  readonly type: "receive";
  /** The payload received. */
  readonly message: TraceMessageKind;
  /** Its sender. */
  readonly from: number;
  /** The time it was sent. */
  readonly sentAt: number;
  /** The block proposal the payload refers to (PrepareRequest, PrepareResponse, Commit). */
  readonly block?: string;
  /** ChangeView: the view asked for. */
  readonly newView?: number;
  /** RecoveryMessage: what it carries. */
  readonly recovery?: RecoveryContents;
}

/** The node commits in `view`: from now on it never asks for a view change (the commit lock). */
export interface CommitEvent extends At {
  /** The kind of event. */
  readonly type: "commit";
  /** The block proposal committed to, when known. */
  readonly block?: string;
}

/** The node moves from `view` to `newView`. */
export interface ChangeViewEvent extends At {
  /** The kind of event. */
  readonly type: "change_view";
  /** The view the node moves to. */
  readonly newView: number;
}

/** The node relays (produces) a block; `number` counts relays in the trace from 1. */
export interface RelayEvent extends At {
  /** The kind of event. */
  readonly type: "relay";
  /** The block relayed. */
  readonly block: string;
  /** Its rank among the trace's relays, from 1. */
  readonly number: number;
}

/** Any trace event, told apart by `type`. */
export type TraceEvent = PrimaryEvent | SendEvent | ReceiveEvent | CommitEvent | ChangeViewEvent | RelayEvent;
export type TraceEventType = TraceEvent["type"];

/** Order of events at one time: what a node receives at a step counts for what it sends at that step. */
export const EVENT_ORDER: Readonly<Record<TraceEventType, number>> = { primary: 0, receive: 1, send: 2, commit: 3, relay: 4, change_view: 5 };

/** A view of a trace and its primary. */
export interface TraceView {
  /** The view's number, from 1. */
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
  /** Send events (totalNumberSendMsg). */
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

/** The schemas of a trace and of the solve output that holds one. */
const traceSchemas = withZod((z) => {
  const count = (min: number) => z.int().min(min);
  const recoverySchema = z.object({
    view: count(0),
    changeViews: z.array(z.object({ node: count(1), newView: count(0) })),
    request: z.string().nullable(),
    preparations: z.array(z.object({ node: count(1), block: z.string() })),
    commits: z.array(z.object({ node: count(1), view: count(0), block: z.string() })),
  });
  const at = { time: count(0), view: count(1), node: count(1) };
  const message = z.enum(TRACE_MESSAGE_KINDS);

  /** One trace event, told apart by `type`. */
  const eventSchema = z.discriminatedUnion("type", [
    z.object({ type: z.literal("primary"), ...at }),
    z.object({ type: z.literal("send"), ...at, message, block: z.string().optional(), newView: count(0).optional(), to: z.array(count(1)).optional(), recovery: recoverySchema.optional() }),
    z.object({ type: z.literal("receive"), ...at, message, from: count(1), sentAt: count(0), block: z.string().optional(), newView: count(0).optional(), recovery: recoverySchema.optional() }),
    z.object({ type: z.literal("commit"), ...at, block: z.string().optional() }),
    z.object({ type: z.literal("change_view"), ...at, newView: count(0) }),
    z.object({ type: z.literal("relay"), ...at, block: z.string(), number: count(1) }),
  ]);

  /** The schema of a trace: fields and events; that nodes lie in 1..n is checked by {@link parseTrace}. */
  const traceSchema = z.object({
    format: z.literal(TRACE_FORMAT),
    source: z.enum(["milp", "simulator", "model"]),
    n: count(1),
    f: count(0),
    m: count(1),
    roles: z.array(z.enum(["honest", "byzantine", "dead"])),
    tmax: count(1).nullable(),
    views: z.array(z.object({ view: count(1), primary: count(1).nullable() })),
    events: z.array(eventSchema),
    meta: z.record(z.string(), z.unknown()),
  });

  /** `dbft solve --trace` writes the solve's summary with the trace under `trace`. */
  const solveOutputSchema = z.looseObject({ trace: traceSchema });
  return { trace: traceSchema, solveOutput: solveOutputSchema, file: z.union([traceSchema, solveOutputSchema]) };
});

/** A trace file: a trace, or what `dbft solve --trace` writes, the solve's summary with the trace under `trace`. */
export const TRACE_FILE_FORMAT: DataFormat = {
  name: "trace",
  description: `A dBFT 2.0 execution (${TRACE_FORMAT}) from a MILP solution or the simulator: written by dbft solve --trace, verify dbft and verify replay; read by verify trace.`,
  get schema() {
    return traceSchemas().file;
  },
  formOf: (value) => (isSolveOutput(value) ? traceSchemas().solveOutput : traceSchemas().trace),
};

function isSolveOutput(value: unknown): value is { trace: unknown } {
  const t = value as Record<string, unknown> | null;
  return typeof t === "object" && t !== null && t.format !== TRACE_FORMAT && typeof t.trace === "object" && t.trace !== null;
}

/** Checks a parsed JSON value is a trace, with a message naming the first thing wrong. */
export function parseTrace(value: unknown, source = "trace"): Trace {
  if (isSolveOutput(value)) return parseTrace(value.trace, source);
  const trace = checkWithSchema(traceSchemas().trace, value, source);
  const fail = (what: string): never => {
    throw new InputError(`${source}: ${what}`);
  };
  if (trace.roles.length !== trace.n) fail(`roles must list n = ${trace.n} roles (got ${trace.roles.length})`);
  trace.events.forEach((e, k) => {
    if (e.node > trace.n) fail(`events[${k}].node ${e.node} is not a node of N=${trace.n}`);
    if (e.type === "receive" && e.from > trace.n) fail(`events[${k}].from ${e.from} is not a node of N=${trace.n}`);
  });
  return value as Trace;
}
