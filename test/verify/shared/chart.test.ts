import { describe, expect, it } from "vitest";
import {
  heatMapSvg,
  lineChartSvg,
  vegaLiteHeatSpec,
  vegaLiteLineSpec,
  vegaLiteSvg,
  type HeatCell,
  type LineChartSpec,
  type LinePoint,
} from "../../../verify/shared/chart.js";
import { checkWellFormed, tags } from "../../helpers/svg-check.js";

/** Theory at every x, simulation at even x, for each series (and panel, if given). */
function curves(series: string[], panels: (string | undefined)[] = [undefined]): LinePoint[] {
  const out: LinePoint[] = [];
  for (const panel of panels)
    series.forEach((s, i) => {
      for (let x = 0; x <= 6; x++) {
        out.push({ x, y: 1 / (1 + (i + 1) * x), series: s, panel, kind: "theory" });
        if (x % 2 === 0) out.push({ x, y: 1.02 / (1 + (i + 1) * x), series: s, panel, kind: "simulation" });
      }
    });
  return out;
}

const base: LineChartSpec = {
  title: "Fork probability",
  xTitle: "delay (rounds)",
  yTitle: "P(fork)",
  points: curves(["dBFT 2.0", "PBFT"]),
};

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
const byRole = (svg: string, role: string) => tags(svg).filter((t) => t.attrs["aria-roledescription"] === role);
/** Vertices of each drawn line: one array per sub-path (a null y starts a new one). */
const lineParts = (svg: string) =>
  byRole(svg, "line mark").map((t) =>
    t.attrs.d!.split("M").filter(Boolean).map((part) => part.split("L").map((xy) => xy.split(",").map(Number))),
  );

