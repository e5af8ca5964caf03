/**
 * Line charts and heat maps as standalone SVG, drawn in Node with no browser and no canvas:
 * Vega-Lite → Vega → `View.toSVG()` with the "none" renderer. Every system of the project uses it,
 * so that all figures look alike and the same data always gives the same bytes.
 */
import { createHash } from "node:crypto";
import type * as Vega from "vega";
import type { TopLevelSpec } from "vega-lite";

/** One point of a line chart's series. */
export interface LinePoint {
  /** Abscissa. */
  x: number;
  /** `null`: undefined at this x (e.g. unbounded); the line breaks there. */
  y: number | null;
  /** Name of the line it belongs to (the legend's label). */
  series: string;
  /** Name of the panel it is drawn in, when the chart has panels. */
  panel?: string;
  /** Drawn solid ("theory"), dashed with markers ("simulation"), or with another dash. Absent: "theory". */
  kind?: "theory" | "simulation" | string;
}

/** A line chart, possibly in panels, as lineChartSvg draws it. */
export interface LineChartSpec {
  /** Chart title. */
  title: string;
  /** Title of the x axis. */
  xTitle: string;
  /** Title of the y axis. */
  yTitle: string;
  /** Every point of every series. */
  points: LinePoint[];
  /** Scale of the y axis; default linear. */
  yScale?: "linear" | "log";
  /** Width of the plot (of each panel), in pixels. */
  width?: number;
  /** Height of the plot (of each panel), in pixels. */
  height?: number;
  /** Panels per row when points carry `panel`. */
  columns?: number;
  /** Order of the series in the legend and colours; default: order of first appearance. */
  seriesOrder?: string[];
  /** One per series in `seriesOrder`. */
  colors?: string[];
  /** Panels with their own scales (each panel's data fills it) rather than one shared domain. */
  independentScales?: "x" | "y" | "xy";
  /** Optional shaded interval, e.g. a 95 % bootstrap band. */
  band?: {
    /** Abscissa. */
    x: number;
    /** Lower end of the interval. */
    lo: number;
    /** Upper end of the interval. */
    hi: number;
    /** Series it is drawn in the colour of. */
    series: string;
    /** Panel it is drawn in, when the chart has panels. */
    panel?: string;
  }[];
}

export interface HeatCell {
  x: string | number;
  y: string | number;
  value: number | null;
}

export interface HeatMapSpec {
  title: string;
  xTitle: string;
  yTitle: string;
  cells: HeatCell[];
  valueTitle: string;
  scheme?: string;
  /** The colour scale; symlog spreads values that span orders of magnitude and keeps 0. */
  scaleType?: "linear" | "symlog";
  width?: number;
  height?: number;
}

const FONT = "sans-serif";
const WIDTH = 360;
const HEIGHT = 240;
// Theory solid, simulation dashed; any other kind takes the next pattern.
const DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4]];

const CONFIG = {
  font: FONT,
  background: "white",
  padding: 8,
  title: { anchor: "start", fontSize: 14, offset: 10 },
  axis: { grid: true, gridColor: "#e6e6e6", labelFontSize: 10, titleFontSize: 11 },
  legend: { labelFontSize: 10, titleFontSize: 11, labelLimit: 400 },
  header: { labelFontSize: 12, labelFontWeight: "bold", labelPadding: 6, titleFontSize: 11, titleFontWeight: "bold", titlePadding: 6 },
  view: { stroke: "#bbb" },
};

/** Distinct values in order of first appearance. */
const firstSeen = <T>(values: T[]): T[] => [...new Set(values)];

