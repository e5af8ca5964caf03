import { MESSAGE_KINDS } from "../../formulations/dbft2/messages.js";
import { type DbftParams, faultsTolerated, quorum } from "../../formulations/dbft2/params.js";
import { dbftLayout } from "../../formulations/dbft2/variables.js";
import { compareEvents, type Role, type Trace, TRACE_FORMAT, type TraceEvent, type TraceView } from "./trace.js";

/** The block a MILP view proposes: the model has one proposal per view. */
export const milpBlock = (view: number) => `v${view}`;

/**
 * Reads a solution vector of the dBFT model (column order of `buildDbftModel`) as a trace:
 * primaries, every send and receipt (a node's receipt of its own payload included), commits (a Commit
 * sent), relays, and the view changes the model implies (a node that got M ChangeViews in view v moves
 * to v + 1 at the end of v, unless it is an honest node that has committed). A receipt with no matching send gets sentAt 0 (no such time in a MILP trace).
 */
export function traceFromMilp(p: Pick<DbftParams, "n" | "tmax">, values: ArrayLike<number>, meta: Record<string, unknown> = {}): Trace {
  const { sets: s, vars: x } = dbftLayout(p);
  const tau = p.tmax;
  const m = quorum(p.n);
  const on = (col: number) => values[col]! > 0.5;
  const time = (v: number, t: number) => (v - 1) * tau + t;
  const events: TraceEvent[] = [];
  const views: TraceView[] = [];

  for (let v = s.V.first; v <= s.V.last; v++) {
    let primary: number | null = null;
    for (let i = s.R.first; i <= s.R.last; i++) if (on(x.primary.col(i, v))) primary = i;
    views.push({ view: v, primary });
    if (primary !== null) events.push({ type: "primary", time: time(v, 1), view: v, node: primary });
  }
  for (const message of MESSAGE_KINDS) {
    const sentAt = new Map<string, number>();
    for (let v = s.V.first; v <= s.V.last; v++)
      for (let t = s.T.first; t <= s.T.last; t++)
        for (let i = s.R.first; i <= s.R.last; i++) {
          if (!on(x.send[message].col(t, i, v))) continue;
          sentAt.set(`${i}|${v}`, time(v, t));
          const payload = message === "ChangeView" ? { newView: v + 1 } : { block: milpBlock(v) };
          events.push({ type: "send", time: time(v, t), view: v, node: i, message, ...payload });
          if (message === "Commit") events.push({ type: "commit", time: time(v, t), view: v, node: i, block: milpBlock(v) });
        }
    for (let v = s.V.first; v <= s.V.last; v++)
      for (let t = s.T.first; t <= s.T.last; t++)
        for (let i = s.R.first; i <= s.R.last; i++)
          for (let j = s.R.first; j <= s.R.last; j++) {
            if (!on(x.recv[message].col(t, i, j, v))) continue;
            const payload = message === "ChangeView" ? { newView: v + 1 } : { block: milpBlock(v) };
            events.push({ type: "receive", time: time(v, t), view: v, node: i, from: j, message, sentAt: sentAt.get(`${j}|${v}`) ?? 0, ...payload });
          }
  }
  const relays: { time: number; view: number; node: number }[] = [];
  for (let v = s.V.first; v <= s.V.last; v++)
    for (let t = s.T.first; t <= s.T.last; t++) for (let i = s.R.first; i <= s.R.last; i++) if (on(x.blockRelay.col(t, i, v))) relays.push({ time: time(v, t), view: v, node: i });
  relays.sort((a, b) => a.time - b.time || a.node - b.node);
  relays.forEach((r, k) => events.push({ type: "relay", ...r, block: milpBlock(r.view), number: k + 1 }));
  // An honest node that committed is locked in its view; the others move on with M ChangeViews.
  const committedBy = new Map<number, number>();
  for (const e of events) if (e.type === "commit" && e.node <= m && !committedBy.has(e.node)) committedBy.set(e.node, e.view);
  for (let v = s.V.first; v < s.V.last; v++)
    for (let i = s.R.first; i <= s.R.last; i++) {
      const lockedAt = committedBy.get(i);
      if (lockedAt !== undefined && lockedAt <= v) continue;
      if (Math.round(values[x.cvCount.col(i, v)]!) >= m) events.push({ type: "change_view", time: time(v, tau), view: v, node: i, newView: v + 1 });
    }
  events.sort(compareEvents);
  return {
    format: TRACE_FORMAT,
    source: "milp",
    n: p.n,
    f: faultsTolerated(p.n),
    m,
    roles: Array.from({ length: p.n }, (_, k): Role => (k < m ? "honest" : "byzantine")),
    tmax: tau,
    views,
    events,
    meta,
  };
}
