import { MESSAGE_KINDS, type MessageKind } from "../formulations/dbft2/messages.js";
import { type DbftParams, faultsTolerated, quorum } from "../formulations/dbft2/params.js";
import { dbftLayout } from "../formulations/dbft2/variables.js";

export const EXECUTION_FORMAT = "byzopt.dbft-execution/1";

export type NodeRole = "honest" | "byzantine";

/** One thing that happened at step `time` of view `view`. Node numbers are 1-based as in the model. */
export type ExecutionEvent =
  | { readonly type: "send"; readonly view: number; readonly time: number; readonly node: number; readonly message: MessageKind; readonly receivedByOthers: number }
  | { readonly type: "receive"; readonly view: number; readonly time: number; readonly node: number; readonly from: number; readonly message: MessageKind }
  | { readonly type: "relay"; readonly view: number; readonly time: number; readonly node: number; readonly block: number };

export interface ViewSummary {
  readonly view: number;
  /** Null when nobody was primary: the view never started. */
  readonly primary: number | null;
  readonly blockRelayed: boolean;
  /** ChangeView messages each node received in this view (CV#), node order. */
  readonly changeViewsReceived: readonly number[];
}

/** A dBFT 2.0 execution as the MILP describes it: who was primary, who sent and received what, when. */
export interface DbftExecution {
  readonly format: typeof EXECUTION_FORMAT;
  readonly n: number;
  readonly tmax: number;
  readonly f: number;
  readonly m: number;
  /** roles[k] is the role of node k+1: nodes 1..M honest, M+1..N Byzantine. */
  readonly roles: readonly NodeRole[];
  readonly views: readonly ViewSummary[];
  /** Ordered by view, time, then sends, receipts, relays, then node. Self-receipts are left out. */
  readonly events: readonly ExecutionEvent[];
  readonly blocks: number;
  /** Views that had a primary (numberOfRounds). */
  readonly rounds: number;
  readonly messagesSent: number;
  /** Receipts, self-receipts included (as the model's totalNumberRcvdMsg counts them). */
  readonly messagesReceived: number;
}

const EVENT_ORDER = { send: 0, receive: 1, relay: 2 } as const;

/** Reads a solution vector of the dBFT model (column order of `buildDbftModel`) as an execution. */
export function decodeExecution(p: Pick<DbftParams, "n" | "tmax">, values: ArrayLike<number>): DbftExecution {
  const { sets: s, vars: x } = dbftLayout(p);
  const on = (col: number) => values[col]! > 0.5;
  const events: ExecutionEvent[] = [];
  let messagesSent = 0;
  let messagesReceived = 0;

  for (const message of MESSAGE_KINDS) {
    for (let v = s.V.first; v <= s.V.last; v++)
      for (let t = s.T.first; t <= s.T.last; t++)
        for (let i = s.R.first; i <= s.R.last; i++) {
          if (on(x.send[message].col(t, i, v))) {
            messagesSent++;
            let receivedByOthers = 0;
            for (let k = s.R.first; k <= s.R.last; k++)
              for (let t2 = s.T.first; t2 <= s.T.last; t2++) if (k !== i && on(x.recv[message].col(t2, k, i, v))) receivedByOthers++;
            events.push({ type: "send", view: v, time: t, node: i, message, receivedByOthers });
          }
          for (let j = s.R.first; j <= s.R.last; j++) {
            if (!on(x.recv[message].col(t, i, j, v))) continue;
            messagesReceived++;
            if (i !== j) events.push({ type: "receive", view: v, time: t, node: i, from: j, message });
          }
        }
  }
  const relays: { view: number; time: number; node: number }[] = [];
  for (let v = s.V.first; v <= s.V.last; v++)
    for (let t = s.T.first; t <= s.T.last; t++) for (let i = s.R.first; i <= s.R.last; i++) if (on(x.blockRelay.col(t, i, v))) relays.push({ view: v, time: t, node: i });
  relays.forEach((r, k) => events.push({ type: "relay", ...r, block: k + 1 }));

  events.sort(
    (a, b) =>
      a.view - b.view ||
      a.time - b.time ||
      EVENT_ORDER[a.type] - EVENT_ORDER[b.type] ||
      a.node - b.node ||
      messageRank(a) - messageRank(b) ||
      (a.type === "receive" && b.type === "receive" ? a.from - b.from : 0),
  );

  const views: ViewSummary[] = [];
  let blocks = 0;
  let rounds = 0;
  for (let v = s.V.first; v <= s.V.last; v++) {
    let primary: number | null = null;
    for (let i = s.R.first; i <= s.R.last; i++) if (on(x.primary.col(i, v))) primary = i;
    if (primary !== null) rounds++;
    const blockRelayed = on(x.blockRelayed.col(v));
    if (blockRelayed) blocks++;
    const changeViewsReceived: number[] = [];
    for (let i = s.R.first; i <= s.R.last; i++) changeViewsReceived.push(Math.round(values[x.cvCount.col(i, v)]!));
    views.push({ view: v, primary, blockRelayed, changeViewsReceived });
  }

  const m = quorum(p.n);
  return {
    format: EXECUTION_FORMAT,
    n: p.n,
    tmax: p.tmax,
    f: faultsTolerated(p.n),
    m,
    roles: Array.from({ length: p.n }, (_, k) => (k < m ? "honest" : "byzantine")),
    views,
    events,
    blocks,
    rounds,
    messagesSent,
    messagesReceived,
  };
}

function messageRank(e: ExecutionEvent): number {
  return e.type === "relay" ? -1 : MESSAGE_KINDS.indexOf(e.message);
}

/** The objective w1·blocks + w2·views + w3·messages, recomputed from the execution alone. */
export function executionObjective(e: DbftExecution, w: { w1: number; w2: number; w3: number }): number {
  return w.w1 * e.blocks + w.w2 * e.rounds + w.w3 * (e.messagesSent + e.messagesReceived);
}
