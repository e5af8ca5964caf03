import { describe, expect, it } from "vitest";
import { dbftLayout } from "../../../formulations/dbft2/index.js";
import { traceFromMilp } from "../../../verify/dbft/milp-trace.js";
import type { Trace } from "../../../verify/dbft/trace.js";
import { CHANGE_VIEW_DASH, MESSAGE_COLORS, renderExecutionSvg } from "../../../verify/dbft/svg.js";
import { checkWellFormed, ends, tags, withClass } from "../../helpers/svg-check.js";

/** A synthetic N=7, tmax=10 execution over four views (views 5..7 empty). */
function synthetic7(): Trace {
  const p = { n: 7, tmax: 10 };
  const { vars: x } = dbftLayout(p);
  const values = new Float64Array(x.cvCount.base + x.cvCount.size);
  const set = (col: number) => (values[col] = 1);
  // View 1, primary node 1: its PrepareRequest reaches 2..6 at step 2 (and itself, not drawn).
  set(x.primary.col(1, 1));
  set(x.send.PrepareRequest.col(1, 1, 1));
  set(x.recv.PrepareRequest.col(1, 1, 1, 1));
  for (const i of [2, 3, 4, 5, 6]) set(x.recv.PrepareRequest.col(2, i, 1, 1));
  // Node 2's PrepareResponse reaches 1, 3, 4 at step 4; node 3's is lost.
  set(x.send.PrepareResponse.col(3, 2, 1));
  for (const i of [1, 3, 4]) set(x.recv.PrepareResponse.col(4, i, 2, 1));
  set(x.send.PrepareResponse.col(3, 3, 1));
  // Byzantine node 6 asks for a view change at step 2; nodes 1 and 2 get it at step 5.
  set(x.send.ChangeView.col(2, 6, 1));
  for (const i of [1, 2]) set(x.recv.ChangeView.col(5, i, 6, 1));
  // Node 1 commits at step 6, node 2 receives it at step 7; node 4 relays at step 9.
  set(x.send.Commit.col(6, 1, 1));
  set(x.recv.Commit.col(7, 2, 1, 1));
  set(x.blockRelay.col(9, 4, 1));
  set(x.blockRelayed.col(1));
  // View 2, primary node 2: its PrepareRequest is lost; node 7's ChangeView reaches 3, 4, 5 at step 4.
  set(x.primary.col(2, 2));
  set(x.send.PrepareRequest.col(2, 2, 2));
  set(x.send.ChangeView.col(3, 7, 2));
  for (const i of [3, 4, 5]) set(x.recv.ChangeView.col(4, i, 7, 2));
  // View 3: nobody leads; node 6 sends a ChangeView nobody receives.
  set(x.send.ChangeView.col(1, 6, 3));
  // View 4, primary node 4: PrepareRequest and PrepareResponse at step 1, received by all at step 2;
  // nodes 1 and 5 relay at step 10.
  set(x.primary.col(4, 4));
  set(x.send.PrepareRequest.col(1, 4, 4));
  set(x.send.PrepareResponse.col(1, 4, 4));
  for (const i of [1, 2, 3, 5, 6, 7]) {
    set(x.recv.PrepareRequest.col(2, i, 4, 4));
    set(x.recv.PrepareResponse.col(2, i, 4, 4));
  }
  set(x.blockRelay.col(10, 1, 4));
  set(x.blockRelay.col(10, 5, 4));
  set(x.blockRelayed.col(4));
  return traceFromMilp(p, values);
}

