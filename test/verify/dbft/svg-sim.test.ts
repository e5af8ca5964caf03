import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderExecutionHtml } from "../../../verify/dbft/html.js";
import { CHANGE_VIEW_DASH, CLOCK_BREAK_TICKS, MESSAGE_COLORS, renderExecutionSvg } from "../../../verify/dbft/svg.js";
import { isConsensusMessage, parseTrace, type ReceiveEvent, type Trace, type TraceEvent } from "../../../verify/dbft/trace.js";
import { checkWellFormed, ends, type Tag, tags, withClass } from "../../helpers/svg-check.js";

/** Simulator traces (tmax null) drawn on their clock. Fixtures: runs of verify/sim/simulator.ts. */
function fixture(name: string): Trace {
  return parseTrace(JSON.parse(readFileSync(new URL(`fixtures/sim-${name}.json`, import.meta.url), "utf8")), name);
}

const NAMES = ["lock-n4-dead", "fork-n4", "lock-n7-dead", "lock-n4-norecovery"] as const;
const traces = Object.fromEntries(NAMES.map((n) => [n, fixture(n)])) as Record<(typeof NAMES)[number], Trace>;
const svgs = Object.fromEntries(NAMES.map((n) => [n, renderExecutionSvg(traces[n], { title: n })])) as Record<(typeof NAMES)[number], string>;

const receipts = (t: Trace) => t.events.filter((ev): ev is ReceiveEvent => ev.type === "receive" && ev.from !== ev.node);
const key = (kind: string, from: unknown, to: unknown, view: unknown, sent: unknown, received: unknown) => `${kind} ${from}->${to} v${view} @${sent}-${received}`;
const drawnKey = (a: Tag) => key(a.attrs["data-kind"]!, a.attrs["data-from"], a.attrs["data-to"], a.attrs["data-view"], a.attrs["data-sent"], a.attrs["data-received"]);
const eventKey = (r: ReceiveEvent) => key(r.message, r.from, r.node, r.view, r.sentAt, r.time);
const of = <T extends TraceEvent["type"]>(t: Trace, type: T) => t.events.filter((ev): ev is Extract<TraceEvent, { type: T }> => ev.type === type);
const sorted = (xs: string[]) => [...xs].sort();
const width = (svg: string) => Number(/^<svg[^>]* width="(\d+)"/.exec(svg)![1]);