/** The Vega-Lite spec of a line chart; `lineChartSvg` renders exactly this. */
export function vegaLiteLineSpec(spec: LineChartSpec): object {
  const [width, height, band] = [spec.width ?? WIDTH, spec.height ?? HEIGHT, spec.band ?? []];
  const faceted = spec.points.some((p) => p.panel !== undefined);
  const hasKind = spec.points.some((p) => p.kind !== undefined);
  const series = spec.seriesOrder ?? firstSeen([...spec.points, ...band].map((p) => p.series));
  const used = new Set(spec.points.map((p) => p.kind ?? "theory"));
  const kinds = firstSeen(["theory", "simulation", ...used]).filter((k) => used.has(k)); // theory first
  const panels = firstSeen(spec.points.flatMap((p) => (p.panel === undefined ? [] : [p.panel])));

  // On a log scale y ≤ 0 is undefined too: a single 0 would put 0 in the domain and collapse every line.
  const log = spec.yScale === "log";
  const yv = (v: number | null) => (v === null || (log && v <= 0) ? null : v);
  // One table for every layer: a facet needs all of its data at the top level.
  const values = [
    ...spec.points.map((p) => ({ role: "line", x: p.x, y: yv(p.y), series: p.series, kind: p.kind ?? "theory", panel: p.panel ?? null })),
    ...band.map((b) => ({ role: "band", x: b.x, lo: yv(b.lo), hi: yv(b.hi), series: b.series, panel: b.panel ?? null })),
  ];

  // In panels the x title is the facet's footer, written once (see below).
  const x = { field: "x", type: "quantitative", title: faceted ? null : spec.xTitle, scale: { zero: false } };
  const decades = log ? logAxis(values) : undefined;
  const y = { field: "y", type: "quantitative", title: spec.yTitle, scale: { type: log ? "log" : "linear" }, ...(decades ? { axis: decades } : {}) };
  const colorScale: Record<string, unknown> = { domain: series };
  if (spec.colors) colorScale.range = spec.colors;
  const color = { field: "series", type: "nominal", title: "series", scale: colorScale, legend: { symbolType: "stroke", symbolStrokeWidth: 2, symbolOpacity: 1 } };
  const dashes = { domain: kinds, range: kinds.map((_, i) => DASHES[i % DASHES.length]) };
  const dash = { field: "kind", type: "nominal", title: "kind", scale: dashes, legend: { symbolType: "stroke", symbolStrokeColor: "#555", symbolStrokeWidth: 2 } };

  const layer: object[] = [];
  if (band.length > 0) {
    layer.push({
      transform: [{ filter: "datum.role === 'band'" }],
      mark: { type: "area", opacity: 0.2, invalid: "break-paths-filter-domains" },
      encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color },
    });
  }
  layer.push({
    transform: [{ filter: "datum.role === 'line'" }],
    // Break the line at y = null instead of joining its neighbours; keep nulls out of the y domain.
    mark: { type: "line", strokeWidth: 2, invalid: "break-paths-filter-domains" },
    // Without any `kind` there is nothing to tell apart: no dash legend.
    encoding: { x, y, color, ...(hasKind ? { strokeDash: dash } : {}) },
  });
  if (kinds.includes("simulation")) {
    layer.push({
      transform: [{ filter: "datum.role === 'line' && datum.kind === 'simulation' && isValid(datum.y) && isFinite(+datum.y)" }],
      mark: { type: "point", filled: true, size: 28, opacity: 1 },
      encoding: { x, y, color },
    });
  }

  const top = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", title: spec.title, config: CONFIG };
  if (!faceted) return { ...top, data: { values }, width, height, layer };
  // Once points carry panels, rows without one (points or band) belong to no panel and are left out.
  // Each panel keeps its own x axis: with shared axes Vega-Lite draws them only under the last row,
  // and under an empty cell when the last row is incomplete.
  return {
    ...top,
    data: { values: values.filter((v) => v.panel !== null) },
    columns: spec.columns ?? Math.min(panels.length, 2),
    facet: { field: "panel", type: "nominal", sort: panels, header: { title: spec.xTitle, titleOrient: "bottom", labelOrient: "top" } },
    spec: { width, height, layer },
    resolve: {
      axis: { x: "independent" },
      ...(spec.independentScales ? { scale: Object.fromEntries([...spec.independentScales].map((a) => [a, "independent"])) } : {}),
    },
  };
}