describe("the SVG picture of an execution", () => {
  const e = synthetic7();
  const svg = renderExecutionSvg(e, { title: "Synthetic N=7 <case> & 'friends'" });

  it("is one well-formed SVG document with its text escaped", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith("</svg>\n")).toBe(true);
    expect(() => checkWellFormed(svg)).not.toThrow();
    expect(svg).toContain("Synthetic N=7 &lt;case&gt; &amp; &apos;friends&apos;");
    expect(svg).not.toContain("<case>");
    // Self-contained: no external references, styles or scripts.
    expect(svg).not.toMatch(/<script|<style|<image|<foreignObject|@import|href=|https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
    // The checker itself rejects what it should.
    expect(() => checkWellFormed("<svg><g></svg>")).toThrow();
    expect(() => checkWellFormed("<svg><text>a & b</text></svg>")).toThrow();
    expect(() => checkWellFormed('<svg><text x="<">a</text></svg>')).toThrow();
  });

  it("draws exactly one arrow per receipt, with the right data attributes", () => {
    const receipts = e.events.filter((ev) => ev.type === "receive" && ev.from !== ev.node);
    expect(receipts).toHaveLength(5 + 3 + 2 + 1 + 3 + 12);
    const arrows = withClass(svg, "msg");
    expect(arrows).toHaveLength(26);
    const key = (a: { kind: string; from: number; to: number; view: number; sent: number; received: number }) => `${a.view}:${a.kind}:${a.from}->${a.to}@${a.sent}-${a.received}`;
    const drawn = arrows.map((a) =>
      key({ kind: a.attrs["data-kind"]!, from: Number(a.attrs["data-from"]), to: Number(a.attrs["data-to"]), view: Number(a.attrs["data-view"]), sent: Number(a.attrs["data-sent"]), received: Number(a.attrs["data-received"]) }),
    );
    // The expected set, written out from the construction above.
    const expected = [
      ...[2, 3, 4, 5, 6].map((to) => key({ view: 1, kind: "PrepareRequest", from: 1, to, sent: 1, received: 2 })),
      ...[1, 3, 4].map((to) => key({ view: 1, kind: "PrepareResponse", from: 2, to, sent: 3, received: 4 })),
      ...[1, 2].map((to) => key({ view: 1, kind: "ChangeView", from: 6, to, sent: 2, received: 5 })),
      key({ view: 1, kind: "Commit", from: 1, to: 2, sent: 6, received: 7 }),
      ...[3, 4, 5].map((to) => key({ view: 2, kind: "ChangeView", from: 7, to, sent: 3, received: 4 })),
      ...[1, 2, 3, 5, 6, 7].flatMap((to) => ["PrepareRequest", "PrepareResponse"].map((kind) => key({ view: 4, kind, from: 4, to, sent: 1, received: 2 }))),
    ];
    expect([...drawn].sort()).toEqual([...expected].sort());
    // Nothing else is an arrow: no self-receipt, no legend sample.
    expect(svg.match(/class="msg"/g)).toHaveLength(26);
    expect(arrows.every((a) => a.name === "path")).toBe(true);
  });

  it("colours arrows by kind and dashes ChangeView arrows only", () => {
    const arrows = withClass(svg, "msg");
    for (const a of arrows) {
      const kind = a.attrs["data-kind"] as keyof typeof MESSAGE_COLORS;
      expect(a.attrs.stroke).toBe(MESSAGE_COLORS[kind]);
      expect(a.attrs["stroke-dasharray"]).toBe(kind === "ChangeView" ? CHANGE_VIEW_DASH : undefined);
    }
    expect(new Set(Object.values(MESSAGE_COLORS)).size).toBe(4);
    expect(new Set(arrows.map((a) => a.attrs.stroke)).size).toBe(4);
  });

  it("draws arrows from the sender's line at the send step to the receiver's line at the receive step", () => {
    const lineY = new Map(withClass(svg, "node-line").map((l) => [Number(l.attrs["data-node"]), Number(l.attrs.y1)]));
    expect(lineY.size).toBe(7);
    const ys = [...lineY.entries()].sort((a, b) => a[0] - b[0]).map(([, y]) => y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    const arrows = withClass(svg, "msg");
    for (const a of arrows) {
      const [x1, y1, x2, y2] = ends(a.attrs.d!);
      expect(y1).toBe(lineY.get(Number(a.attrs["data-from"])));
      expect(y2).toBe(lineY.get(Number(a.attrs["data-to"])));
      expect(x2).toBeGreaterThan(x1 + 30); // at least most of a step to the right
    }
    // Same send: same start point. Same step, different kinds: different start points.
    const v4 = arrows.filter((a) => a.attrs["data-view"] === "4").map((a) => ({ kind: a.attrs["data-kind"], start: ends(a.attrs.d!).slice(0, 2).join(",") }));
    const starts = (kind: string) => new Set(v4.filter((a) => a.kind === kind).map((a) => a.start));
    expect(starts("PrepareRequest").size).toBe(1);
    expect(starts("PrepareResponse").size).toBe(1);
    expect([...starts("PrepareRequest")][0]).not.toBe([...starts("PrepareResponse")][0]);
    // Later views sit further right.
    const firstX = (view: string) => Math.min(...arrows.filter((a) => a.attrs["data-view"] === view).map((a) => ends(a.attrs.d!)[0]));
    expect(firstX("1")).toBeLessThan(firstX("2"));
    expect(firstX("2")).toBeLessThan(firstX("4"));
  });

  it("marks every send, with an empty circle when no other node received it", () => {
    const lost = withClass(svg, "lost").map((t) => `${t.attrs["data-view"]}:${t.attrs["data-node"]}:${t.attrs["data-kind"]}@${t.attrs["data-step"]}`);
    expect(lost.sort()).toEqual(["1:3:PrepareResponse@3", "2:2:PrepareRequest@2", "3:6:ChangeView@1"]);
    for (const t of withClass(svg, "lost")) expect(t.attrs.fill).toBe("#ffffff");
    const sent = withClass(svg, "sent");
    expect(sent).toHaveLength(e.events.filter((ev) => ev.type === "send").length - 3);
    for (const t of sent) expect(t.attrs.fill).toBe(MESSAGE_COLORS[t.attrs["data-kind"] as keyof typeof MESSAGE_COLORS]);
  });

  it("numbers the block relays and marks the primaries", () => {
    const relays = withClass(svg, "relay").map((t) => `${t.attrs["data-view"]}:${t.attrs["data-node"]}@${t.attrs["data-step"]}#${t.attrs["data-block"]}`);
    expect(relays).toEqual(["1:4@9#1", "4:1@10#2", "4:5@10#3"]);
    for (const n of [1, 2, 3]) expect(svg).toMatch(new RegExp(`class="relay"[^>]*data-block="${n}"[^>]*>.*?<text[^>]*>#${n}</text>`));
    expect(svg).not.toContain(">#4<");
    const primaries = withClass(svg, "primary").map((t) => `${t.attrs["data-view"]}:${t.attrs["data-node"]}`);
    expect(primaries).toEqual(["1:1", "2:2", "4:4"]);
  });

  it("draws one titled panel per view that started or had an event, and labels the nodes", () => {
    expect(withClass(svg, "view").map((t) => t.attrs["data-view"])).toEqual(["1", "2", "3", "4"]);
    expect(svg).toContain("View 1 — primary: node 1<");
    expect(svg).toContain("View 3 — no primary<");
    expect(svg).not.toContain("View 5");
    const labels = withClass(svg, "node-label");
    expect(labels).toHaveLength(7);
    expect(withClass(svg, "byzantine")).toHaveLength(2);
    expect(svg).toMatch(/class="node-label byzantine"[^>]*>node 6 \(Byzantine\)</);
    expect(svg).toMatch(/class="node-label"[^>]*>node 5</);
    // Steps 1..10 ticked in each of the four panels.
    expect(svg.match(/<text[^>]*>10<\/text>/g)).toHaveLength(4);
    // The legend names the four kinds, the empty circle, the primary and the relay markers.
    const legend = svg.slice(svg.indexOf('<g class="legend">'));
    expect(legend.length).toBeLessThan(svg.length / 2);
    for (const s of ["PrepareRequest", "PrepareResponse", "Commit", "ChangeView", "no other node received", "primary", "block relayed"]) expect(legend).toContain(s);
  });

  it("keeps text at 11px or more", () => {
    const sizes = tags(svg).flatMap((t) => (t.attrs["font-size"] ? [Number(t.attrs["font-size"])] : []));
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
  });

  it("is deterministic", () => {
    expect(renderExecutionSvg(synthetic7(), { title: "Synthetic N=7 <case> & 'friends'" })).toBe(svg);
    expect(renderExecutionSvg(e)).not.toBe(svg);
  });
});

