import { MESSAGE_KINDS, type MessageKind } from "../formulations/dbft2/messages.js";
import { otherReceipts } from "./timeline.js";
import { type SendEvent, stepOf, type Trace, traceCounts, type TraceEvent, type TraceView } from "./trace.js";

/**
 * A picture of a dBFT 2.0 execution in the style of the paper's figures (Coelho et al. 2020, Figs. 2–5):
 * one horizontal line per node, time left to right, one panel per view, one arrow per receipt.
 * The document is self-contained (no fonts, images, CSS or scripts are loaded) and deterministic.
 */

/** Colour of each message kind: arrows, send dots and the legend (Okabe–Ito palette, readable by most). */
export const MESSAGE_COLORS: Readonly<Record<MessageKind, string>> = {
  PrepareRequest: "#0072b2",
  PrepareResponse: "#e08e00",
  Commit: "#009e73",
  ChangeView: "#b4408f",
};

/** Stroke pattern of ChangeView arrows; the other kinds are solid. */
export const CHANGE_VIEW_DASH = "6 4";

const BYZANTINE_COLOR = "#c62828";
const BYZANTINE_LINE = "#e8a0a0";
const INK = "#222222";
const MUTED = "#666666";
const FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

// Geometry (px). Text is 11px or larger.
const MARGIN = 16;
const STEP_W = 44;
const ROW_H = 36;
const PANEL_PAD_L = 36; // room for the primary marker before step 1
const PANEL_PAD_R = 32; // room for a relay marker after the last step
const PANEL_GAP = 12;
const PANEL_HEAD = 72; // panel top to the first node line
const PANEL_FOOT = 22; // last node line to the panel bottom
const DOT_R = 3.2;
const ARROW_W = 1.6;
const RELAY_DX = 17;
const RELAY_R = 6;
/** Horizontal offset of each kind at a step, so arrows and dots of one step do not coincide. */
const KIND_DX: Readonly<Record<MessageKind, number>> = { PrepareRequest: -9, PrepareResponse: -3, Commit: 3, ChangeView: 9 };
/** How far each kind's arrows bow, so that arrows of two kinds between the same lines do not run together. */
const KIND_BOW: Readonly<Record<MessageKind, number>> = { PrepareRequest: -4.5, PrepareResponse: -1.5, Commit: 1.5, ChangeView: 4.5 };

/** Escapes text for XML character data and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Rounded coordinate with no float noise, so equal inputs give equal bytes. */
function num(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  let out = "";
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    out += ` ${k}="${typeof v === "number" ? num(v) : escapeXml(v)}"`;
  }
  return out;
}