/** On a log scale, ticks and grid lines at the decades only (Vega adds 2…9 × 10^k, a dense grid). */
function logAxis(values: { y?: number | null; lo?: number | null; hi?: number | null }[]): object | undefined {
  const ys = values.flatMap((v) => [v.y, v.lo, v.hi]).filter((v): v is number => typeof v === "number" && v > 0);
  if (ys.length === 0) return undefined;
  const lo = Math.floor(Math.log10(Math.min(...ys)));
  const hi = Math.ceil(Math.log10(Math.max(...ys)));
  if (hi - lo < 2) return undefined; // within a decade or two the default ticks are the useful ones
  return { values: Array.from({ length: hi - lo + 1 }, (_, i) => Number(`1e${lo + i}`)), format: ",~g" };
}

/** The Vega-Lite spec of a heat map; `heatMapSvg` renders exactly this. */
export function vegaLiteHeatSpec(spec: HeatMapSpec): object {
  const [width, height] = [spec.width ?? WIDTH, spec.height ?? HEIGHT];
  const order = (vs: (string | number)[], numericDescending: boolean) => {
    const distinct = firstSeen(vs);
    if (!distinct.every((v) => typeof v === "number")) return distinct;
    return (distinct as number[]).sort((a, b) => (numericDescending ? b - a : a - b));
  };
  const xs = order(spec.cells.map((c) => c.x), false);
  const ys = order(spec.cells.map((c) => c.y), true); // numbers grow upwards, as on a plot
  const cellW = width / Math.max(1, xs.length);
  const cellH = height / Math.max(1, ys.length);
  // Upright x labels when they fit their column, slanted otherwise (Vega-Lite's default is vertical).
  const upright = Math.max(...xs.map((v) => String(v).length)) * 6 < cellW;
  const x = { field: "x", type: "ordinal", title: spec.xTitle, scale: { domain: xs }, axis: { labelAngle: upright ? 0 : -45 } };
  const y = { field: "y", type: "ordinal", title: spec.yTitle, scale: { domain: ys } };

  // Labels as large as the cells allow (about 0.6 em a character, as measured below).
  const chars = Math.max(1, ...spec.cells.map((c) => (c.value === null ? 1 : c.value.toPrecision(3).length)));
  const fontSize = Math.round(Math.max(6, Math.min(12, cellH * 0.5, (cellW - 4) / (0.6 * chars))));
  const color = { field: "value", type: "quantitative", title: spec.valueTitle, scale: { scheme: spec.scheme ?? "viridis", ...(spec.scaleType ? { type: spec.scaleType } : {}) } };
  const labelColor = { condition: { test: "luminance(scale('color', datum.value)) < 0.4", value: "white" }, value: "black" };

  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: spec.title,
    // A defined colour for invalid values keeps null cells as marks (grey) instead of dropping them.
    config: { ...CONFIG, axis: { ...CONFIG.axis, grid: false }, view: { stroke: null }, scale: { invalid: { color: { value: "#d0d0d0" } } } },
    data: { values: spec.cells.map((c) => ({ x: c.x, y: c.y, value: c.value })) },
    width,
    height,
    layer: [
      { mark: { type: "rect", stroke: "white", strokeWidth: 1 }, encoding: { x, y, color } },
      {
        transform: [{ filter: "isValid(datum.value) && isFinite(+datum.value)" }],
        mark: { type: "text", fontSize },
        // White on dark cells, black on light ones, whatever the scheme.
        encoding: { x, y, text: { field: "value", type: "quantitative", format: ".3g" }, color: labelColor },
      },
    ],
  };
}

export async function lineChartSvg(spec: LineChartSpec): Promise<string> {
  return vegaLiteSvg(vegaLiteLineSpec(spec));
}

export async function heatMapSvg(spec: HeatMapSpec): Promise<string> {
  return vegaLiteSvg(vegaLiteHeatSpec(spec));
}

