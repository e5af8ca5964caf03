import { MESSAGE_KINDS, type MessageKind } from "../../formulations/dbft2/messages.js";
import { otherReceipts } from "./timeline.js";
import { asksForViewChange, faultText, isModelKind, isRecovery, MODEL_KIND_STYLES, MODEL_KINDS, type ModelFault, type ModelKind, modelRun, ordersViewChange, poolText, SHARED_POOL_NOTE, stepWords } from "./svg-model.js";
import { isConsensusMessage, type ReceiveEvent, type RelayEvent, type SendEvent, stepOf, type Trace, traceCounts, type TraceEvent, type TraceMessageKind, type TraceView } from "./trace.js";

/** What a panel draws: sends and receipts of the four consensus payloads (not a node's own receipts), and relays. */
type Drawn = (SendEvent & { message: MessageKind }) | (ReceiveEvent & { message: MessageKind }) | RelayEvent;

function isDrawn(ev: TraceEvent): ev is Drawn {
  if (ev.type === "relay") return true;
  if (ev.type === "send") return isConsensusMessage(ev.message);
  return ev.type === "receive" && ev.from !== ev.node && isConsensusMessage(ev.message);
}

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

function markerId(kind: TraceMessageKind): string {
  return `byzopt-arrowhead-${kind}`;
}

/** Colour of any kind drawn as an arrow: the four MILP kinds above, model kinds from svg-model.ts. */
function kindColor(kind: MessageKind | ModelKind): string {
  return isModelKind(kind) ? MODEL_KIND_STYLES[kind].color : MESSAGE_COLORS[kind];
}

function kindDash(kind: MessageKind | ModelKind): string | undefined {
  return isModelKind(kind) ? MODEL_KIND_STYLES[kind].dash : kind === "ChangeView" ? CHANGE_VIEW_DASH : undefined;
}

