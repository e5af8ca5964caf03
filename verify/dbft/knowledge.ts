import type { Trace, TraceEvent } from "./trace.js";

/**
 * What each node holds as a trace unfolds: the payloads it has received (directly, through a
 * RecoveryMessage, or its own), its current view, whether it committed and whether it is asking for a
 * view change. Checkers replay a trace through this and judge each event against what the node held
 * just before it. "Held" means received, whether or not the node accepted it.
 */
export class NodeKnowledge {
  view = 1;
  committedView: number | null = null;
  /** The view this node last asked for with a ChangeView, or 0. */
  askedView = 0;
  /** view → sender → block, for preparations: the PrepareRequest of the view's primary and PrepareResponses. */
  readonly preparations = new Map<number, Map<number, string>>();
  /** view → sender → block of the PrepareRequest received (from anyone). */
  readonly requests = new Map<number, Map<number, string>>();
  /** sender → first commit received from it. */
  readonly commits = new Map<number, { view: number; block: string }>();
  /** sender → highest view asked for in a ChangeView. */
  readonly changeViews = new Map<number, number>();

  preparationsFor(view: number, block: string): number {
    let count = 0;
    for (const b of this.preparations.get(view)?.values() ?? []) if (b === block) count++;
    return count;
  }

  commitsFor(view: number, block: string): number {
    let count = 0;
    for (const c of this.commits.values()) if (c.view === view && c.block === block) count++;
    return count;
  }

  changeViewsAtLeast(w: number): number {
    let count = 0;
    for (const v of this.changeViews.values()) if (v >= w) count++;
    return count;
  }

  /** Commits known, of any view: Neo's CountCommitted. */
  get commitsKnown(): number {
    return this.commits.size;
  }

  addPreparation(view: number, sender: number, block: string): void {
    let m = this.preparations.get(view);
    if (!m) this.preparations.set(view, (m = new Map()));
    if (!m.has(sender)) m.set(sender, block);
  }

  addRequest(view: number, sender: number, block: string): void {
    let m = this.requests.get(view);
    if (!m) this.requests.set(view, (m = new Map()));
    if (!m.has(sender)) m.set(sender, block);
  }

  addCommit(sender: number, view: number, block: string): void {
    if (!this.commits.has(sender)) this.commits.set(sender, { view, block });
  }

  addChangeView(sender: number, newView: number): void {
    if ((this.changeViews.get(sender) ?? 0) < newView) this.changeViews.set(sender, newView);
  }
}

/** The primary of each view the trace names (primary events and the views table). */
export function primariesOf(trace: Trace): Map<number, number> {
  const primaries = new Map<number, number>();
  for (const v of trace.views) if (v.primary !== null) primaries.set(v.view, v.primary);
  for (const e of trace.events) if (e.type === "primary") primaries.set(e.view, e.node);
  return primaries;
}

/**
 * Walks the trace in order, calling `visit` with each event and the knowledge of its node just before
 * the event, then folds the event into that knowledge.
 */
export function replayKnowledge(trace: Trace, visit: (e: TraceEvent, k: NodeKnowledge, index: number) => void): NodeKnowledge[] {
  const nodes = Array.from({ length: trace.n }, () => new NodeKnowledge());
  const primaries = primariesOf(trace);
  trace.events.forEach((e, index) => {
    const k = nodes[e.node - 1]!;
    visit(e, k, index);
    switch (e.type) {
      case "receive": {
        if (e.message === "PrepareRequest" && e.block) {
          k.addRequest(e.view, e.from, e.block);
          if (primaries.get(e.view) === e.from) k.addPreparation(e.view, e.from, e.block);
        } else if (e.message === "PrepareResponse" && e.block) k.addPreparation(e.view, e.from, e.block);
        else if (e.message === "Commit" && e.block) k.addCommit(e.from, e.view, e.block);
        else if (e.message === "ChangeView" && e.newView !== undefined) k.addChangeView(e.from, e.newView);
        else if (e.message === "RecoveryMessage" && e.recovery) {
          const r = e.recovery;
          for (const cv of r.changeViews) k.addChangeView(cv.node, cv.newView);
          const primary = primaries.get(r.view);
          if (r.request !== null && primary !== undefined) {
            k.addRequest(r.view, primary, r.request);
            k.addPreparation(r.view, primary, r.request);
          }
          for (const p of r.preparations) k.addPreparation(r.view, p.node, p.block);
          for (const c of r.commits) k.addCommit(c.node, c.view, c.block);
        }
        return;
      }
      case "send":
        if (e.message === "ChangeView" && e.newView !== undefined) k.askedView = Math.max(k.askedView, e.newView);
        return;
      case "commit":
        k.committedView ??= e.view;
        return;
      case "change_view":
        k.view = e.newView;
        return;
      default:
        return;
    }
  });
  return nodes;
}
