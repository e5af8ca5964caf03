import { match } from "ts-pattern";
import type { MessageKind } from "../../formulations/dbft2/messages.js";
import { faultWords, type ModelRun, modelRun, ordersViewChange, poolText, SHARED_POOL_NOTE, stepWords } from "./svg-model.js";
import { stepOf, type Trace, traceCounts, type TraceEvent } from "./trace.js";

function nodeLabel(t: Trace, node: number): string {
  const role = t.roles[node - 1];
  return role === "byzantine" ? `node ${node} (Byzantine)` : role === "dead" ? `node ${node} (dead)` : `node ${node}`;
}

function listNodes(nodes: readonly number[]): string {
  return nodes.length === 1 ? `node ${nodes[0]}` : `nodes ${nodes.join(", ")}`;
}

/** How many nodes other than the sender received each send: key sender|view|message|time. */
export function otherReceipts(t: Trace): Map<string, number> {
  const count = new Map<string, number>();
  for (const e of t.events) {
    if (e.type !== "receive" || e.from === e.node) continue;
    const key = `${e.from}|${e.view}|${e.message}|${e.sentAt}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return count;
}

/**
 * Lines for the events of one instant: receipts grouped by receiver and kind; a node's own receipts left out.
 * `run`: a model run's, whose shared pool loses no send and whose variants may let a committed node change view.
 */
function instantLines(t: Trace, events: readonly TraceEvent[], others: Map<string, number>, withView: boolean, run: ModelRun | null = null): string[] {
  const lines: string[] = [];
  const receipts = new Map<string, number[]>();
  const tag = (e: TraceEvent) => (withView ? ` [view ${e.view}]` : "");
  const flush = () => {
    for (const [key, from] of receipts) {
      const [node, message, view] = key.split("|") as [string, MessageKind, string];
      lines.push(`${nodeLabel(t, Number(node))}${withView ? ` [view ${view}]` : ""} receives ${message} from ${listNodes(from)}`);
    }
    receipts.clear();
  };
  for (const e of events) {
    if (e.type !== "receive") flush();
    match(e)
      .with({ type: "primary" }, (p) => lines.push(`${nodeLabel(t, p.node)} is primary of view ${p.view}`))
      .with({ type: "send" }, (s) => {
        const lost = !run?.shared && (others.get(`${s.node}|${s.view}|${s.message}|${s.time}`) ?? 0) === 0 ? "  (no other node receives it)" : "";
        const asks = s.newView !== undefined && !withView ? "" : s.newView !== undefined ? ` (${ordersViewChange(s.message) ? "orders" : "asks for"} view ${s.newView})` : "";
        lines.push(`${nodeLabel(t, s.node)}${tag(s)} sends ${s.message}${asks}${lost}`);
      })
      .with({ type: "receive" }, (r) => {
        if (r.from === r.node) return;
        const key = `${r.node}|${r.message}|${r.view}`;
        receipts.set(key, [...(receipts.get(key) ?? []), r.from]);
      })
      .with({ type: "commit" }, (c) => (withView ? lines.push(`${nodeLabel(t, c.node)} commits in view ${c.view}${run ? "" : " (commit lock)"}`) : undefined))
      .with({ type: "relay" }, (b) => lines.push(`${nodeLabel(t, b.node)} RELAYS BLOCK #${b.number}${withView ? ` (${b.block})` : ""}`))
      .with({ type: "change_view" }, (c) => (withView ? lines.push(`${nodeLabel(t, c.node)} moves to view ${c.newView}`) : undefined))
      .exhaustive();
  }
  flush();
  return lines;
}

function header(t: Trace): string[] {
  const c = traceCounts(t);
  const byRole = (role: string) => t.roles.flatMap((r, k) => (r === role ? [k + 1] : []));
  const faulty = [
    byRole("byzantine").length ? `Byzantine ${listNodes(byRole("byzantine"))}` : "",
    byRole("dead").length ? `dead ${listNodes(byRole("dead"))}` : "",
  ].filter(Boolean);
  const steps = t.tmax !== null ? `, tmax=${t.tmax} steps per view` : "";
  const setting = `N=${t.n} (f=${t.f}, quorum M=${t.m})${steps}; honest ${listNodes(byRole("honest"))}${faulty.length ? `; ${faulty.join("; ")}` : ""}`;
  const counts = `blocks relayed: ${c.blocks}   views started: ${c.rounds}   messages sent: ${c.messagesSent}`;
  const run = modelRun(t);
  if (!run) return [setting, `${counts}, received: ${c.messagesReceived}`];
  return [
    `Model run: ${run.protocolName}, ${poolText(run)}`,
    setting,
    run.shared ? `${counts} (${SHARED_POOL_NOTE})` : `${counts}, received: ${c.messagesReceived}`,
    ...(run.steps.length ? ["t is the step; each step is given first in the schedule's words (n0, n1, … are nodes 1, 2, …; @0, @1, … are views 1, 2, …)"] : []),
  ];
}

/**
 * The trace as readable text. A MILP trace reads view by view and step by step; a simulator trace,
 * where nodes can be in different views at once, reads by clock time with each event's view; a model
 * run reads step by step, each step in the schedule's words, then its events and faults.
 */
export function formatTimeline(t: Trace): string {
  const out = header(t);
  const others = otherReceipts(t);
  const run = modelRun(t);
  const width = Math.max(7, 6 + String(t.tmax ?? Math.max(run?.steps.length ?? 0, t.events.at(-1)?.time ?? 0)).length);
  const pad = (label: string) => label.padEnd(width);
  if (t.tmax !== null) {
    for (const view of t.views) {
      const events = t.events.filter((e) => e.view === view.view && e.type !== "primary" && e.type !== "commit" && e.type !== "change_view");
      if (view.primary === null && events.length === 0) continue;
      const relayed = events.some((e) => e.type === "relay");
      out.push("", `View ${view.view}: ${view.primary === null ? "no primary" : `primary ${nodeLabel(t, view.primary)}`}${relayed ? ", block relayed" : ""}`);
      for (let step = 1; step <= t.tmax; step++) {
        const lines = instantLines(t, events.filter((e) => stepOf(t, e) === step), others, false);
        lines.forEach((line, k) => out.push(`${k === 0 ? pad(`  t=${step}`) : " ".repeat(width)}${line}`));
      }
    }
  } else if (run?.steps.length) {
    // Every step, even one with no event (a death), in the schedule's words, then what it did.
    out.push("");
    const last = Math.max(run.steps.length, ...t.events.map((e) => e.time));
    for (let time = 0; time <= last; time++) {
      const faults = run.faults.filter((f) => f.step === time).map(faultWords);
      const lines = [...faults, ...instantLines(t, t.events.filter((e) => e.time === time), others, true, run)];
      const words = stepWords(run, time);
      if (words) out.push(`${pad(`  t=${time}`)}${words}`);
      lines.forEach((line, k) => out.push(`${words ? " ".repeat(width + 2) : k === 0 ? pad(`  t=${time}`) : " ".repeat(width)}${line}`));
    }
  } else {
    const times = [...new Set(t.events.map((e) => e.time))].sort((a, b) => a - b);
    out.push("");
    for (const time of times) {
      const lines = instantLines(t, t.events.filter((e) => e.time === time), others, true, run);
      lines.forEach((line, k) => out.push(`${k === 0 ? pad(`  t=${time}`) : " ".repeat(width)}${line}`));
    }
  }
  return out.join("\n") + "\n";
}