describe("lineChartSvg", () => {
  it("writes a standalone, well-formed SVG with titles, series and kinds", async () => {
    const svg = await lineChartSvg(base);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(() => checkWellFormed(svg)).not.toThrow();
    const root = tags(svg)[0]!;
    expect(root.attrs.xmlns).toBe("http://www.w3.org/2000/svg");
    expect(Number(root.attrs.width)).toBeGreaterThan(360);
    expect(Number(root.attrs.height)).toBeGreaterThan(240);
    // The first child paints the background white, so the file reads the same on any viewer.
    expect(tags(svg)[1]).toMatchObject({ name: "rect", attrs: { fill: "white", width: root.attrs.width } });
    const t = texts(svg);
    for (const s of ["Fork probability", "delay (rounds)", "P(fork)", "dBFT 2.0", "PBFT", "series", "kind", "theory", "simulation"])
      expect(t).toContain(s);
    expect(svg).toContain('font-family="sans-serif"');
    // 2 series × 2 kinds; markers on the 4 simulated points of each series only.
    expect(byRole(svg, "line mark")).toHaveLength(4);
    expect(byRole(svg, "point")).toHaveLength(8);
  });

  it("gives the same bytes for the same spec, whatever was rendered before", async () => {
    const spec = { ...base, points: curves(["a", "b"], ["left", "right"]) };
    const first = await lineChartSvg(spec);
    await heatMapSvg({ title: "h", xTitle: "x", yTitle: "y", valueTitle: "v", cells: [{ x: 1, y: 1, value: 1 }] });
    expect(await lineChartSvg(spec)).toBe(first);
    expect(first).not.toMatch(/id="(clip|gradient_)\d+"/);
  });

  it("facets into titled panels with the axis titles shared", async () => {
    const spec = { ...base, points: curves(["a", "b"], ["n = 4", "n = 7"]) };
    const wide = await lineChartSvg(spec);
    const t = texts(wide);
    expect(t).toContain("n = 4");
    expect(t).toContain("n = 7");
    // Side by side: one x title under the grid, one y title for the row; each panel has its x axis.
    const count = (svg: string, s: string) => texts(svg).filter((x) => x === s).length;
    expect(count(wide, "delay (rounds)")).toBe(1);
    expect(count(wide, "P(fork)")).toBe(1);
    expect(byRole(wide, "axis")).toHaveLength(3);
    expect(byRole(wide, "line mark")).toHaveLength(8);
    const tall = await lineChartSvg({ ...spec, columns: 1 });
    expect(count(tall, "delay (rounds)")).toBe(1);
    expect(count(tall, "P(fork)")).toBe(2);
    expect(byRole(tall, "axis")).toHaveLength(4);
    const size = (svg: string) => [Number(tags(svg)[0]!.attrs.width), Number(tags(svg)[0]!.attrs.height)];
    expect(size(wide)[0]).toBeGreaterThan(size(tall)[0]! + 300);
    expect(size(tall)[1]).toBeGreaterThan(size(wide)[1]! + 200);
    expect(vegaLiteLineSpec(spec)).toMatchObject({ columns: 2, facet: { field: "panel", sort: ["n = 4", "n = 7"] } });
  });

  it("breaks the line at y = null instead of plotting 0", async () => {
    const points: LinePoint[] = [1, 2, null, 4, 5].map((y, x) => ({ x, y, series: "s" }));
    const parts = lineParts(await lineChartSvg({ ...base, points }));
    expect(parts).toHaveLength(1);
    expect(parts[0]!.map((p) => p.length)).toEqual([2, 2]);
    // Without the null the same data is one path of 4 vertices, not 5 with one at the baseline.
    const whole = lineParts(await lineChartSvg({ ...base, points: points.filter((p) => p.y !== null) }));
    expect(whole[0]!.map((p) => p.length)).toEqual([4]);
    // And no marker for an undefined simulated value.
    const sim = points.map((p) => ({ ...p, kind: "simulation" }));
    expect(byRole(await lineChartSvg({ ...base, points: sim }), "point")).toHaveLength(4);
  });

  it("draws a log y scale, treating y ≤ 0 as undefined", async () => {
    const points: LinePoint[] = [1, 10, 100, 1000, 0].map((y, x) => ({ x, y, series: "s" }));
    const svg = await lineChartSvg({ ...base, points, yScale: "log" });
    const parts = lineParts(svg);
    expect(parts[0]!.map((p) => p.length)).toEqual([4]);
    // Decades are equally spaced on the page.
    const ys = parts[0]![0]!.map((p) => p[1]!);
    const steps = ys.slice(1).map((y, i) => ys[i]! - y);
    for (const s of steps) expect(s).toBeCloseTo(steps[0]!, 1);
    expect(steps[0]).toBeGreaterThan(10);
    // Labelled ticks at the decades only.
    for (const s of ["1", "10", "100", "1,000"]) expect(texts(svg)).toContain(s);
    for (const s of ["20", "200", "500"]) expect(texts(svg)).not.toContain(s);
    const vl = vegaLiteLineSpec({ ...base, yScale: "log" }) as { layer: { encoding: { y: { scale: { type: string } } } }[] };
    expect(vl.layer.map((l) => l.encoding.y.scale.type)).toEqual(["log", "log"]);
  });

  it("writes long legend entries whole and sizes the chart to them", async () => {
    const long = "dBFT 2.0 with recovery messages, N = 7, f = 2";
    const short = await lineChartSvg({ ...base, points: curves(["a", "b"]) });
    const svg = await lineChartSvg({ ...base, points: curves([long, "b"]) });
    expect(texts(svg)).toContain(long);
    const width = (doc: string) => Number(tags(doc)[0]!.attrs.width);
    // Measured with the fixed widths (~190 px more than "simulation"), not Vega's 0.8 em guess (~270).
    expect(width(svg) - width(short)).toBeGreaterThan(150);
    expect(width(svg) - width(short)).toBeLessThan(240);
  });

  it("honours series order and colours, draws the band, and keeps the data inline", async () => {
    const spec: LineChartSpec = {
      ...base,
      seriesOrder: ["PBFT", "dBFT 2.0"],
      colors: ["#112233", "#445566"],
      band: [0, 1, 2].map((x) => ({ x, lo: 0.1, hi: 0.9, series: "PBFT" })),
    };
    const svg = await lineChartSvg(spec);
    const t = texts(svg);
    expect(t.indexOf("PBFT")).toBeLessThan(t.indexOf("dBFT 2.0"));
    const strokes = byRole(svg, "line mark").map((l) => l.attrs.stroke);
    expect(new Set(strokes)).toEqual(new Set(["#112233", "#445566"]));
    expect(byRole(svg, "area mark")).toHaveLength(1);
    const vl = vegaLiteLineSpec(spec) as { data: { values: unknown[]; url?: string } };
    expect(vl.data.url).toBeUndefined();
    expect(vl.data.values).toHaveLength(base.points.length + 3);
  });
});

