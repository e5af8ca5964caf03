import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MESSAGE_COLORS, renderExecutionSvg } from "../../../verify/dbft/svg.js";
import { MODEL_KIND_STYLES, MODEL_KINDS } from "../../../verify/dbft/svg-model.js";
import { formatTimeline } from "../../../verify/dbft/timeline.js";
import { parseTrace, type ReceiveEvent, type Trace, type TraceEvent, TRACE_MESSAGE_KINDS } from "../../../verify/dbft/trace.js";
import { modelTrace } from "../../../verify/dbft/variants/model-trace.js";
import { parseSchedule, runSteps } from "../../../verify/dbft/variants/schedule.js";
import { checkWellFormed, ends, type Tag, tags, withClass } from "../../helpers/svg-check.js";

/** Rule-set model runs (source "model") of the scenario schedules, drawn on their steps. */
function scenario(name: string): { trace: Trace; title: string } {
  const file = new URL(`../../../instances/dbft-scenarios/${name}.json`, import.meta.url);
  const s = parseSchedule(JSON.parse(readFileSync(file, "utf8")), name);
  const r = runSteps(s.config, s.steps);
  const trace = modelTrace(r.machine, r.steps.map((x) => x.step), { schedule: s.name });
  // Through JSON, as a trace file is read back.
  return { trace: parseTrace(JSON.parse(JSON.stringify(trace)), name), title: s.title };
}

const NAMES = ["S1-dead-node-lock", "S2-four-good-nodes", "S3-cv3-byzantine-lock", "S4-cv3-local-pool-fork", "S5-ccv-view2-fork"] as const;
type Name = (typeof NAMES)[number];
const runs = Object.fromEntries(NAMES.map((n) => [n, scenario(n)])) as Record<Name, { trace: Trace; title: string }>;
const svgs = Object.fromEntries(NAMES.map((n) => [n, renderExecutionSvg(runs[n].trace, { title: runs[n].title })])) as Record<Name, string>;

const of = <T extends TraceEvent["type"]>(t: Trace, type: T) => t.events.filter((ev): ev is Extract<TraceEvent, { type: T }> => ev.type === type);
const receipts = (t: Trace) => of(t, "receive").filter((r) => r.from !== r.node);
const kindsIn = (t: Trace) => new Set(t.events.flatMap((ev) => (ev.type === "send" || ev.type === "receive" ? [ev.message] : [])));
const sorted = (xs: string[]) => [...xs].sort();
/** The character data right after a start tag, up to the next tag. */
const textOf = (svg: string, tag: Tag) => svg.slice(svg.indexOf(tag.raw) + tag.raw.length).split("<")[0]!;
const key = (kind: unknown, from: unknown, to: unknown, view: unknown, sent: unknown, received: unknown) => `${kind} ${from}->${to} v${view} @${sent}-${received}`;