/** Arrowheads of the four MILP kinds, then of the model kinds a trace holds (none for MILP and simulator traces). */
function defs(extra: readonly ModelKind[] = []): string {
  const markers = [...MESSAGE_KINDS, ...extra].map((kind) =>
    el(
      "marker",
      { id: markerId(kind), viewBox: "0 0 10 10", refX: 9.5, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" },
      el("path", { d: "M0 1L10 5L0 9Z", fill: kindColor(kind) }),
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
  readonly events: readonly Drawn[];
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
 *
 * A simulator trace (tmax null) is drawn on its clock instead, in one panel: the same arrows, dots and
 * markers (sent/received are clock times), plus each node's view over time (class "view-band"), view
 * changes (class "view-change"), commits (class "commit"), recovery receipts as thin grey arrows (class
 * "recovery"), axis breaks over idle stretches (class "axis-break") and the outcome (class "outcome").
 *
 * A rule-set model run (source "model") is drawn the same way on its steps, one column per step: its
 * protocol and pool in the header (class "model-setting"), the kinds of the proposed fixes in their own
 * colours (legend entries, class "legend-kind", only for kinds it holds), a ticked box per commit (no
 * commit lock: cv3 and ccv let a committed node change view), and where a node dies or turns bad (class
 * "fault"). With the shared pool there are no receipts: sends are full dots, never "lost".
 */
export function renderExecutionSvg(e: Trace, options: { title?: string } = {}): string {
  if (e.tmax === null) return renderClockSvg(e, options);
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
    const events = e.events.filter((ev): ev is Drawn => ev.view === view.view && isDrawn(ev));
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
    const sends = new Map<string, Drawn & SendEvent>();
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

/*
 * Simulator traces (tmax null): one panel on the simulation clock. Nodes can be in different views at
 * once, so each node's line carries a band that shows its view over time (and whether it is asking for
 * a view change or has committed). Many things happen within one clock tick (zero delays), so a tick is
 * drawn as a column of causal layers, left to right: a receipt of a payload sent in the same tick sits
 * one layer right of its send, and a node's events never move left (its receipts of its own payloads,
 * which are not drawn, do not count). Apart from that, time runs linearly with a minimum gap between two
 * ticks; stretches with no event longer than CLOCK_BREAK_TICKS are cut out with an axis break, and the
 * whole plot is scaled down when it would be wider than CLOCK_MAX_PLOT_W.
 */

const RECOVERY_COLOR = "#8c939b";
const DEAD_COLOR = "#8a9098";
const DEAD_LINE = "#c3c8ce";
const COMMIT_LOCK_COLOR = MESSAGE_COLORS.Commit;
/** Band tints of views 1, 2, … (cycled); every band is also labelled with its view. */
const VIEW_TINTS = ["#d9e5f3", "#f6e6c3", "#e4daf2", "#d3ecec", "#f4d9d9", "#e4e4e4"];
const CLOCK_KIND_DX: Readonly<Record<TraceMessageKind, number>> = {
  ...KIND_DX,
  RecoveryRequest: -13,
  RecoveryMessage: 13,
  ...(Object.fromEntries(Object.entries(MODEL_KIND_STYLES).map(([k, s]) => [k, s.dx])) as Record<ModelKind, number>),
};
const CLOCK_ROW_H = 60;
const BAND_TOP = 8; // node line to the top of its view band
const BAND_H = 15;
const BAND_PAD = 16; // band and axis beyond the first and last columns
const COMMIT_DY = -15; // the padlock sits above the node line
const PRIMARY_DX = 13;
/** Spacing at scale 1; scaled down together (not below CLOCK_MIN_SCALE) when the plot would be wider than CLOCK_MAX_PLOT_W. */
const CLOCK_LAYER_W = 54;
const CLOCK_MIN_GAP = 44;
const CLOCK_PX_PER_TICK = 3;
const CLOCK_BREAK_W = 84;
const CLOCK_MAX_PLOT_W = 3400;
/** Room after the last tick, where every node's final state is drawn and labelled. */
const CLOCK_TAIL_W = 230;
const CLOCK_MIN_SCALE = 0.45;
/** Stretches with no event longer than this (ticks) are cut out of the axis. */
export const CLOCK_BREAK_TICKS = 120;
const RECOVERY_MARKER = "byzopt-arrowhead-recovery";
const ASKING_PATTERN = "byzopt-asking";

interface ClockTick {
  readonly time: number;
  /** Layers 0..layers−1. */
  readonly layers: number;
  /** x of layer 0. */
  x: number;
}

interface ClockBreak {
  readonly from: number;
  readonly to: number;
  readonly x: number;
}

interface ClockLayout {
  /** Causal layer of each event of the trace (by index). */
  readonly layer: readonly number[];
  /** For each receipt (by index), the index of its send, or −1. */
  readonly sendOf: readonly number[];
  readonly ticks: readonly ClockTick[];
  readonly breaks: readonly ClockBreak[];
  readonly layerW: number;
  /** x of an event (by index). */
  readonly x: (k: number) => number;
  readonly left: number;
  readonly right: number;
  /** x of layer 0 of a tick. */
  readonly timeX: (time: number) => number;
  /** Right edge of the column of a tick. */
  readonly columnEnd: (time: number) => number;
}

function payloadKey(node: number, view: number, message: TraceMessageKind, time: number): string {
  return `${node}|${view}|${message}|${time}`;
}

/** `times`: ticks to place even where nothing happens (a model run's steps, so that a death has its column). */
function clockLayout(e: Trace, x0: number, times: readonly number[] = []): ClockLayout {
  const n = e.events.length;
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => e.events[a]!.time - e.events[b]!.time || a - b);
  const layer = new Array<number>(n).fill(0);
  const sendOf = new Array<number>(n).fill(-1);
  const sends = new Map<string, number[]>();
  const findSend = (r: ReceiveEvent): number => {
    const candidates = sends.get(payloadKey(r.from, r.view, r.message, r.sentAt)) ?? [];
    const same = candidates.find((k) => {
      const s = e.events[k] as SendEvent;
      return s.block === r.block && s.newView === r.newView;
    });
    return same ?? candidates[0] ?? -1;
  };
  const tickLayers = new Map<number, number>();
  let tick = Number.NaN;
  const nodeLayer = new Map<number, number>();
  for (const k of order) {
    const ev = e.events[k]!;
    if (ev.time !== tick) {
      tick = ev.time;
      nodeLayer.clear();
    }
    let l = nodeLayer.get(ev.node) ?? 0;
    if (ev.type === "receive" && ev.from !== ev.node) {
      const s = findSend(ev);
      sendOf[k] = s;
      if (s >= 0 && e.events[s]!.time === ev.time) l = Math.max(l, layer[s]! + 1);
    }
    layer[k] = l;
    nodeLayer.set(ev.node, l);
    tickLayers.set(ev.time, Math.max(tickLayers.get(ev.time) ?? 0, l + 1));
    if (ev.type === "send") {
      const key = payloadKey(ev.node, ev.view, ev.message, ev.time);
      sends.set(key, [...(sends.get(key) ?? []), k]);
    }
  }
  for (const t of times) if (!tickLayers.has(t)) tickLayers.set(t, 1);
  const ticks: ClockTick[] = [...tickLayers.entries()].sort((a, b) => a[0] - b[0]).map(([time, layers]) => ({ time, layers, x: 0 }));

  // Place the ticks at scale 1, then scale everything down if the plot is too wide.
  const place = (scale: number): { breaks: ClockBreak[]; right: number } => {
    const breaks: ClockBreak[] = [];
    let x = x0;
    ticks.forEach((t, k) => {
      if (k > 0) {
        const prev = ticks[k - 1]!;
        const gap = t.time - prev.time;
        if (gap > CLOCK_BREAK_TICKS) {
          breaks.push({ from: prev.time, to: t.time, x: x + (CLOCK_BREAK_W * scale) / 2 });
          x += CLOCK_BREAK_W * scale;
        } else x += Math.max(CLOCK_MIN_GAP, gap * CLOCK_PX_PER_TICK) * scale;
      }
      t.x = x;
      x += (t.layers - 1) * CLOCK_LAYER_W * scale;
    });
    return { breaks, right: x };
  };
  let scale = 1;
  let placed = place(scale);
  if (placed.right - x0 > CLOCK_MAX_PLOT_W) {
    scale = Math.max(CLOCK_MIN_SCALE, Math.floor((CLOCK_MAX_PLOT_W / (placed.right - x0)) * 100) / 100);
    placed = place(scale);
  }
  const tickX = new Map(ticks.map((t) => [t.time, t.x]));
  const layerW = CLOCK_LAYER_W * scale;
  return {
    layer,
    sendOf,
    ticks,
    breaks: placed.breaks,
    layerW,
    x: (k) => tickX.get(e.events[k]!.time)! + layer[k]! * layerW,
    left: x0 - BAND_PAD,
    right: placed.right + CLOCK_TAIL_W,
    timeX: (time) => tickX.get(time) ?? x0,
    columnEnd: (time) => {
      const t = ticks.find((c) => c.time === time);
      return t ? t.x + (t.layers - 0.5) * layerW : x0;
    },
  };
}

type BandMode = "view" | "asking" | "committed";

interface BandSegment {
  readonly node: number;
  readonly view: number;
  readonly mode: BandMode;
  /** asking: the view asked for; committed: the block. */
  readonly target?: number;
  readonly block?: string;
  readonly from: number;
  to: number;
  readonly t0: number;
  t1: number;
}

/** A node's view over time: a segment per view, split where it asks for a view change or commits. */
function bandSegments(e: Trace, node: number, layout: ClockLayout): BandSegment[] {
  const own = e.events.flatMap((ev, k) => (ev.node === node ? [k] : []));
  const first = own.map((k) => e.events[k]!).find((ev) => ev.type === "change_view" || ev.type === "send" || ev.type === "primary" || ev.type === "commit" || ev.type === "relay");
  const end = e.events.reduce((t, ev) => Math.max(t, ev.time), 0);
  const segments: BandSegment[] = [];
  let cur: BandSegment = { node, view: first?.view ?? 1, mode: "view", from: layout.left, to: layout.right, t0: 0, t1: end };
  const open = (next: Omit<BandSegment, "to" | "t1" | "node">) => {
    cur.to = next.from;
    cur.t1 = next.t0;
    segments.push(cur);
    cur = { node, ...next, to: layout.right, t1: end };
  };
  for (const k of own) {
    const ev = e.events[k]!;
    const x = layout.x(k);
    if (ev.type === "change_view") open({ view: ev.newView, mode: "view", from: x, t0: ev.time });
    else if (ev.type === "commit" && cur.mode !== "committed") open({ view: cur.view, mode: "committed", block: ev.block, from: x, t0: ev.time });
    else if (ev.type === "send" && asksForViewChange(ev.message) && ev.newView !== undefined && !(cur.mode === "asking" && cur.target === ev.newView))
      open({ view: cur.view, mode: "asking", target: ev.newView, from: x, t0: ev.time });
  }
  segments.push(cur);
  return segments.filter((s) => s.to > s.from || s === cur);
}

/** The segments up to x (time t), where a model run's node dies: a dead node has no view. */
function cutSegments(segments: BandSegment[], x: number, t: number): BandSegment[] {
  const kept = segments.filter((s) => s.from < x);
  const last = kept[kept.length - 1];
  if (last) [last.to, last.t1] = [x, t];
  return kept;
}

/** Band labels, longest first; the longest that fits is drawn. Views are always spelt out ("v2" names a block). */
function segmentLabels(e: Trace, s: BandSegment): string[] {
  const view = `view ${s.view}`;
  if (s.mode === "asking") return [`${view} · asks for view ${s.target}`, `${view} → ${s.target}?`, view];
  if (s.mode === "committed") {
    const block = s.block ? ` ${s.block}` : "";
    return [...(isByzantine(e, s.node) || e.source === "model" ? [] : [`${view} · committed${block} (locked)`]), `${view} · committed${block}`, `${view} · committed`, view];
  }
  return [view];
}

/** Where each node ends up, nodes grouped: "nodes 3, 5 committed v1 in view 1 · node 7 dead". */
function finalStates(e: Trace, segments: ReadonlyMap<number, readonly BandSegment[]>): string {
  const groups = new Map<string, number[]>();
  for (const [node, segs] of segments) {
    const relay = e.events.findLast((ev): ev is RelayEvent => ev.type === "relay" && ev.node === node);
    const last = segs[segs.length - 1];
    const what =
      e.roles[node - 1] === "dead" || !last
        ? "dead"
        : relay
          ? `relayed ${relay.block} (view ${relay.view})`
          : last.mode === "committed"
            ? `committed${last.block ? ` ${last.block}` : ""} in view ${last.view}`
            : last.mode === "asking"
              ? `in view ${last.view}, asking for view ${last.target}`
              : `in view ${last.view}`;
    groups.set(what, [...(groups.get(what) ?? []), node]);
  }
  return [...groups.entries()].map(([what, ns]) => `${listNodes(ns)} ${what}`).join(" · ");
}

function segmentTitle(e: Trace, s: BandSegment): string {
  const who = nodeLabel(e, s.node);
  // Model runs: steps, and no commit lock claimed (cv3 and ccv let a committed node change view).
  const model = e.source === "model";
  const span = model ? `steps ${s.t0}..${s.t1}` : `t=${s.t0}..${s.t1}`;
  if (s.mode === "asking") return `${who} in view ${s.view}, asking for view ${s.target} (${span})`;
  if (s.mode === "committed") return `${who} in view ${s.view}, committed${s.block ? ` to ${s.block}` : ""}${isByzantine(e, s.node) || model ? "" : ": it never asks for a view change again (commit lock)"} (${span})`;
  return `${who} in view ${s.view} (${span})`;
}

function viewTint(view: number): string {
  return VIEW_TINTS[(view - 1) % VIEW_TINTS.length]!;
}

function bandRect(x: number, y: number, w: number, mode: BandMode, view: number, extra: Attrs = {}): string {
  const base = el("rect", {
    ...extra,
    x,
    y,
    width: Math.max(0, w),
    height: BAND_H,
    fill: viewTint(view),
    stroke: mode === "committed" ? COMMIT_LOCK_COLOR : undefined,
    "stroke-width": mode === "committed" ? 1.6 : undefined,
  });
  return mode === "asking" ? base + el("rect", { x, y, width: Math.max(0, w), height: BAND_H, fill: `url(#${ASKING_PATTERN})` }) : base;
}

function padlock(cx: number, cy: number, cls: string | undefined, extra: Attrs, title?: string): string {
  return el("g", { class: cls, ...extra }, [
    title ? tooltip(title) : "",
    el("path", { d: `M${num(cx - 3.2)} ${num(cy - 1)}V${num(cy - 3.6)}A3.2 3.2 0 0 1 ${num(cx + 3.2)} ${num(cy - 3.6)}V${num(cy - 1)}`, fill: "none", stroke: COMMIT_LOCK_COLOR, "stroke-width": 1.8 }),
    el("rect", { x: cx - 5.5, y: cy - 1.5, width: 11, height: 8.5, rx: 1.5, fill: COMMIT_LOCK_COLOR, stroke: "#ffffff", "stroke-width": 0.8 }),
  ].join(""));
}

/** A model run's commit: a ticked box, not a padlock, since not every variant locks a node that committed. */
function commitMark(cx: number, cy: number, cls: string | undefined, extra: Attrs, title?: string): string {
  return el("g", { class: cls, ...extra }, [
    title ? tooltip(title) : "",
    el("rect", { x: cx - 5.5, y: cy - 4.5, width: 11, height: 11, rx: 2, fill: COMMIT_LOCK_COLOR, stroke: "#ffffff", "stroke-width": 0.8 }),
    el("path", { d: `M${num(cx - 3)} ${num(cy + 1)}L${num(cx - 0.8)} ${num(cy + 3.4)}L${num(cx + 3.2)} ${num(cy - 1.8)}`, fill: "none", stroke: "#ffffff", "stroke-width": 1.6 }),
  ].join(""));
}

/** Where a node dies (grey) or turns bad (red): a circled cross on its line. */
function faultMark(cx: number, cy: number, becomes: ModelFault["becomes"], cls: string | undefined, extra: Attrs, title?: string): string {
  const c = becomes === "dead" ? DEAD_COLOR : BYZANTINE_COLOR;
  return el("g", { class: cls, ...extra }, [
    title ? tooltip(title) : "",
    el("circle", { cx, cy, r: 7, fill: "#ffffff", stroke: c, "stroke-width": 1.6 }),
    el("path", { d: `M${num(cx - 3.5)} ${num(cy - 3.5)}L${num(cx + 3.5)} ${num(cy + 3.5)}M${num(cx + 3.5)} ${num(cy - 3.5)}L${num(cx - 3.5)} ${num(cy + 3.5)}`, stroke: c, "stroke-width": 2 }),
  ].join(""));
}

function viewChangeMark(x: number, y: number, cls: string | undefined, extra: Attrs, title?: string): string {
  return el("g", { class: cls, ...extra }, [
    title ? tooltip(title) : "",
    el("line", { x1: x, y1: y - 7, x2: x, y2: y + BAND_TOP + BAND_H + 3, stroke: MESSAGE_COLORS.ChangeView, "stroke-width": 2.2 }),
    el("path", { d: `M${num(x)} ${num(y + BAND_TOP + 2)}L${num(x + 7)} ${num(y + BAND_TOP + BAND_H / 2)}L${num(x)} ${num(y + BAND_TOP + BAND_H - 2)}Z`, fill: MESSAGE_COLORS.ChangeView }),
  ].join(""));
}

function clockDefs(extra: readonly ModelKind[] = []): string {
  const recovery = el(
    "marker",
    { id: RECOVERY_MARKER, viewBox: "0 0 10 10", refX: 9.5, refY: 5, markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto" },
    el("path", { d: "M0 1L10 5L0 9Z", fill: RECOVERY_COLOR }),
  );
  const hatch = el(
    "pattern",
    { id: ASKING_PATTERN, width: 7, height: 7, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    el("line", { x1: 0, y1: 0, x2: 0, y2: 7, stroke: MESSAGE_COLORS.ChangeView, "stroke-width": 2.2, "stroke-opacity": 0.42 }),
  );
  return defs(extra).replace("</defs>", recovery + hatch + "</defs>");
}

function listNodes(nodes: readonly number[]): string {
  return nodes.length === 1 ? `node ${nodes[0]}` : `nodes ${nodes.join(", ")}`;
}

function listAnd(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The run's outcome as a sentence, and whether it is bad news (a fork or a lock); null when the trace says nothing. */
export function clockOutcome(e: Trace): { text: string; bad: boolean; outcome: string } | null {
  const honest = new Map<string, number[]>();
  for (const ev of e.events) if (ev.type === "relay" && e.roles[ev.node - 1] === "honest") honest.set(ev.block, [...(honest.get(ev.block) ?? []), ev.node]);
  const blocks = [...honest.keys()].sort();
  const outcome = typeof e.meta.outcome === "string" ? e.meta.outcome : "";
  if (blocks.length > 1) return { text: `fork: honest nodes relayed different blocks ${listAnd(blocks)}`, bad: true, outcome: outcome || "fork" };
  switch (outcome) {
    case "":
      return null;
    case "locked":
      return { text: "liveness lock: no block can ever be produced", bad: true, outcome };
    case "decided":
      return { text: blocks.length ? `decided: block ${blocks[0]} relayed by honest ${listNodes(honest.get(blocks[0]!)!)}` : "decided", bad: false, outcome };
    case "stalled":
      return { text: "stalled: no honest node relayed a block, and nothing changes any more unless the Byzantine nodes act", bad: true, outcome };
    case "horizon":
      return { text: "horizon: the run reached its view or time limit undecided", bad: false, outcome };
    // The outcomes of rule-set model runs (variants' classify).
    case "lock":
      return { text: "lock: fewer than M nodes accepted a block and no honest node can take a step", bad: true, outcome };
    case "cut":
      return { text: "cut: undecided, and the only honest steps left go beyond the model's view bound", bad: false, outcome };
    default:
      return { text: `outcome: ${outcome}`, bad: false, outcome };
  }
}

/** `model`: a model run's legend lists only the kinds it holds, its pool and its faults; it claims no commit lock. */
interface ClockLegendModel {
  readonly kinds: readonly (MessageKind | ModelKind)[];
  readonly shared: boolean;
  readonly dies: boolean;
  readonly turnsBad: boolean;
  readonly relays: boolean;
  readonly moves: boolean;
  readonly asking: boolean;
  readonly committed: boolean;
}

function clockLegendItems(has: { recovery: boolean; breaks: boolean; columns: boolean; byzantine: boolean; dead: boolean; model?: ClockLegendModel }): LegendItem[] {
  const text = (x: number, y: number, s: string) => el("text", { x, y: y + 4, "font-size": 12, fill: INK }, escapeXml(s));
  const item = (label: string, sampleW: number, sample: (x: number, y: number) => string): LegendItem => ({ width: sampleW + 8 + textWidth(label, 12) + 22, draw: (x, y) => sample(x, y) + text(x + sampleW + 8, y, label) });
  const model = has.model;
  const items: LegendItem[] = (model?.kinds ?? MESSAGE_KINDS).map((kind) =>
    item(kind, 32, (x, y) =>
      el("path", {
        class: model ? "legend-kind" : undefined,
        "data-kind": model ? kind : undefined,
        d: arrowPath(x, y, x + 32, y),
        stroke: kindColor(kind),
        "stroke-width": ARROW_W,
        "stroke-dasharray": kindDash(kind),
        fill: "none",
        "marker-end": `url(#${markerId(kind)})`,
      }),
    ),
  );
  if (has.recovery)
    items.push(item("RecoveryRequest / RecoveryMessage (state sync)", 32, (x, y) => el("path", { d: arrowPath(x, y, x + 32, y), stroke: RECOVERY_COLOR, "stroke-width": 1, fill: "none", "marker-end": `url(#${RECOVERY_MARKER})` })));
  items.push(item(model?.shared ? `message sent (${SHARED_POOL_NOTE} at once)` : "message sent", 10, (x, y) => el("circle", { cx: x + 5, cy: y, r: DOT_R + 0.3, fill: INK })));
  if (!model?.shared) items.push(item("sent, but no other node received it", 10, (x, y) => el("circle", { cx: x + 5, cy: y, r: DOT_R + 0.3, fill: "#ffffff", stroke: INK, "stroke-width": 1.5 })));
  items.push(item("primary, where it enters its view", 18, (x, y) => primaryMarker(x + 9, y, undefined, {})));
  if (model) items.push(item("commits (sends its Commit)", 12, (x, y) => commitMark(x + 6, y - 1, undefined, {})));
  else items.push(item("commits (commit lock)", 12, (x, y) => padlock(x + 6, y - 1, undefined, {})));
  if (model?.dies) items.push(item("dies: from then on it does nothing", 16, (x, y) => faultMark(x + 8, y, "dead", undefined, {})));
  if (model?.turnsBad) items.push(item("turns Byzantine", 16, (x, y) => faultMark(x + 8, y, "bad", undefined, {})));
  if (!model || model.relays) items.push(item("block relayed (number, name)", 16, (x, y) => relayMarker(x + 8, y + 3, "#1", undefined, {})));
  if (!model || model.moves)
    items.push(
      item("moves to another view", 10, (x, y) =>
        el("line", { x1: x + 3, y1: y - 10, x2: x + 3, y2: y + 10, stroke: MESSAGE_COLORS.ChangeView, "stroke-width": 2.2 }) + el("path", { d: `M${num(x + 3)} ${num(y - 5)}L${num(x + 10)} ${num(y + 2.5)}L${num(x + 3)} ${num(y + 10)}Z`, fill: MESSAGE_COLORS.ChangeView }),
      ),
    );
  items.push(item("the node's view", 44, (x, y) => bandRect(x, y - BAND_H / 2, 44, "view", 1) + el("text", { x: x + 4, y: y + 4, "font-size": 11, fill: INK }, "view 1")));
  if (!model || model.asking) items.push(item("asked for a view change, still in the view", 44, (x, y) => bandRect(x, y - BAND_H / 2, 44, "asking", 1)));
  if (!model || model.committed) items.push(item("committed in the view", 44, (x, y) => bandRect(x, y - BAND_H / 2, 44, "committed", 1)));
  if (has.columns) items.push(item(model ? "one step, causal order left to right" : "one clock tick, causal order left to right", 30, (x, y) => el("rect", { x, y: y - 9, width: 30, height: 18, fill: "#eef1f5", stroke: "#dde2e8" })));
  if (has.breaks)
    items.push(
      item("axis break: idle stretch cut out", 20, (x, y) =>
        el("rect", { x: x + 4, y: y - 9, width: 12, height: 18, fill: "#ffffff" }) + el("path", { d: `M${num(x + 4)} ${num(y - 9)}l4 6l-4 6l4 6M${num(x + 16)} ${num(y - 9)}l-4 6l4 6l-4 6`, stroke: "#aab1b9", "stroke-width": 1.2, fill: "none" }),
      ),
    );
  if (has.byzantine)
    items.push({
      width: 34 + textWidth("Byzantine node", 12, true) + 22,
      draw: (x, y) => el("line", { x1: x, y1: y, x2: x + 26, y2: y, stroke: BYZANTINE_LINE, "stroke-width": 2 }) + el("text", { x: x + 34, y: y + 4, "font-size": 12, "font-weight": "bold", fill: BYZANTINE_COLOR }, "Byzantine node"),
    });
  if (has.dead)
    items.push({
      width: 34 + textWidth("dead node", 12) + 22,
      draw: (x, y) => el("line", { x1: x, y1: y, x2: x + 26, y2: y, stroke: DEAD_LINE, "stroke-width": 1.5, "stroke-dasharray": "5 4" }) + el("text", { x: x + 34, y: y + 4, "font-size": 12, fill: DEAD_COLOR }, "dead node"),
    });
  return items;
}

function renderClockSvg(e: Trace, options: { title?: string }): string {
  const nodes = Array.from({ length: e.n }, (_, k) => k + 1);
  const role = (i: number) => e.roles[i - 1];
  const byRole = (r: string) => nodes.filter((i) => role(i) === r);
  const labelW = Math.max(60, ...nodes.map((i) => textWidth(nodeLabel(e, i), 12, isByzantine(e, i)))) + 22;
  const x0 = MARGIN + labelW + BAND_PAD + 6;
  // A model run: time is the step number, every step gets a column, and nodes may die or turn bad midway.
  const run = modelRun(e);
  const when = (t: number) => (run ? `step ${t}` : `t=${t}`);
  const layout = clockLayout(e, x0, run ? run.steps.map((_, k) => k + 1) : []);
  const faultsOf = (i: number) => (run?.faults ?? []).filter((f) => f.node === i).sort((a, b) => a.step - b.step);
  const death = (i: number) => (role(i) === "dead" ? faultsOf(i).findLast((f) => f.becomes === "dead") : undefined);
  const segments = new Map(nodes.map((i) => [i, role(i) !== "dead" ? bandSegments(e, i, layout) : death(i) ? cutSegments(bandSegments(e, i, layout), layout.timeX(death(i)!.step), death(i)!.step) : []]));
  const others = otherReceipts(e);
  const end = Math.max(run?.steps.length ?? 0, e.events.reduce((t, ev) => Math.max(t, ev.time), 0));

  // Header: optional title, the setting, the counts, the outcome.
  let y = MARGIN;
  const header: string[] = [];
  const headerTexts: { text: string; size: number; bold: boolean }[] = [];
  const line = (text: string, size: number, fill: string, bold: boolean, extra: Attrs = {}) => {
    header.push(el("text", { ...extra, x: MARGIN, y: y + size, "font-size": size, "font-weight": bold ? "bold" : undefined, fill }, escapeXml(text)));
    headerTexts.push({ text, size, bold });
    y += size + (size > 14 ? 10 : 7);
  };
  if (options.title !== undefined && options.title !== "") line(options.title, 18, INK, true);
  const meta = e.meta;
  const numMeta = (k: string) => (typeof meta[k] === "number" ? (meta[k] as number) : null);
  const setting = [
    `N=${e.n} (f=${e.f}, quorum M=${e.m})`,
    numMeta("height") !== null ? `height ${numMeta("height")}` : "",
    numMeta("blockTime") !== null ? `block time ${numMeta("blockTime")} ticks` : "",
    numMeta("maxDelay") !== null ? `delays 0..${numMeta("maxDelay")} ticks` : "",
  ].filter(Boolean);
  const who = [`honest ${listNodes(byRole("honest"))}`, byRole("byzantine").length ? `Byzantine ${listNodes(byRole("byzantine"))}` : "", byRole("dead").length ? `dead ${listNodes(byRole("dead"))}` : ""].filter(Boolean);
  if (run) line(`Model run: ${run.protocolName}, ${poolText(run)}; ${setting.join(", ")}; ${who.join("; ")}`, 12, MUTED, false, { class: "model-setting" });
  else line(`Simulation: ${setting.join(", ")}; ${who.join("; ")}`, 12, MUTED, false);
  let consensusSent = 0;
  let consensusRecv = 0;
  let recoverySent = 0;
  let recoveryRecv = 0;
  const relays = new Map<string, number[]>();
  for (const ev of e.events) {
    if (ev.type === "send") !isRecovery(ev.message) ? consensusSent++ : recoverySent++;
    else if (ev.type === "receive" && ev.from !== ev.node) !isRecovery(ev.message) ? consensusRecv++ : recoveryRecv++;
    else if (ev.type === "relay") relays.set(ev.block, [...(relays.get(ev.block) ?? []), ev.node]);
  }
  const maxView = Math.max(1, ...e.events.map((ev) => (ev.type === "change_view" ? ev.newView : ev.view)));
  const relayText = relays.size ? [...relays.entries()].map(([b, ns]) => `${b} by ${listNodes(ns)}`).join(", ") : "none";
  // With the shared pool nothing is received: every message is in every pool as it is sent.
  const sentText = run ? `messages sent: ${consensusSent}${run.shared ? ` (${SHARED_POOL_NOTE})` : `, received by others: ${consensusRecv}`}` : `consensus messages sent: ${consensusSent}, received by others: ${consensusRecv}`;
  line(
    `${run ? `steps 1..${end}` : `clock 0..${end} ticks`} · highest view reached: ${maxView} · blocks relayed: ${relayText} · ${sentText}` +
      (recoverySent + recoveryRecv ? ` · recovery messages sent: ${recoverySent}, received by others: ${recoveryRecv}` : ""),
    12,
    MUTED,
    false,
  );
  const outcome = clockOutcome(e);
  if (outcome) line(outcome.text, 14, outcome.bad ? BYZANTINE_COLOR : COMMIT_LOCK_COLOR, true, { class: "outcome", "data-outcome": outcome.outcome });
  line(`at the end: ${finalStates(e, segments)}`, 12, INK, false, { class: "final-state" });
  if (run?.records.length) line(`the model's final records (views from 0): ${run.records.map((r, k) => `node ${k + 1} ${r}`).join(" · ")}`, 12, MUTED, false, { class: "model-records" });
  y += 6;

  // Axis, then a row per node.
  const axisY = y + 20;
  const nodeY = (i: number) => axisY + 40 + (i - 1) * CLOCK_ROW_H;
  const plotBottom = nodeY(e.n) + BAND_TOP + BAND_H + 10;
  const { left, right } = layout;

  const back: string[] = [];
  // Ticks with more than one layer get a shaded column; the others a grid line.
  for (const t of layout.ticks) {
    if (t.layers > 1) {
      const w = (t.layers - 1) * layout.layerW;
      back.push(
        el("rect", { class: "tick-column", "data-time": t.time, x: t.x - layout.layerW / 2, y: axisY, width: w + layout.layerW, height: plotBottom - axisY, fill: "#eef1f5", stroke: "#dde2e8" }, tooltip(`t=${t.time}: ${t.layers} causal layers within one tick, left to right`)),
      );
    } else back.push(el("line", { x1: t.x, y1: axisY, x2: t.x, y2: plotBottom, stroke: "#e6e9ed", "stroke-width": 1 }));
  }
  // Axis line, tick marks and labels (skipping labels that would overlap).
  const axis: string[] = [el("line", { x1: left, y1: axisY, x2: right, y2: axisY, stroke: "#9aa3ad", "stroke-width": 1 })];
  const kept: { cx: number; w: number; label: string }[] = [];
  layout.ticks.forEach((t, k) => {
    const cx = t.x + ((t.layers - 1) * layout.layerW) / 2;
    axis.push(el("line", { x1: cx, y1: axisY - 4, x2: cx, y2: axisY, stroke: "#9aa3ad", "stroke-width": 1 }));
    const label = String(t.time);
    const w = textWidth(label, 11);
    const prev = kept[kept.length - 1];
    const clear = !prev || cx - w / 2 > prev.cx + prev.w / 2 + 6;
    // The last tick is always labelled, in place of a neighbour it would overlap.
    if (!clear && k === layout.ticks.length - 1) kept.pop();
    if (clear || k === layout.ticks.length - 1) kept.push({ cx, w, label });
  });
  // A model run's step numbers carry the step in the schedule's words.
  const stepTip = (label: string) => (run && stepWords(run, Number(label)) ? tooltip(`step ${label}: ${stepWords(run, Number(label))}`) : "");
  for (const l of kept) axis.push(el("text", { class: "tick-label", x: l.cx, y: axisY - 7, "text-anchor": "middle", "font-size": 11, fill: MUTED }, l.label + stepTip(l.label)));
  axis.push(el("text", { x: MARGIN + labelW - 14, y: axisY - 7, "text-anchor": "end", "font-size": 11, fill: MUTED }, run ? "step" : "clock (ticks)"));
  axis.push(el("text", { x: right, y: axisY - 7, "text-anchor": "end", "font-size": 11, fill: MUTED, "font-style": "italic" }, "end of trace"));

  // Node lines, labels and view bands.
  const lines: string[] = [];
  const bands: string[] = [];
  const bandLabels: string[] = [];
  for (const i of nodes) {
    const yy = nodeY(i);
    const byz = role(i) === "byzantine";
    const dead = role(i) === "dead";
    const lineStyle = (r: string | undefined) => ({ stroke: r === "byzantine" ? BYZANTINE_LINE : r === "dead" ? DEAD_LINE : "#9aa3ad", "stroke-width": r === "byzantine" ? 2 : 1.5, "stroke-dasharray": r === "dead" ? "5 4" : undefined });
    // A model run's node is honest until its first fault; the line takes the fault's style from there.
    const faults = faultsOf(i);
    const faultX = faults.map((f) => layout.timeX(f.step));
    lines.push(el("line", { class: "node-line", "data-node": i, "data-role": role(i), x1: MARGIN + labelW - 8, y1: yy, x2: faultX[0] ?? right, y2: yy, ...lineStyle(faults.length ? "honest" : role(i)) }));
    faults.forEach((f, k) => {
      const becomes = f.becomes === "dead" ? "dead" : "byzantine";
      lines.push(el("line", { class: "node-line-fault", "data-node": i, "data-becomes": f.becomes, x1: faultX[k]!, y1: yy, x2: faultX[k + 1] ?? right, y2: yy, ...lineStyle(becomes) }));
      const label = `${f.becomes === "dead" ? "dead" : "Byzantine"} from step ${f.step}`;
      // The dead node's label sits where its band would be; the bad node keeps its band, so its label goes above the line.
      const at = f.becomes === "dead" ? { y: yy + BAND_TOP + 11, fill: DEAD_COLOR, "font-style": "italic" } : { y: yy - 9, fill: BYZANTINE_COLOR, "font-weight": "bold" };
      bandLabels.push(el("text", { class: "fault-label", x: faultX[k]! + 10, "font-size": 11, stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke", ...at }, label));
    });
    lines.push(
      el(
        "text",
        {
          class: byz ? "node-label byzantine" : dead ? "node-label dead" : "node-label",
          x: MARGIN + labelW - 14,
          y: yy + 4,
          "text-anchor": "end",
          "font-size": 12,
          "font-weight": byz ? "bold" : undefined,
          fill: byz ? BYZANTINE_COLOR : dead ? DEAD_COLOR : INK,
        },
        escapeXml(nodeLabel(e, i)),
      ),
    );
    if (dead && !death(i)) {
      bandLabels.push(el("text", { x: left + 4, y: yy + BAND_TOP + 11, "font-size": 11, fill: DEAD_COLOR, "font-style": "italic" }, "dead: sends and receives nothing"));
      continue;
    }
    for (const s of segments.get(i)!) {
      const top = yy + BAND_TOP;
      bands.push(el("g", { class: "view-band", "data-node": i, "data-view": s.view, "data-mode": s.mode, "data-from": s.t0, "data-to": s.t1 }, tooltip(segmentTitle(e, s)) + bandRect(s.from, top, s.to - s.from, s.mode, s.view)));
      // The label at the segment's start, and again after each axis break inside it.
      // Preferably just after the busy column where the segment starts, so that arrows do not cover it.
      const starts = [s.from, ...layout.breaks.map((b) => b.x + 8).filter((bx) => bx > s.from + 40 && bx < s.to - 30)];
      starts.forEach((sx, k) => {
        const stop = (k + 1 < starts.length ? starts[k + 1]! - 8 : s.to) - 4;
        const xs = k === 0 && s.from > layout.left ? [layout.columnEnd(s.t0) + 6, sx + 4] : [sx + 4];
        for (const label of segmentLabels(e, s)) {
          const lx = xs.find((x) => x + textWidth(label, 11) <= stop);
          if (lx === undefined) continue;
          bandLabels.push(el("text", { x: lx, y: top + 11.5, "font-size": 11, fill: INK, stroke: viewTint(s.view), "stroke-width": 3, "paint-order": "stroke" }, escapeXml(label)));
          break;
        }
      });
    }
  }

  // Axis breaks: a white stripe with zigzag edges across the plot, and how long the cut stretch is.
  const breaks: string[] = layout.breaks.map((b) => {
    const h = plotBottom - axisY + 8;
    const zig = (x: number, dir: number) => {
      let d = `M${num(x)} ${num(axisY - 8)}`;
      for (let k = 0; k * 6 < h; k++) d += `l${dir * (k % 2 ? -3 : 3)} 6`;
      return d;
    };
    return el(
      "g",
      { class: "axis-break", "data-from": b.from, "data-to": b.to },
      [
        tooltip(`axis break: nothing happens from t=${b.from} to t=${b.to} (${b.to - b.from} ticks) but timers running`),
        el("rect", { x: b.x - 7, y: axisY - 8, width: 14, height: h, fill: "#ffffff" }),
        el("path", { d: zig(b.x - 7, 1) + zig(b.x + 7, -1), stroke: "#aab1b9", "stroke-width": 1.2, fill: "none" }),
        el("text", { x: b.x, y: plotBottom + 14, "text-anchor": "middle", "font-size": 11, fill: MUTED }, `+${b.to - b.from}`),
      ].join(""),
    );
  });

  // Messages: recovery arrows underneath, then consensus arrows, send dots and markers.
  const recoveryArrows: string[] = [];
  const arrows: string[] = [];
  const dots: string[] = [];
  const marks: string[] = [];
  e.events.forEach((ev, k) => {
    if (ev.type === "receive") {
      if (ev.from === ev.node) return;
      const s = layout.sendOf[k]!;
      const dx = CLOCK_KIND_DX[ev.message];
      const x1 = s >= 0 ? layout.x(s) + dx : left;
      const x2 = layout.x(k) + dx;
      const what = `${ev.message} from ${nodeLabel(e, ev.from)} to ${nodeLabel(e, ev.node)}, view ${ev.view}${ev.block ? `, block ${ev.block}` : ""}${ev.newView !== undefined ? `, ${ordersViewChange(ev.message) ? "ordering" : "asking for"} view ${ev.newView}` : ""}: sent at ${when(ev.sentAt)}, received at ${when(ev.time)}`;
      const common = { "data-kind": ev.message, "data-from": ev.from, "data-to": ev.node, "data-view": ev.view, "data-sent": ev.sentAt, "data-received": ev.time };
      if (isConsensusMessage(ev.message) || isModelKind(ev.message)) {
        arrows.push(
          el(
            "path",
            {
              class: "msg",
              ...common,
              d: bowedPath(x1, nodeY(ev.from), x2, nodeY(ev.node), isModelKind(ev.message) ? MODEL_KIND_STYLES[ev.message].bow : KIND_BOW[ev.message]),
              fill: "none",
              stroke: kindColor(ev.message),
              "stroke-width": ARROW_W,
              "stroke-dasharray": kindDash(ev.message),
              "marker-end": `url(#${markerId(ev.message)})`,
            },
            tooltip(what),
          ),
        );
      } else {
        const r = ev.recovery;
        const carried = r ? `; carries view ${r.view}, ${r.changeViews.length} ChangeViews, ${r.request ? `proposal ${r.request}` : "no proposal"}, ${r.preparations.length} preparations, ${r.commits.length} commits` : "";
        recoveryArrows.push(
          el(
            "path",
            { class: "recovery", ...common, d: arrowPath(x1, nodeY(ev.from), x2, nodeY(ev.node)), fill: "none", stroke: RECOVERY_COLOR, "stroke-width": 0.9, "stroke-opacity": 0.75, "marker-end": `url(#${RECOVERY_MARKER})` },
            tooltip(what + carried),
          ),
        );
      }
    } else if (ev.type === "send") {
      const received = others.get(`${ev.node}|${ev.view}|${ev.message}|${ev.time}`) ?? 0;
      // With the shared pool no send is lost: every node reads it without a receive event.
      const lost = received === 0 && !run?.shared;
      const consensus = !isRecovery(ev.message);
      const color = consensus ? kindColor(ev.message as MessageKind | ModelKind) : RECOVERY_COLOR;
      const cls = consensus ? (lost ? "lost" : "sent") : lost ? "recovery-send recovery-lost" : "recovery-send";
      const r = consensus ? (lost ? DOT_R + 0.3 : DOT_R) : 2.6;
      dots.push(
        el(
          "circle",
          { class: cls, "data-kind": ev.message, "data-node": ev.node, "data-view": ev.view, "data-time": ev.time, cx: layout.x(k) + CLOCK_KIND_DX[ev.message], cy: nodeY(ev.node), r, fill: lost ? "#ffffff" : color, stroke: color, "stroke-width": lost ? 1.5 : 0.8 },
          tooltip(
            `${nodeLabel(e, ev.node)} sends ${ev.message}${ev.block ? ` (${ev.block})` : ""}${ev.newView !== undefined ? ` ${ordersViewChange(ev.message) ? "ordering" : "asking for"} view ${ev.newView}` : ""} at ${when(ev.time)} in view ${ev.view}${ev.to ? ` to ${listNodes(ev.to)} only` : ""}` +
              (run?.shared ? `; ${SHARED_POOL_NOTE}` : lost ? "; no other node receives it" : ` (received by ${received} other ${received === 1 ? "node" : "nodes"})`),
          ),
        ),
      );
    } else if (ev.type === "commit") {
      const commit = run ? commitMark : padlock;
      marks.push(commit(layout.x(k), nodeY(ev.node) + COMMIT_DY, "commit", { "data-node": ev.node, "data-view": ev.view, "data-time": ev.time, "data-block": ev.block }, `${nodeLabel(e, ev.node)} commits${ev.block ? ` ${ev.block}` : ""} in view ${ev.view} at ${when(ev.time)}`));
    } else if (ev.type === "relay") {
      marks.push(
        relayMarker(layout.x(k) + RELAY_DX, nodeY(ev.node), `#${ev.number} ${ev.block}`, "relay", { "data-block": ev.number, "data-name": ev.block, "data-node": ev.node, "data-view": ev.view, "data-time": ev.time }, `${nodeLabel(e, ev.node)} relays block #${ev.number} (${ev.block}) of view ${ev.view} at ${when(ev.time)}`),
      );
    } else if (ev.type === "change_view") {
      marks.push(viewChangeMark(layout.x(k), nodeY(ev.node), "view-change", { "data-node": ev.node, "data-view": ev.view, "data-new-view": ev.newView, "data-time": ev.time }, `${nodeLabel(e, ev.node)} moves from view ${ev.view} to view ${ev.newView} at ${when(ev.time)}`));
    } else if (ev.type === "primary") {
      marks.push(primaryMarker(layout.x(k) + (ev.time === 0 && layout.layer[k] === 0 ? 0 : PRIMARY_DX), nodeY(ev.node), "primary", { "data-view": ev.view, "data-node": ev.node, "data-time": ev.time }, `${nodeLabel(e, ev.node)} is the primary of view ${ev.view} (from ${when(ev.time)})`));
    }
  });
  for (const f of run?.faults ?? []) marks.push(faultMark(layout.timeX(f.step), nodeY(f.node), f.becomes, "fault", { "data-node": f.node, "data-step": f.step, "data-becomes": f.becomes }, faultText(run!, f)));

  // Legend below the plot, wrapped to its width.
  const kinds = new Set(e.events.flatMap((ev) => (ev.type === "send" || ev.type === "receive" ? [ev.message] : [])));
  const has = {
    recovery: [...kinds].some(isRecovery),
    breaks: layout.breaks.length > 0,
    columns: layout.ticks.some((t) => t.layers > 1),
    byzantine: byRole("byzantine").length > 0,
    dead: byRole("dead").length > 0,
    model: run
      ? {
          kinds: [...MESSAGE_KINDS, ...MODEL_KINDS].filter((k) => kinds.has(k)),
          shared: run.shared,
          dies: run.faults.some((f) => f.becomes === "dead"),
          turnsBad: run.faults.some((f) => f.becomes === "bad"),
          relays: e.events.some((ev) => ev.type === "relay"),
          moves: e.events.some((ev) => ev.type === "change_view"),
          asking: [...segments.values()].some((ss) => ss.some((s) => s.mode === "asking")),
          committed: [...segments.values()].some((ss) => ss.some((s) => s.mode === "committed")),
        }
      : undefined,
  };
  const items = clockLegendItems(has);
  const headerRight = Math.max(...headerTexts.map((h) => MARGIN + textWidth(h.text, h.size, h.bold)));
  const legendW = Math.max(right, headerRight) - MARGIN;
  const legendPos = layoutLegend(items, legendW);
  const legendRows = legendPos.length ? legendPos[legendPos.length - 1]!.row + 1 : 0;
  const legendTop = plotBottom + 30;
  const width = Math.ceil(
    Math.max(right, MARGIN + Math.max(...legendPos.map((p, k) => p.x + items[k]!.width)), headerRight) + MARGIN,
  );
  const height = Math.ceil(legendTop + legendRows * LEGEND_ROW_H + MARGIN - 6);
  const legend = items.map((it, k) => it.draw(MARGIN + legendPos[k]!.x, legendTop + legendPos[k]!.row * LEGEND_ROW_H + 12));

  const body = [
    el("rect", { x: 0, y: 0, width, height, fill: "#ffffff" }),
    ...header,
    el("g", { class: "clock" }, back.join("")),
    el("g", { class: "bands" }, bands.join("")),
    el("g", { class: "lines" }, lines.join("")),
    el("g", { class: "breaks" }, breaks.join("")),
    el("g", { class: "axis" }, axis.join("")),
    el("g", { class: "band-labels" }, bandLabels.join("")),
    el("g", { class: "recovery-arrows" }, recoveryArrows.join("")),
    el("g", { class: "arrows" }, arrows.join("")),
    el("g", { class: "sends" }, dots.join("")),
    el("g", { class: "markers" }, marks.join("")),
    el("g", { class: "legend" }, legend.join("")),
  ];
  const docTitle = options.title !== undefined && options.title !== "" ? options.title : run ? `${run.protocolName}, model run, N=${e.n}` : `dBFT 2.0 simulation, N=${e.n}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT_FAMILY)}">` +
    `<title>${escapeXml(docTitle)}</title>` +
    clockDefs(MODEL_KINDS.filter((k) => kinds.has(k))) +
    body.join("\n") +
    "</svg>\n"
  );
}