function el(name: string, a: Attrs, children?: string): string {
  return children === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${children}</${name}>`;
}

function tooltip(text: string): string {
  return `<title>${escapeXml(text)}</title>`;
}

/** Rough width of a text in the sans-serif fonts above; generous so that nothing overlaps. */
function textWidth(s: string, size: number, bold = false): number {
  return s.length * size * (bold ? 0.66 : 0.6);
}

function nodeLabel(e: Trace, node: number): string {
  const role = e.roles[node - 1];
  return role === "byzantine" ? `node ${node} (Byzantine)` : role === "dead" ? `node ${node} (dead)` : `node ${node}`;
}

function isByzantine(e: Trace, node: number): boolean {
  return e.roles[node - 1] === "byzantine";
}

function viewTitle(e: Trace, v: TraceView): string {
  return `View ${v.view} — ${v.primary === null ? "no primary" : `primary: ${nodeLabel(e, v.primary)}`}`;
}

function viewSubtitle(v: TraceView, relays: number[]): string {
  if (relays.length) return `block ${relays.map((b) => `#${b}`).join(", ")} relayed`;
  return v.primary === null ? "view not started" : "no block relayed";
}

function arrowPath(x1: number, y1: number, x2: number, y2: number): string {
  return `M${num(x1)} ${num(y1)}L${num(x2)} ${num(y2)}`;
}

/** A slightly bowed arrow (quadratic curve): `bow` px to the left of the direction of travel at its middle. */
function bowedPath(x1: number, y1: number, x2: number, y2: number, bow: number): string {
  const len = Math.hypot(x2 - x1, y2 - y1);
  if (len === 0 || bow === 0) return arrowPath(x1, y1, x2, y2);
  // The control point sits twice as far out as the curve's middle.
  const cx = (x1 + x2) / 2 + (2 * bow * (y2 - y1)) / len;
  const cy = (y1 + y2) / 2 - (2 * bow * (x2 - x1)) / len;
  return `M${num(x1)} ${num(y1)}Q${num(cx)} ${num(cy)} ${num(x2)} ${num(y2)}`;
}

function diamond(cx: number, cy: number, r: number): string {
  return `M${num(cx)} ${num(cy - r)}L${num(cx + r)} ${num(cy)}L${num(cx)} ${num(cy + r)}L${num(cx - r)} ${num(cy)}Z`;
}

function markerId(kind: MessageKind): string {
  return `byzopt-arrowhead-${kind}`;
}

function defs(): string {
  const markers = MESSAGE_KINDS.map((kind) =>
    el(
      "marker",
      { id: markerId(kind), viewBox: "0 0 10 10", refX: 9.5, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" },
      el("path", { d: "M0 1L10 5L0 9Z", fill: MESSAGE_COLORS[kind] }),
    ),
  );
  return `<defs>${markers.join("")}</defs>`;
}

function primaryMarker(cx: number, cy: number, cls: string | undefined, extra: Attrs, title?: string): string {
  return el("g", { class: cls, ...extra }, [
    title ? tooltip(title) : "",
    el("circle", { cx, cy, r: 8.5, fill: "#ffffff", stroke: INK, "stroke-width": 1.4 }),
    el("text", { x: cx, y: cy + 4, "text-anchor": "middle", "font-size": 11, "font-weight": "bold", fill: INK }, "P"),
  ].join(""));
}

function relayMarker(cx: number, cy: number, label: string, cls: string | undefined, extra: Attrs, title?: string): string {
  return el("g", { class: cls, ...extra }, [
    title ? tooltip(title) : "",
    el("path", { d: diamond(cx, cy, RELAY_R), fill: INK, stroke: "#ffffff", "stroke-width": 1 }),
    el(
      "text",
      { x: cx, y: cy - RELAY_R - 4, "text-anchor": "middle", "font-size": 11, "font-weight": "bold", fill: INK, stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke" },
      escapeXml(label),
    ),
  ].join(""));
}

interface LegendItem {
  readonly width: number;
  draw(x: number, y: number): string;
}

function legendItems(): LegendItem[] {
  const text = (x: number, y: number, s: string) => el("text", { x, y: y + 4, "font-size": 12, fill: INK }, escapeXml(s));
  const items: LegendItem[] = MESSAGE_KINDS.map((kind) => ({
    width: 40 + textWidth(kind, 12) + 22,
    draw: (x, y) =>
      el("path", {
        d: arrowPath(x, y, x + 32, y),
        stroke: MESSAGE_COLORS[kind],
        "stroke-width": ARROW_W,
        "stroke-dasharray": kind === "ChangeView" ? CHANGE_VIEW_DASH : undefined,
        fill: "none",
        "marker-end": `url(#${markerId(kind)})`,
      }) + text(x + 40, y, kind),
  }));
  const sent = "message sent";
  items.push({
    width: 16 + textWidth(sent, 12) + 22,
    draw: (x, y) => el("circle", { cx: x + 5, cy: y, r: DOT_R + 0.3, fill: INK }) + text(x + 16, y, sent),
  });
  const lost = "sent, but no other node received it";
  items.push({
    width: 16 + textWidth(lost, 12) + 22,
    draw: (x, y) => el("circle", { cx: x + 5, cy: y, r: DOT_R + 0.3, fill: "#ffffff", stroke: INK, "stroke-width": 1.5 }) + text(x + 16, y, lost),
  });
  const primary = "primary of the view";
  items.push({ width: 24 + textWidth(primary, 12) + 22, draw: (x, y) => primaryMarker(x + 9, y, undefined, {}) + text(x + 24, y, primary) });
  const relay = "block relayed (numbered)";
  items.push({ width: 24 + textWidth(relay, 12) + 22, draw: (x, y) => relayMarker(x + 8, y + 3, "#1", undefined, {}) + text(x + 24, y, relay) });
  const byz = "Byzantine node";
  items.push({
    width: 34 + textWidth(byz, 12, true) + 22,
    draw: (x, y) =>
      el("line", { x1: x, y1: y, x2: x + 26, y2: y, stroke: BYZANTINE_LINE, "stroke-width": 2 }) +
      el("text", { x: x + 34, y: y + 4, "font-size": 12, "font-weight": "bold", fill: BYZANTINE_COLOR }, escapeXml(byz)),
  });
  return items;
}

