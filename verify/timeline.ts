import { match } from "ts-pattern";
import type { MessageKind } from "../formulations/dbft2/messages.js";
import type { DbftExecution, ExecutionEvent } from "./execution.js";

const SHORT: Record<MessageKind, string> = {
  PrepareRequest: "PrepareRequest",
  PrepareResponse: "PrepareResponse",
  Commit: "Commit",
  ChangeView: "ChangeView",
};

function nodeLabel(e: DbftExecution, node: number): string {
  return e.roles[node - 1] === "byzantine" ? `node ${node} (Byzantine)` : `node ${node}`;
}

function listNodes(nodes: number[]): string {
  return nodes.length === 1 ? `node ${nodes[0]}` : `nodes ${nodes.join(", ")}`;
}

/** One line per (step, node, kind of thing): sends, receipts grouped by message kind, relays. */
function stepLines(e: DbftExecution, events: readonly ExecutionEvent[]): string[] {
  const lines: string[] = [];
  const receipts = new Map<string, number[]>();
  const flushReceipts = () => {
    for (const [key, from] of receipts) {
      const [node, message] = key.split("|") as [string, MessageKind];
      lines.push(`${nodeLabel(e, Number(node))} receives ${SHORT[message]} from ${listNodes(from)}`);
    }
    receipts.clear();
  };
  for (const ev of events) {
    if (ev.type !== "receive") flushReceipts();
    match(ev)
      .with({ type: "send" }, (s) => {
        const lost = s.receivedByOthers === 0 ? "  (no other node receives it)" : "";
        lines.push(`${nodeLabel(e, s.node)} sends ${SHORT[s.message]}${lost}`);
      })
      .with({ type: "receive" }, (r) => {
        const key = `${r.node}|${r.message}`;
        const from = receipts.get(key) ?? [];
        from.push(r.from);
        receipts.set(key, from);
      })
      .with({ type: "relay" }, (b) => lines.push(`${nodeLabel(e, b.node)} RELAYS BLOCK #${b.block}`))
      .exhaustive();
  }
  flushReceipts();
  return lines;
}

/** The execution as readable text: a header, then per started view its steps and what happened at each. */
export function formatTimeline(e: DbftExecution): string {
  const out: string[] = [];
  const byzantine = e.roles.flatMap((r, k) => (r === "byzantine" ? [k + 1] : []));
  out.push(`N=${e.n} (f=${e.f}, quorum M=${e.m}), tmax=${e.tmax} steps per view; honest nodes 1..${e.m}, Byzantine ${listNodes(byzantine)}`);
  out.push(`blocks relayed: ${e.blocks}   views started: ${e.rounds}   messages sent: ${e.messagesSent}, received: ${e.messagesReceived}`);
  for (const view of e.views) {
    const events = e.events.filter((ev) => ev.view === view.view);
    if (view.primary === null && events.length === 0) continue;
    const primary = view.primary === null ? "no primary" : `primary ${nodeLabel(e, view.primary)}`;
    out.push("");
    out.push(`View ${view.view}: ${primary}${view.blockRelayed ? ", block relayed" : ""}`);
    for (let t = 1; t <= e.tmax; t++) {
      const lines = stepLines(e, events.filter((ev) => ev.time === t));
      lines.forEach((line, k) => out.push(`${k === 0 ? `  t=${String(t).padEnd(3)}` : " ".repeat(7)}${line}`));
    }
  }
  return out.join("\n") + "\n";
}