describe("small and degenerate executions", () => {
  it("draws the four-node example of the decoder test", () => {
    const p = { n: 4, tmax: 4 };
    const { vars: x } = dbftLayout(p);
    const values = new Float64Array(x.cvCount.base + x.cvCount.size);
    values[x.primary.col(2, 1)] = 1;
    values[x.send.PrepareRequest.col(2, 2, 1)] = 1;
    values[x.recv.PrepareRequest.col(2, 2, 2, 1)] = 1;
    values[x.recv.PrepareRequest.col(3, 1, 2, 1)] = 1;
    values[x.send.ChangeView.col(3, 4, 1)] = 1;
    values[x.blockRelay.col(4, 3, 1)] = 1;
    values[x.blockRelayed.col(1)] = 1;
    const svg = renderExecutionSvg(traceFromMilp(p, values));
    checkWellFormed(svg);
    const arrows = withClass(svg, "msg");
    expect(arrows.map((a) => a.attrs)).toMatchObject([{ "data-kind": "PrepareRequest", "data-from": "2", "data-to": "1", "data-view": "1", "data-sent": "2", "data-received": "3" }]);
    expect(withClass(svg, "lost").map((t) => t.attrs["data-node"])).toEqual(["4"]);
    expect(withClass(svg, "relay")).toHaveLength(1);
    expect(withClass(svg, "view")).toHaveLength(1);
    expect(svg).toContain("node 4 (Byzantine)");
  });

  it("draws an execution where nothing happened", () => {
    const p = { n: 4, tmax: 3 };
    const { vars: x } = dbftLayout(p);
    const svg = renderExecutionSvg(traceFromMilp(p, new Float64Array(x.cvCount.base + x.cvCount.size)));
    checkWellFormed(svg);
    expect(withClass(svg, "msg")).toHaveLength(0);
    expect(withClass(svg, "view")).toHaveLength(0);
    expect(withClass(svg, "node-line")).toHaveLength(4);
  });
});
