import { nodeText, stepText } from "../../../formulations/dbft2/variants/describe.js";
import type { Machine, Step, VState } from "../../../formulations/dbft2/variants/machine.js";
import { ACCEPTED, BAD, CHANGE_VIEW, CHANGE_VIEW1, CHANGE_VIEW2, CHANGE_VIEW3, COMMIT, COMMIT_SENT, DEAD, DO_CV1, DO_CV2, MESSAGE_TYPES, PREQ, PRESP } from "../../../formulations/dbft2/variants/types.js";
import { type Role, type Trace, TRACE_FORMAT, type TraceEvent, type TraceMessageKind, type TraceView } from "../trace.js";

/**
 * A rule-set model's run as a byzopt.trace/1 (source "model"), so that its timeline and picture are
 * drawn like a simulator's. Time is the step number (1, 2, …); nodes and views count from 1 as in every
 * trace (model node r is trace node r + 1, model view v is trace view v + 1). With the shared pool a
 * message is in every pool as soon as it is sent, so there are no receive events; with local pools each
 * delivery is a receive event. A block is named by its proposal's view (ccv: its source view).
 */
export function modelTrace(m: Machine, steps: readonly Step[], meta: Record<string, unknown> = {}): Trace {
  const { n, u } = m;
  const events: TraceEvent[] = [];
  const sentAt = new Map<number, number>();
  const faults: { node: number; step: number; becomes: "dead" | "bad" }[] = [];
  const views = new Set<number>([0]);
  let relays = 0;
  let s: VState = m.initial();
  for (let r = 0; r < n; r++) if (m.primary(s.view[r]!) === r) events.push({ type: "primary", time: 0, view: s.view[r]! + 1, node: r + 1 });
  const union = (x: VState, w: number) => {
    let bits = 0;
    for (let p = 0; p < m.pools; p++) bits |= x.pools[p * m.words + w]!;
    return bits;
  };
  const block = (k: number) => `v${(m.config.protocol === "ccv" ? u.source[k]! : u.view[k]!) + 1}`;
  const payload = (k: number): { block?: string; newView?: number } => {
    const t = u.type[k]!;
    if (t === PREQ || t === PRESP || t === COMMIT) return { block: block(k) };
    if (t === CHANGE_VIEW || t === CHANGE_VIEW1 || t === CHANGE_VIEW2 || t === CHANGE_VIEW3) return { newView: (m.config.protocol === "ccv" ? u.target[k]! : u.view[k]! + 1) + 1 };
    if (t === DO_CV1 || t === DO_CV2) return { newView: u.target[k]! + 1 };
    return {};
  };
  steps.forEach((step, index) => {
    const time = index + 1;
    const next = m.apply(s, step);
    // New messages anywhere are sends; a message already sent that reaches another pool is a receipt.
    for (let w = 0; w < m.words; w++) {
      const fresh = union(next, w) & ~union(s, w);
      for (let x = fresh; x !== 0; x &= x - 1) {
        const k = (w << 5) | (31 - Math.clz32(x & -x));
        sentAt.set(k, time);
        views.add(u.view[k]!);
        events.push({ type: "send", time, view: u.view[k]! + 1, node: u.sender[k]! + 1, message: MESSAGE_TYPES[u.type[k]!] as TraceMessageKind, ...payload(k) });
      }
      if (!m.local) continue;
      for (let r = 0; r < n; r++) {
        for (let x = next.pools[r * m.words + w]! & ~s.pools[r * m.words + w]! & ~fresh; x !== 0; x &= x - 1) {
          const k = (w << 5) | (31 - Math.clz32(x & -x));
          events.push({ type: "receive", time, view: u.view[k]! + 1, node: r + 1, from: u.sender[k]! + 1, message: MESSAGE_TYPES[u.type[k]!] as TraceMessageKind, sentAt: sentAt.get(k) ?? time, ...payload(k) });
        }
      }
    }
    for (let r = 0; r < n; r++) {
      const [t0, t1, v0, v1] = [s.type[r]!, next.type[r]!, s.view[r]!, next.view[r]!];
      if (t1 === DEAD && t0 !== DEAD) faults.push({ node: r + 1, step: time, becomes: "dead" });
      if (t1 === BAD && t0 !== BAD) faults.push({ node: r + 1, step: time, becomes: "bad" });
      if (t1 === COMMIT_SENT && t0 !== COMMIT_SENT) events.push({ type: "commit", time, view: v1 + 1, node: r + 1, block: `v${v1 + 1}` });
      if (v1 !== v0) {
        views.add(v1);
        events.push({ type: "change_view", time, view: v0 + 1, node: r + 1, newView: v1 + 1 });
        if (m.primary(v1) === r && t1 !== DEAD && t1 !== BAD) events.push({ type: "primary", time, view: v1 + 1, node: r + 1 });
      }
      if (t1 === ACCEPTED && t0 !== ACCEPTED) {
        const b = m.config.protocol === "ccv" ? next.acc[r]! : v1;
        events.push({ type: "relay", time, view: v1 + 1, node: r + 1, block: `v${b + 1}`, number: ++relays });
      }
    }
    s = next;
  });
  const top = Math.max(...views);
  const traceViews: TraceView[] = Array.from({ length: top + 1 }, (_, v) => ({ view: v + 1, primary: m.primary(v) + 1 }));
  const roles: Role[] = Array.from({ length: n }, (_, r) => (s.type[r] === DEAD ? "dead" : s.type[r] === BAD ? "byzantine" : "honest"));
  return {
    format: TRACE_FORMAT,
    source: "model",
    n,
    f: m.f,
    m: m.m,
    roles,
    tmax: null,
    views: traceViews,
    events,
    meta: { ...meta, protocol: m.config.protocol, pool: m.config.pool, commitCount: m.config.commitCount, maxView: m.config.maxView, dead: m.config.dead, faulty: m.config.faulty, steps: steps.map((st) => stepText(m, st)), faults, nodes: Array.from({ length: n }, (_, r) => nodeText(m, s, r)) },
  };
}