describe("heatMapSvg", () => {
  const cells: HeatCell[] = [
    { x: 0, y: 4, value: 1 / 3 },
    { x: 1, y: 4, value: 123456 },
    { x: 2, y: 4, value: 2 },
    { x: 0, y: 7, value: 0.000123456 },
    { x: 1, y: 7, value: 42.42 },
    { x: 2, y: 7, value: 7 },
  ];
  const spec = { title: "Success rate", xTitle: "faulty f", yTitle: "nodes N", valueTitle: "rate", cells };

  it("draws one rect and one 3-significant-digit label per cell", async () => {
    const svg = await heatMapSvg(spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(() => checkWellFormed(svg)).not.toThrow();
    expect(byRole(svg, "rect mark")).toHaveLength(6);
    const labels = byRole(svg, "text mark");
    expect(labels).toHaveLength(6);
    const shown = texts(svg);
    for (const s of ["0.333", "1.23e+5", "2.00", "0.000123", "42.4", "7.00"]) expect(shown).toContain(s);
    for (const s of ["Success rate", "faulty f", "nodes N", "rate"]) expect(shown).toContain(s);
  });

  it("draws null cells grey and unlabelled", async () => {
    const svg = await heatMapSvg({ ...spec, cells: [...cells, { x: 3, y: 7, value: null }] });
    const rects = byRole(svg, "rect mark");
    expect(rects).toHaveLength(7);
    expect(rects.filter((r) => r.attrs.fill === "#d0d0d0")).toHaveLength(1);
    expect(byRole(svg, "text mark")).toHaveLength(6);
  });

  it("is deterministic and orders numeric axes", async () => {
    const a = await heatMapSvg(spec);
    await lineChartSvg(base);
    expect(await heatMapSvg(spec)).toBe(a);
    // The colour legend's gradient id is renumbered, not taken from Vega's global counter.
    expect(a).toMatch(/id="c[0-9a-f]{8}-0"/);
    type Axis = { scale: { domain: unknown[] } };
    const vl = vegaLiteHeatSpec({ ...spec, cells: [...cells].reverse() }) as { layer: { encoding: { x: Axis; y: Axis } }[] };
    // Numbers ascend left to right and upwards, whatever the order of the cells.
    expect(vl.layer[0]!.encoding.x.scale.domain).toEqual([0, 1, 2]);
    expect(vl.layer[0]!.encoding.y.scale.domain).toEqual([7, 4]);
    const named = vegaLiteHeatSpec({ ...spec, cells: [{ x: "b", y: "q", value: 1 }, { x: "a", y: "p", value: 2 }] }) as typeof vl;
    expect(named.layer[0]!.encoding.x.scale.domain).toEqual(["b", "a"]);
  });
});

describe("vegaLiteSvg", () => {
  it("refuses to load data from a file or URL instead of drawing an empty chart", async () => {
    for (const url of ["file:///etc/hostname", "data/points.json", "https://example.com/x.csv"]) {
      const spec = { data: { url }, mark: "point", encoding: { x: { field: "a", type: "quantitative" } } };
      await expect(vegaLiteSvg(spec)).rejects.toThrow(/loading external resources is disabled/);
    }
  });
});