// Vega measures text with `canvas` when installed (machine fonts: bytes vary by machine) and else
// guesses 0.8 em a character (wide gaps, legend labels cut at ~20 characters). Use fixed widths
// close to DejaVu Sans, the usual "sans-serif" on Linux and wider than Helvetica or Arial.
const em = (c: string) =>
  /[ijlI|.,:;'!]/.test(c) ? 0.3 : /[ frt()[\]{}/\\`"*-]/.test(c) ? 0.4 : /[mwMW@%]/.test(c) ? 0.9 : /[A-Z]/.test(c) ? 0.72 : 0.62;
type TextItem = { text?: unknown; fontSize?: number; fontWeight?: string | number; limit?: number };
const textWidth = (item: TextItem, text?: unknown): number => {
  const t = String(text ?? item.text ?? "").trim();
  const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600 ? 1.1 : 1;
  const w = [...t].reduce((sum, c) => sum + em(c), 0) * (item.fontSize ?? 11) * bold;
  return item.limit && item.limit > 0 ? Math.min(w, item.limit) : w;
};

// Charts carry their data inline; anything that tries to load a file or URL is a bug.
const refuse = (what: unknown) => Promise.reject(new Error(`chart: loading external resources is disabled (${String(what)})`));
const noLoader = { load: refuse, sanitize: refuse, http: refuse, file: refuse } as unknown as Vega.Loader;

let engine: Promise<{ vega: typeof Vega; compile: (spec: TopLevelSpec) => { spec: Vega.Spec } }> | undefined;

/**
 * Vega and Vega-Lite load on the first chart, not with the module: together they add about half a
 * second to every start of the CLI, most of whose commands draw nothing.
 */
function loadEngine(): NonNullable<typeof engine> {
  engine ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vl]) => {
    (vega as unknown as { textMetrics: { width: typeof textWidth } }).textMetrics.width = textWidth;
    return { vega, compile: vl.compile };
  });
  return engine;
}

/** Renders any Vega-Lite spec (e.g. one saved from `vegaLiteLineSpec`) the same way, inline data only. */
export async function vegaLiteSvg(vlSpec: object): Promise<string> {
  const { vega, compile } = await loadEngine();
  const { spec } = compile(vlSpec as TopLevelSpec);
  // Vega only logs a failed load (as a warning, at a level that is off by default) and draws an
  // empty chart; collect errors and failed loads and throw instead.
  const problems: string[] = [];
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn, undefined, (method, _level, args) => {
    const text = args.map(String).join(" ");
    (method === "error" || text.startsWith("Loading failed") ? problems : warnings).push(text);
  });
  const view = new vega.View(vega.parse(spec), { renderer: "none", loader: noLoader, logger });
  try {
    const svg = await view.toSVG();
    if (problems.length > 0) throw new Error(`chart: ${problems.join("; ")}`);
    for (const w of warnings) console.warn(`chart: ${w}`);
    return stableIds(svg);
  } finally {
    view.finalize();
  }
}

/**
 * Vega numbers clip paths and gradients with process-wide counters ("clip7", "gradient_3"), so the
 * same chart gets other ids on a second render. Renumber them in order of appearance and prefix a
 * hash of the content: identical charts give identical bytes, different charts inlined in one HTML
 * page do not share ids.
 */
function stableIds(svg: string): string {
  const ids = firstSeen([...svg.matchAll(/<[^>]*?\sid="([^"]+)"/g)].map((m) => m[1]));
  if (ids.length === 0) return svg;
  const index = new Map(ids.map((id, i) => [id, i]));
  const rename = (id: string, token: string) => (index.has(id) ? `${token}${index.get(id)}` : id);
  const placeholder = "\u0001";
  const numbered = svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (_, lead: string, id: string) => lead + rename(id, placeholder));
  const hash = createHash("sha256").update(numbered).digest("hex").slice(0, 8);
  return numbered.replaceAll(placeholder, `c${hash}-`);
}