/** Lays the legend items out in rows no wider than `width` (at least one item per row). */
function layoutLegend(items: LegendItem[], width: number): { x: number; row: number }[] {
  const pos: { x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    if (x > 0 && x + item.width > width) {
      x = 0;
      row++;
    }
    pos.push({ x, row });
    x += item.width;
  }
  return pos;
}

const LEGEND_ROW_H = 30;

interface Panel {
  readonly view: TraceView;
  /** Sends, receipts from other nodes, relays. */
  readonly events: readonly TraceEvent[];
  readonly x: number;
  readonly width: number;
  readonly title: string;
  readonly subtitle: string;
}

/**
 * The execution as one SVG document: views that started or had any event side by side, a line per
 * node, an arrow per receipt (class "msg", with data-kind/from/to/view/sent/received), a dot per send
 * (an empty one, class "lost", when no other node received it), the primary of each view (class
 * "primary"), numbered block relays (class "relay") and a legend.
 */
export function renderExecutionSvg(e: Trace, options: { title?: string } = {}): string {
  if (e.tmax === null) throw new Error("this picture draws MILP traces (views of tmax steps)");
  const tmax = e.tmax;
  const counts = traceCounts(e);
  const others = otherReceipts(e);
  const step = (ev: { time: number; view: number }) => stepOf(e, ev);
  const nodes = Array.from({ length: e.n }, (_, k) => k + 1);
  const labelW = Math.max(60, ...nodes.map((i) => textWidth(nodeLabel(e, i), 12, isByzantine(e, i)))) + 22;
  const stepsW = PANEL_PAD_L + Math.max(0, tmax - 1) * STEP_W + PANEL_PAD_R;
  const stepX = (panel: Panel, t: number) => panel.x + PANEL_PAD_L + (t - 1) * STEP_W;

  // Header: optional title, then a one-line summary of the execution.
  let y = MARGIN;
  const header: string[] = [];
  if (options.title !== undefined && options.title !== "") {
    header.push(el("text", { x: MARGIN, y: y + 16, "font-size": 18, "font-weight": "bold", fill: INK }, escapeXml(options.title)));
    y += 28;
  }
  const byzantine = nodes.filter((i) => isByzantine(e, i));
  const summary =
    `N=${e.n} (f=${e.f}, quorum M=${e.m}), tmax=${tmax}; honest nodes 1..${e.m}, Byzantine ${byzantine.length === 1 ? "node" : "nodes"} ${byzantine.join(", ") || "none"}` +
    ` · blocks relayed: ${counts.blocks} · views started: ${counts.rounds} · messages sent: ${counts.messagesSent}, received: ${counts.messagesReceived}`;
  header.push(el("text", { x: MARGIN, y: y + 12, "font-size": 12, fill: MUTED }, escapeXml(summary)));
  y += 26;

  // Panels: the views that started or had any event.
  const panelTop = y;
  const panels: Panel[] = [];
  let px = MARGIN + labelW;
  for (const view of e.views) {
    const events = e.events.filter((ev) => ev.view === view.view && (ev.type === "send" || ev.type === "relay" || (ev.type === "receive" && ev.from !== ev.node)));
    if (view.primary === null && events.length === 0) continue;
    const relays = events.flatMap((ev) => (ev.type === "relay" ? [ev.number] : []));
    const title = viewTitle(e, view);
    const subtitle = viewSubtitle(view, relays);
    const width = Math.max(stepsW, textWidth(title, 13, true) + 20, textWidth(subtitle, 11) + 20);
    panels.push({ view, events, x: px, width, title, subtitle });
    px += width + PANEL_GAP;
  }
  const panelsRight = panels.length ? px - PANEL_GAP : MARGIN + labelW + stepsW;
  const nodeY = (i: number) => panelTop + PANEL_HEAD + (i - 1) * ROW_H;
  const panelBottom = nodeY(e.n) + PANEL_FOOT;

  // Legend below the panels, wrapped to the drawing's width (but never narrower than 560 px).
  const items = legendItems();
  const legendW = Math.max(panelsRight - MARGIN, 560);
  const legendPos = layoutLegend(items, legendW);
  const legendRows = legendPos.length ? legendPos[legendPos.length - 1]!.row + 1 : 0;
  const legendTop = panelBottom + 22;
  const width = Math.ceil(Math.max(panelsRight, MARGIN + Math.max(...legendPos.map((p, k) => p.x + items[k]!.width)), textWidth(summary, 12) + MARGIN) + MARGIN);
  const height = Math.ceil(legendTop + legendRows * LEGEND_ROW_H + MARGIN - 6);

  const body: string[] = [];
  body.push(el("rect", { x: 0, y: 0, width, height, fill: "#ffffff" }));
  body.push(...header);

  // Panel backgrounds, titles and step ticks.
  const back: string[] = [];
  panels.forEach((panel, k) => {
    const parts: string[] = [];
    parts.push(el("rect", { x: panel.x, y: panelTop, width: panel.width, height: panelBottom - panelTop, rx: 4, fill: k % 2 ? "#f4f6f8" : "#fafbfc", stroke: "#d0d5db" }));
    parts.push(el("text", { x: panel.x + 10, y: panelTop + 19, "font-size": 13, "font-weight": "bold", fill: INK }, escapeXml(panel.title)));
    parts.push(el("text", { x: panel.x + 10, y: panelTop + 35, "font-size": 11, fill: MUTED }, escapeXml(panel.subtitle)));
    for (let t = 1; t <= tmax; t++) {
      const x = stepX(panel, t);
      parts.push(el("line", { x1: x, y1: panelTop + 50, x2: x, y2: panelBottom - 6, stroke: "#dde1e6", "stroke-width": 1 }));
      parts.push(el("text", { x, y: panelTop + 47, "text-anchor": "middle", "font-size": 11, fill: MUTED }, String(t)));
    }
    back.push(el("g", { class: "view", "data-view": panel.view.view, "data-primary": panel.view.primary ?? undefined }, parts.join("")));
  });
  if (!panels.length) {
    back.push(el("text", { x: MARGIN + labelW + 10, y: panelTop + 35, "font-size": 12, fill: MUTED }, "no view started and nothing happened"));
  }
  body.push(...back);
  body.push(el("text", { x: MARGIN + labelW - 14, y: panelTop + 47, "text-anchor": "end", "font-size": 11, fill: MUTED }, "step"));

  // Node lines and labels.
  for (const i of nodes) {
    const byz = isByzantine(e, i);
    const yy = nodeY(i);
    body.push(
      el("line", {
        class: "node-line",
        "data-node": i,
        x1: MARGIN + labelW - 8,
        y1: yy,
        x2: panelsRight,
        y2: yy,
        stroke: byz ? BYZANTINE_LINE : "#9aa3ad",
        "stroke-width": byz ? 2 : 1.5,
      }),
    );
    body.push(
      el(
        "text",
        { class: byz ? "node-label byzantine" : "node-label", x: MARGIN + labelW - 14, y: yy + 4, "text-anchor": "end", "font-size": 12, "font-weight": byz ? "bold" : undefined, fill: byz ? BYZANTINE_COLOR : INK },
        escapeXml(nodeLabel(e, i)),
      ),
    );
  }

  // Arrows first, then dots and markers on top of them.
  const arrows: string[] = [];
  const dots: string[] = [];
  const marks: string[] = [];
  for (const panel of panels) {
    const sends = new Map<string, SendEvent>();
    for (const ev of panel.events) if (ev.type === "send") sends.set(`${ev.node}|${ev.message}`, ev);
    for (const ev of panel.events) {
      if (ev.type === "receive") {
        const send = sends.get(`${ev.from}|${ev.message}`);
        const dx = KIND_DX[ev.message];
        // A receipt without its send (not a model solution) starts at the panel's left edge.
        const x1 = send ? stepX(panel, step(send)) + dx : panel.x + 4;
        const x2 = stepX(panel, step(ev)) + dx;
        const dash = ev.message === "ChangeView";
        arrows.push(
          el(
            "path",
            {
              class: "msg",
              "data-kind": ev.message,
              "data-from": ev.from,
              "data-to": ev.node,
              "data-view": ev.view,
              "data-sent": send ? step(send) : "",
              "data-received": step(ev),
              d: bowedPath(x1, nodeY(ev.from), x2, nodeY(ev.node), KIND_BOW[ev.message]),
              fill: "none",
              stroke: MESSAGE_COLORS[ev.message],
              "stroke-width": ARROW_W,
              "stroke-dasharray": dash ? CHANGE_VIEW_DASH : undefined,
              "marker-end": `url(#${markerId(ev.message)})`,
            },
            tooltip(`${ev.message} from ${nodeLabel(e, ev.from)} to ${nodeLabel(e, ev.node)}, view ${ev.view}: sent at step ${send ? step(send) : "?"}, received at step ${step(ev)}`),
          ),
        );
      } else if (ev.type === "send") {
        const receivedByOthers = others.get(`${ev.node}|${ev.view}|${ev.message}|${ev.time}`) ?? 0;
        const lost = receivedByOthers === 0;
        dots.push(
          el(
            "circle",
            {
              class: lost ? "lost" : "sent",
              "data-kind": ev.message,
              "data-node": ev.node,
              "data-view": ev.view,
              "data-step": step(ev),
              cx: stepX(panel, step(ev)) + KIND_DX[ev.message],
              cy: nodeY(ev.node),
              r: lost ? DOT_R + 0.3 : DOT_R,
              fill: lost ? "#ffffff" : MESSAGE_COLORS[ev.message],
              stroke: MESSAGE_COLORS[ev.message],
              "stroke-width": lost ? 1.5 : 0.8,
            },
            tooltip(`${nodeLabel(e, ev.node)} sends ${ev.message} at step ${step(ev)} of view ${ev.view}${lost ? "; no other node receives it" : ` (received by ${receivedByOthers} other ${receivedByOthers === 1 ? "node" : "nodes"})`}`),
          ),
        );
      } else if (ev.type === "relay") {
        marks.push(
          relayMarker(
            stepX(panel, step(ev)) + RELAY_DX,
            nodeY(ev.node),
            `#${ev.number}`,
            "relay",
            { "data-block": ev.number, "data-node": ev.node, "data-view": ev.view, "data-step": step(ev) },
            `${nodeLabel(e, ev.node)} relays block #${ev.number} at step ${step(ev)} of view ${ev.view}`,
          ),
        );
      }
    }
    if (panel.view.primary !== null) {
      const i = panel.view.primary;
      marks.push(primaryMarker(panel.x + 15, nodeY(i), "primary", { "data-view": panel.view.view, "data-node": i }, `${nodeLabel(e, i)} is the primary of view ${panel.view.view}`));
    }
  }
  body.push(el("g", { class: "arrows" }, arrows.join("")));
  body.push(el("g", { class: "sends" }, dots.join("")));
  body.push(el("g", { class: "markers" }, marks.join("")));

  // Legend.
  const legend = items.map((item, k) => item.draw(MARGIN + legendPos[k]!.x, legendTop + legendPos[k]!.row * LEGEND_ROW_H + 12));
  body.push(el("g", { class: "legend" }, legend.join("")));

  const docTitle = options.title !== undefined && options.title !== "" ? options.title : `dBFT 2.0 execution, N=${e.n}, tmax=${tmax}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT_FAMILY)}">` +
    `<title>${escapeXml(docTitle)}</title>` +
    defs() +
    body.join("\n") +
    "</svg>\n"
  );
}