describe.each(NAMES)("the picture of the model run %s", (name) => {
  const t = runs[name].trace;
  const svg = svgs[name];

  it("is one well-formed, self-contained SVG document with text of 11 px or more", () => {
    expect(t.source).toBe("model");
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(() => checkWellFormed(svg)).not.toThrow();
    expect(svg).not.toMatch(/<script|<style|<image|<foreignObject|@import|href=|https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
    const sizes = tags(svg).flatMap((tag) => (tag.attrs["font-size"] ? [Number(tag.attrs["font-size"])] : []));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
  });

  it("names the protocol and the pool in the header, and counts steps, not clock ticks", () => {
    const setting = withClass(svg, "model-setting");
    expect(setting).toHaveLength(1);
    const text = textOf(svg, setting[0]!);
    const protocol = { "dbft2.0": "Model run: dBFT 2.0, ", cv3: "Model run: dBFT 2.1 three-staged view change (cv3), ", ccv: "Model run: dBFT 2.1 centralized view change (ccv), " }[t.meta.protocol as string];
    expect(text.startsWith(protocol!)).toBe(true);
    expect(text).toContain(t.meta.pool === "local" ? "a pool per node" : "shared pool");
    expect(svg).not.toContain("Simulation:");
    expect(svg).not.toContain("clock (ticks)");
  });

  it("has a legend entry, with its arrowhead, for each message kind the run holds and none for the others", () => {
    const present = kindsIn(t);
    const legend = withClass(svg, "legend-kind").map((l) => l.attrs["data-kind"]!);
    expect(sorted(legend)).toEqual(sorted([...present]));
    for (const kind of TRACE_MESSAGE_KINDS) {
      if (present.has(kind) || (MESSAGE_COLORS as Record<string, string>)[kind] !== undefined) continue;
      expect(svg).not.toContain(`byzopt-arrowhead-${kind}"`);
    }
    for (const kind of MODEL_KINDS) if (present.has(kind)) expect(svg).toContain(`id="byzopt-arrowhead-${kind}"`);
  });

  it("colours each kind's send dots and arrows as its legend entry", () => {
    const legend = new Map(withClass(svg, "legend-kind").map((l) => [l.attrs["data-kind"]!, l.attrs]));
    const drawn = [...withClass(svg, "sent"), ...withClass(svg, "lost"), ...withClass(svg, "msg")];
    expect(drawn.length).toBeGreaterThan(0);
    for (const d of drawn) expect(d.attrs.stroke).toBe(legend.get(d.attrs["data-kind"]!)!.stroke);
    for (const a of withClass(svg, "msg")) expect(a.attrs["stroke-dasharray"]).toBe(legend.get(a.attrs["data-kind"]!)!["stroke-dasharray"]);
  });

  it("marks each view change, commit, relay and fault where it happens, and claims no commit lock", () => {
    const cv = (node: unknown, view: unknown, to: unknown, time: unknown) => `${node}:${view}->${to}@${time}`;
    expect(sorted(withClass(svg, "view-change").map((m) => cv(m.attrs["data-node"], m.attrs["data-view"], m.attrs["data-new-view"], m.attrs["data-time"])))).toEqual(sorted(of(t, "change_view").map((c) => cv(c.node, c.view, c.newView, c.time))));
    const at = (node: unknown, view: unknown, time: unknown) => `${node}:${view}@${time}`;
    expect(sorted(withClass(svg, "commit").map((m) => at(m.attrs["data-node"], m.attrs["data-view"], m.attrs["data-time"])))).toEqual(sorted(of(t, "commit").map((c) => at(c.node, c.view, c.time))));
    expect(withClass(svg, "relay").map((m) => `${m.attrs["data-block"]}:${m.attrs["data-name"]}:${m.attrs["data-node"]}`)).toEqual(of(t, "relay").map((r) => `${r.number}:${r.block}:${r.node}`));
    const faults = t.meta.faults as { node: number; step: number; becomes: string }[];
    expect(sorted(withClass(svg, "fault").map((f) => `${f.attrs["data-node"]}@${f.attrs["data-step"]}:${f.attrs["data-becomes"]}`))).toEqual(sorted(faults.map((f) => `${f.node}@${f.step}:${f.becomes}`)));
    expect(svg).not.toMatch(/\(locked\)|commit lock/);
  });

  it("is deterministic", () => {
    expect(renderExecutionSvg(scenario(name).trace, { title: runs[name].title })).toBe(svg);
  });
});

describe("the model picture of S4 (cv3, a pool per node)", () => {
  const t = runs["S4-cv3-local-pool-fork"].trace;
  const svg = svgs["S4-cv3-local-pool-fork"];

  it("draws one arrow (class msg) per delivery to another node, with its kind, ends and steps", () => {
    const expected = receipts(t);
    expect(expected.length).toBe(31);
    expect(new Set(expected.map((r) => r.message))).toEqual(new Set(["PrepareRequest", "PrepareResponse", "Commit", "ChangeView1", "ChangeView2", "ChangeView3"]));
    const arrows = withClass(svg, "msg");
    expect(sorted(arrows.map((a) => key(a.attrs["data-kind"], a.attrs["data-from"], a.attrs["data-to"], a.attrs["data-view"], a.attrs["data-sent"], a.attrs["data-received"])))).toEqual(
      sorted(expected.map((r: ReceiveEvent) => key(r.message, r.from, r.node, r.view, r.sentAt, r.time))),
    );
    expect(withClass(svg, "recovery")).toHaveLength(0);
    const lineY = new Map(withClass(svg, "node-line").map((l) => [Number(l.attrs["data-node"]), Number(l.attrs.y1)]));
    for (const a of arrows) {
      const [x1, y1, x2, y2] = ends(a.attrs.d!);
      expect(y1).toBe(lineY.get(Number(a.attrs["data-from"])));
      expect(y2).toBe(lineY.get(Number(a.attrs["data-to"])));
      expect(x2).toBeGreaterThan(x1);
      const kind = a.attrs["data-kind"]!;
      if (kind in MODEL_KIND_STYLES) expect(a.attrs.stroke).toBe(MODEL_KIND_STYLES[kind as keyof typeof MODEL_KIND_STYLES].color);
    }
    // The three stages are told apart from each other and from the MILP kinds.
    const colours = [...Object.values(MESSAGE_COLORS), ...MODEL_KINDS.map((k) => MODEL_KIND_STYLES[k].color)];
    expect(new Set(colours).size).toBe(colours.length);
  });

  it("keeps the empty dot for a send no other node received (node 3's Commit)", () => {
    const lost = withClass(svg, "lost").map((d) => `${d.attrs["data-node"]}:${d.attrs["data-kind"]}@${d.attrs["data-time"]}`);
    expect(lost).toContain("3:Commit@29");
    expect(svg).toContain("no other node receives it");
  });

  it("lets nodes 1 and 2 commit in view 1 and then ask for and move to view 2 (cv3 has no commit lock)", () => {
    for (const node of ["1", "2"]) {
      const modes = withClass(svg, "view-band").filter((b) => b.attrs["data-node"] === node).map((b) => `${b.attrs["data-view"]}:${b.attrs["data-mode"]}`);
      expect(modes.slice(0, 4)).toEqual(["1:view", "1:committed", "1:asking", "2:view"]);
    }
  });
});

describe("the model picture and timeline of S1 (dBFT 2.0, shared pool, node 1 dies)", () => {
  const t = runs["S1-dead-node-lock"].trace;
  const svg = svgs["S1-dead-node-lock"];

  it("marks node 1's death at step 2 on its line, and draws its view band up to there only", () => {
    const death = withClass(svg, "fault");
    expect(death.map((f) => f.attrs)).toEqual([expect.objectContaining({ "data-node": "1", "data-step": "2", "data-becomes": "dead" })]);
    const line = withClass(svg, "node-line").find((l) => l.attrs["data-node"] === "1")!;
    const after = withClass(svg, "node-line-fault").find((l) => l.attrs["data-node"] === "1")!;
    expect(after.attrs["stroke-dasharray"]).toBeDefined();
    expect(line.attrs["stroke-dasharray"]).toBeUndefined();
    expect(Number(after.attrs.x1)).toBe(Number(line.attrs.x2));
    const bands = withClass(svg, "view-band").filter((b) => b.attrs["data-node"] === "1");
    expect(bands.map((b) => `${b.attrs["data-view"]}:${b.attrs["data-from"]}-${b.attrs["data-to"]}`)).toEqual(["1:0-2"]);
    expect(withClass(svg, "fault-label").map((l) => textOf(svg, l))).toEqual(["dead from step 2"]);
  });

  it("has no receive arrows, draws every send as a full dot, and never says no other node received it", () => {
    expect(receipts(t)).toHaveLength(0);
    expect(withClass(svg, "msg")).toHaveLength(0);
    expect(withClass(svg, "lost")).toHaveLength(0);
    expect(withClass(svg, "sent")).toHaveLength(of(t, "send").length);
    expect(svg).not.toMatch(/no other node receive/);
    expect(svg).toContain("shared pool: every node reads it");
  });

  it("has a timeline that says node 1 dies at step 2, gives each step in the schedule's words and claims no lost message", () => {
    const text = formatTimeline(t);
    const lines = text.split("\n");
    const at = lines.findIndex((l) => /^ {2}t=2 /.test(l));
    expect(lines[at]).toMatch(/t=2\s+n0 dies$/);
    expect(lines[at + 1]).toMatch(/^\s+node 1 dies: from then on it sends and receives nothing$/);
    expect(lines.filter((l) => /^ {2}t=\d/.test(l))).toHaveLength(8); // t=0 (the primary) and the seven steps
    expect(text).toContain("dBFT 2.0, shared pool");
    expect(text).not.toContain("no other node receives it");
    expect(text).not.toContain("commit lock");
  });
});

describe("the model pictures of S3 (a Byzantine node) and S5 (ccv)", () => {
  it("marks where node 1 turns Byzantine in S3, and its timeline says so at that step", () => {
    const svg = svgs["S3-cv3-byzantine-lock"];
    expect(withClass(svg, "fault").map((f) => `${f.attrs["data-node"]}@${f.attrs["data-step"]}:${f.attrs["data-becomes"]}`)).toEqual(["1@1:bad"]);
    expect(formatTimeline(runs["S3-cv3-byzantine-lock"].trace)).toMatch(/t=1\s+n0 turns bad\n\s+node 1 turns Byzantine/);
  });

  it("draws S5's DoChangeView sends in their own colours and says they order, not ask for, a view", () => {
    const svg = svgs["S5-ccv-view2-fork"];
    const dots = withClass(svg, "sent").filter((d) => d.attrs["data-kind"]!.startsWith("DoChangeView"));
    expect(sorted(dots.map((d) => `${d.attrs["data-kind"]}@${d.attrs["data-time"]}`))).toEqual(["DoChangeView1@19", "DoChangeView2@12"]);
    for (const d of dots) expect(d.attrs.fill).toBe(MODEL_KIND_STYLES[d.attrs["data-kind"] as "DoChangeView1"].color);
    expect(formatTimeline(runs["S5-ccv-view2-fork"].trace)).toContain("node 2 [view 1] sends DoChangeView2 (orders view 2)");
  });
});