describe.each(NAMES)("the clock picture of the simulator trace %s", (name) => {
  const t = traces[name];
  const svg = svgs[name];

  it("is one well-formed, self-contained SVG document, under 4000 px wide, with text of 11 px or more", () => {
    expect(t.tmax).toBeNull();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith("</svg>\n")).toBe(true);
    expect(() => checkWellFormed(svg)).not.toThrow();
    expect(svg).not.toMatch(/<script|<style|<image|<foreignObject|@import|href=|https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
    expect(width(svg)).toBeLessThan(4000);
    const sizes = tags(svg).flatMap((tag) => (tag.attrs["font-size"] ? [Number(tag.attrs["font-size"])] : []));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
  });

  it("draws one arrow (class msg) per receipt of a consensus message from another node, with its clock times", () => {
    const expected = receipts(t).filter((r) => isConsensusMessage(r.message));
    expect(expected.length).toBeGreaterThan(0);
    const arrows = withClass(svg, "msg");
    expect(sorted(arrows.map(drawnKey))).toEqual(sorted(expected.map(eventKey)));
    expect(svg.match(/class="msg"/g)).toHaveLength(expected.length);
    for (const a of arrows) {
      const kind = a.attrs["data-kind"] as keyof typeof MESSAGE_COLORS;
      expect(a.name).toBe("path");
      expect(a.attrs.stroke).toBe(MESSAGE_COLORS[kind]);
      expect(a.attrs["stroke-dasharray"]).toBe(kind === "ChangeView" ? CHANGE_VIEW_DASH : undefined);
    }
  });

  it("draws recovery receipts thin and grey (class recovery), never as msg", () => {
    const expected = receipts(t).filter((r) => !isConsensusMessage(r.message));
    const drawn = withClass(svg, "recovery");
    expect(sorted(drawn.map(drawnKey))).toEqual(sorted(expected.map(eventKey)));
    for (const a of drawn) {
      expect(a.attrs.class).toBe("recovery");
      expect(Object.values(MESSAGE_COLORS)).not.toContain(a.attrs.stroke);
      expect(Number(a.attrs["stroke-width"])).toBeLessThan(1.6);
    }
    expect(withClass(svg, "msg").some((a) => a.attrs["data-kind"]!.startsWith("Recovery"))).toBe(false);
  });

  it("runs every arrow from the sender's line to the receiver's, left to right in clock order", () => {
    const lineY = new Map(withClass(svg, "node-line").map((l) => [Number(l.attrs["data-node"]), Number(l.attrs.y1)]));
    expect(lineY.size).toBe(t.n);
    const ys = [...lineY.entries()].sort((a, b) => a[0] - b[0]).map(([, y]) => y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    const arrows = [...withClass(svg, "msg"), ...withClass(svg, "recovery")].map((a) => ({ a, xy: ends(a.attrs.d!) }));
    for (const { a, xy } of arrows) {
      expect(xy[1]).toBe(lineY.get(Number(a.attrs["data-from"])));
      expect(xy[3]).toBe(lineY.get(Number(a.attrs["data-to"])));
      expect(xy[2]).toBeGreaterThan(xy[0] + 10); // a receipt in the same tick sits a layer to the right of its send
    }
    // Later receipts end further right, whatever their kind.
    const byTime = new Map<number, number[]>();
    for (const { a, xy } of arrows) byTime.set(Number(a.attrs["data-received"]), [...(byTime.get(Number(a.attrs["data-received"])) ?? []), xy[2]]);
    const times = [...byTime.keys()].sort((x, y) => x - y);
    for (let k = 1; k < times.length; k++) expect(Math.min(...byTime.get(times[k]!)!)).toBeGreaterThan(Math.max(...byTime.get(times[k - 1]!)!));
    // Tick labels read left to right, first and last tick included.
    const labels = withClass(svg, "tick-label").map((l) => ({ x: Number(l.attrs.x), t: Number(svg.slice(svg.indexOf(l.raw) + l.raw.length).split("<")[0]) }));
    const ticks = [...new Set(t.events.map((ev) => ev.time))].sort((x, y) => x - y);
    expect(labels[0]!.t).toBe(ticks[0]);
    expect(labels[labels.length - 1]!.t).toBe(ticks[ticks.length - 1]);
    for (let k = 1; k < labels.length; k++) {
      expect(labels[k]!.t).toBeGreaterThan(labels[k - 1]!.t);
      expect(labels[k]!.x).toBeGreaterThan(labels[k - 1]!.x);
    }
  });

  it("marks every send, with an empty circle when no other node received it", () => {
    const received = new Set(receipts(t).map((r) => `${r.from}|${r.view}|${r.message}|${r.sentAt}`));
    const sends = of(t, "send");
    const consensus = sends.filter((s) => isConsensusMessage(s.message));
    const lost = consensus.filter((s) => !received.has(`${s.node}|${s.view}|${s.message}|${s.time}`));
    const fmt = (node: unknown, kind: unknown, time: unknown) => `${node}:${kind}@${time}`;
    expect(sorted(withClass(svg, "lost").map((d) => fmt(d.attrs["data-node"], d.attrs["data-kind"], d.attrs["data-time"])))).toEqual(sorted(lost.map((s) => fmt(s.node, s.message, s.time))));
    expect(withClass(svg, "sent")).toHaveLength(consensus.length - lost.length);
    for (const d of withClass(svg, "lost")) expect(d.attrs.fill).toBe("#ffffff");
    expect(withClass(svg, "recovery-send")).toHaveLength(sends.length - consensus.length);
  });

  it("marks each view change, commit, relay and primary where it happens", () => {
    const cv = (node: unknown, view: unknown, to: unknown, time: unknown) => `${node}:${view}->${to}@${time}`;
    expect(sorted(withClass(svg, "view-change").map((m) => cv(m.attrs["data-node"], m.attrs["data-view"], m.attrs["data-new-view"], m.attrs["data-time"])))).toEqual(
      sorted(of(t, "change_view").map((c) => cv(c.node, c.view, c.newView, c.time))),
    );
    const at = (node: unknown, view: unknown, time: unknown) => `${node}:${view}@${time}`;
    expect(sorted(withClass(svg, "commit").map((m) => at(m.attrs["data-node"], m.attrs["data-view"], m.attrs["data-time"])))).toEqual(sorted(of(t, "commit").map((c) => at(c.node, c.view, c.time))));
    expect(sorted(withClass(svg, "primary").map((m) => at(m.attrs["data-node"], m.attrs["data-view"], m.attrs["data-time"])))).toEqual(sorted(of(t, "primary").map((p) => at(p.node, p.view, p.time))));
    const relays = of(t, "relay");
    expect(withClass(svg, "relay").map((m) => `${m.attrs["data-block"]}:${m.attrs["data-name"]}:${m.attrs["data-node"]}@${m.attrs["data-time"]}`)).toEqual(relays.map((r) => `${r.number}:${r.block}:${r.node}@${r.time}`));
    for (const r of relays) expect(svg).toMatch(new RegExp(`class="relay"[^>]*data-block="${r.number}"[^>]*>.*?<text[^>]*>#${r.number} ${r.block}</text>`));
  });

  it("labels the nodes, Byzantine in bold red, dead in grey with a dashed line and no view band", () => {
    const labels = withClass(svg, "node-label");
    expect(labels).toHaveLength(t.n);
    for (let i = 1; i <= t.n; i++) {
      const role = t.roles[i - 1];
      const text = role === "byzantine" ? `node ${i} (Byzantine)` : role === "dead" ? `node ${i} (dead)` : `node ${i}`;
      expect(svg).toMatch(new RegExp(`class="node-label${role === "honest" ? "" : role === "byzantine" ? " byzantine" : " dead"}"[^>]*>${text.replace(/[()]/g, "\\$&")}</text>`));
      const line = withClass(svg, "node-line").find((l) => l.attrs["data-node"] === String(i))!;
      expect(line.attrs["stroke-dasharray"] !== undefined).toBe(role === "dead");
      expect(withClass(svg, "view-band").some((b) => b.attrs["data-node"] === String(i))).toBe(role !== "dead");
    }
    for (const l of withClass(svg, "byzantine")) expect(l.attrs["font-weight"]).toBe("bold");
    for (const l of withClass(svg, "dead")) expect(l.attrs.fill).not.toBe("#222222");
  });

  it("splits each node's view band at its view changes, covering the clock without gaps", () => {
    const end = Math.max(...t.events.map((ev) => ev.time));
    for (let i = 1; i <= t.n; i++) {
      if (t.roles[i - 1] === "dead") continue;
      const bands = withClass(svg, "view-band").filter((b) => b.attrs["data-node"] === String(i));
      expect(Number(bands[0]!.attrs["data-from"])).toBe(0);
      expect(Number(bands[bands.length - 1]!.attrs["data-to"])).toBe(end);
      for (let k = 1; k < bands.length; k++) expect(bands[k]!.attrs["data-from"]).toBe(bands[k - 1]!.attrs["data-to"]);
      // A new view starts exactly at each of the node's change_view events.
      const moves = of(t, "change_view").filter((c) => c.node === i);
      const starts = bands.filter((b, k) => k > 0 && b.attrs["data-view"] !== bands[k - 1]!.attrs["data-view"]);
      expect(starts.map((b) => `${b.attrs["data-view"]}@${b.attrs["data-from"]}`)).toEqual(moves.map((c) => `${c.newView}@${c.time}`));
    }
  });

  it("is deterministic", () => {
    expect(renderExecutionSvg(fixture(name), { title: name })).toBe(svg);
    expect(renderExecutionSvg(t)).not.toBe(svg);
  });
});

/** The node's view band segment at clock time `time` (the last one starting at or before it). */
function bandAt(svg: string, node: number, time: number): { view: number; mode: string } {
  const b = withClass(svg, "view-band").filter((s) => s.attrs["data-node"] === String(node) && Number(s.attrs["data-from"]) <= time).at(-1)!;
  return { view: Number(b.attrs["data-view"]), mode: b.attrs["data-mode"]! };
}

function outcomeText(svg: string): string {
  const tag = withClass(svg, "outcome")[0]!;
  return svg.slice(svg.indexOf(tag.raw) + tag.raw.length).split("<")[0]!;
}

describe("the story each example tells", () => {
  it("N=4 lock with a dead node: node 2 committed, nodes 1 and 3 stuck asking for view 2", () => {
    const svg = svgs["lock-n4-dead"];
    expect(outcomeText(svg)).toBe("liveness lock: no block can ever be produced");
    expect(withClass(svg, "outcome")[0]!.attrs["data-outcome"]).toBe("locked");
    expect(bandAt(svg, 2, 280)).toEqual({ view: 1, mode: "committed" });
    expect(bandAt(svg, 1, 280)).toEqual({ view: 1, mode: "asking" });
    expect(bandAt(svg, 3, 280)).toEqual({ view: 1, mode: "asking" });
    expect(svg).toContain(">at the end: nodes 1, 3 in view 1, asking for view 2 · node 2 committed v1 in view 1 · node 4 dead<");
    expect(svg).toContain(">view 1 · committed v1 (locked)<");
    expect(svg).toContain(">view 1 · asks for view 2<");
    expect(svg).toMatch(/class="node-label dead"[^>]*>node 4 \(dead\)</);
    expect(withClass(svg, "axis-break")).toHaveLength(0);
  });

  it("N=4 fork: node 1 stays in view 2 having relayed v2, while the others move on to view 4 and relay v4", () => {
    const t = traces["fork-n4"];
    const svg = svgs["fork-n4"];
    expect(outcomeText(svg)).toBe("fork: honest nodes relayed different blocks v2 and v4");
    expect(bandAt(svg, 1, 300)).toEqual({ view: 2, mode: "committed" });
    for (const i of [2, 3, 4]) expect(bandAt(svg, i, 300).view).toBe(3);
    expect(bandAt(svg, 1, 560).view).toBe(2);
    for (const i of [2, 3, 4]) expect(bandAt(svg, i, 560)).toEqual({ view: 4, mode: "committed" });
    expect(withClass(svg, "relay").map((r) => svg.slice(svg.indexOf(r.raw)).match(/>(#\d+ v\d+b?)</)![1])).toEqual(["#1 v2", "#2 v4", "#3 v4"]);
    expect(svg).toMatch(/class="node-label byzantine"[^>]*>node 3 \(Byzantine\)</);
    // Byzantine nodes are not held by the commit lock: their bands do not say "locked".
    expect(svg).not.toMatch(/node 3 \(Byzantine\) in view \d, committed[^<]*commit lock/);
    // The two idle stretches (timers only) are cut out of the axis, nothing else.
    const breaks = withClass(svg, "axis-break").map((b) => `${b.attrs["data-from"]}-${b.attrs["data-to"]}`);
    expect(breaks).toEqual(["110-280", "290-530"]);
    const ticks = [...new Set(t.events.map((ev) => ev.time))].sort((a, b) => a - b);
    const gaps = ticks.slice(1).flatMap((time, k) => (time - ticks[k]! > CLOCK_BREAK_TICKS ? [`${ticks[k]}-${time}`] : []));
    expect(breaks).toEqual(gaps);
    for (const s of ["axis break", "Byzantine node", "RecoveryRequest / RecoveryMessage"]) expect(svg.slice(svg.indexOf('<g class="legend">'))).toContain(s);
  });

  it("N=7 lock: nodes 3 and 5 committed v1, nodes 1, 2, 4 and 6 ask for view 2 and never get there", () => {
    const svg = svgs["lock-n7-dead"];
    expect(outcomeText(svg)).toBe("liveness lock: no block can ever be produced");
    for (const i of [3, 5]) expect(bandAt(svg, i, 288)).toEqual({ view: 1, mode: "committed" });
    for (const i of [1, 2, 4, 6]) expect(bandAt(svg, i, 288)).toEqual({ view: 1, mode: "asking" });
    expect(withClass(svg, "view-change")).toHaveLength(0);
    expect(svg).toContain(">at the end: nodes 1, 2, 4, 6 in view 1, asking for view 2 · nodes 3, 5 committed v1 in view 1 · node 7 dead<");
    expect(withClass(svg, "recovery")).toHaveLength(30);
  });

  it("a lock without recovery messages: no recovery arrows and no recovery legend entry", () => {
    const svg = svgs["lock-n4-norecovery"];
    expect(withClass(svg, "recovery")).toHaveLength(0);
    expect(svg).not.toContain("RecoveryMessage");
    expect(outcomeText(svg)).toBe("liveness lock: no block can ever be produced");
  });

  it("the legend covers what is drawn", () => {
    const legend = svgs["lock-n7-dead"].slice(svgs["lock-n7-dead"].indexOf('<g class="legend">'));
    for (const s of ["PrepareRequest", "PrepareResponse", "Commit", "ChangeView", "RecoveryRequest / RecoveryMessage", "no other node received", "primary", "commits", "block relayed", "moves to another view", "the node&apos;s view", "asked for a view change", "committed in the view", "one clock tick", "dead node"])
      expect(legend).toContain(s);
  });
});

describe("odd simulator traces", () => {
  const base = { format: "byzopt.trace/1", source: "simulator", n: 4, f: 1, m: 3, roles: ["honest", "honest", "honest", "byzantine"], tmax: null, views: [] } as const;

  it("draws a trace where nothing happened, and escapes the title", () => {
    const t = parseTrace({ ...base, events: [], meta: {} });
    const svg = renderExecutionSvg(t, { title: "Empty <run> & 'co'" });
    checkWellFormed(svg);
    expect(svg).toContain("Empty &lt;run&gt; &amp; &apos;co&apos;");
    expect(withClass(svg, "msg")).toHaveLength(0);
    expect(withClass(svg, "outcome")).toHaveLength(0);
    expect(withClass(svg, "node-line")).toHaveLength(4);
    expect(withClass(svg, "view-band").map((b) => `${b.attrs["data-node"]}:${b.attrs["data-view"]}`)).toEqual(["1:1", "2:1", "3:1", "4:1"]);
  });

  it("tells a Byzantine primary's two proposals apart and says a fork even without an outcome", () => {
    const ev = (o: Record<string, unknown>) => ({ view: 1, ...o });
    const t = parseTrace({
      ...base,
      roles: ["byzantine", "honest", "honest", "honest"],
      views: [{ view: 1, primary: 1 }],
      meta: {},
      events: [
        ev({ type: "primary", time: 0, node: 1 }),
        ev({ type: "send", time: 30, node: 1, message: "PrepareRequest", block: "v1", to: [2] }),
        ev({ type: "send", time: 30, node: 1, message: "PrepareRequest", block: "v1b", to: [3] }),
        ev({ type: "receive", time: 30, node: 2, from: 1, message: "PrepareRequest", sentAt: 30, block: "v1" }),
        ev({ type: "receive", time: 40, node: 3, from: 1, message: "PrepareRequest", sentAt: 30, block: "v1b" }),
        ev({ type: "relay", time: 50, node: 2, block: "v1", number: 1 }),
        ev({ type: "relay", time: 50, node: 3, block: "v1b", number: 2 }),
      ],
    });
    const svg = renderExecutionSvg(t);
    checkWellFormed(svg);
    expect(withClass(svg, "msg").map(drawnKey)).toEqual([key("PrepareRequest", 1, 2, 1, 30, 30), key("PrepareRequest", 1, 3, 1, 30, 40)]);
    expect(outcomeText(svg)).toBe("fork: honest nodes relayed different blocks v1 and v1b");
  });
});

describe("the HTML page around a clock picture", () => {
  it("embeds the SVG unchanged", () => {
    const svg = svgs["fork-n4"];
    const html = renderExecutionHtml({ title: "fork <n4>", summary: "summary", svg, timeline: "t=0 ..." });
    expect(html).toContain(`<figure>${svg.trim()}</figure>`);
    const inner = /<svg[\s\S]*<\/svg>/.exec(html)![0];
    expect(() => checkWellFormed(inner)).not.toThrow();
    expect(withClass(inner, "msg")).toHaveLength(withClass(svg, "msg").length);
  });
});
