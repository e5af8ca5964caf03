import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PNG } from "pngjs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { MESSAGE_KINDS, type MessageKind } from "../../../formulations/dbft2/index.js";
import { isConsensusMessage, stepOf, type Trace } from "../../../verify/dbft/trace.js";
import { MESSAGE_COLORS } from "../../../verify/dbft/svg.js";
import { formatTimeline } from "../../../verify/dbft/timeline.js";
import { byzopt, tempDir } from "../../helpers/cli.js";

// Debian's package `chromium`; BYZOPT_CHROMIUM points elsewhere. A missing browser fails the test.
const CHROMIUM = process.env.BYZOPT_CHROMIUM ?? "/usr/bin/chromium";
// Without the background-networking flags Chromium's connections are refused on a closed network.
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** The little of the browser's DOMParser used here (the project compiles without the DOM library). */
type BrowserDomParser = new () => {
  parseFromString(text: string, type: string): { documentElement: { localName: string }; getElementsByTagName(name: string): { length: number } };
};

function rgb(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

describe("the HTML page `byzopt dbft solve --html` writes, rendered by headless Chromium", () => {
  let browser: Browser | undefined;
  const dir = tempDir();
  const title = "dbft-2-4-5 P3";

  afterAll(async () => {
    await browser?.close();
    dir.remove();
  });

  // Everything inside the test, so that a missing browser fails it rather than skipping it.
  it("shows the title, summary, picture and timeline, with one arrow per receipt, and draws something", async () => {
    const htmlFile = join(dir.path, "attack.html");
    const traceFile = join(dir.path, "attack.json");
    const run = byzopt(["dbft", "solve", "--n", "4", "--tmax", "5", "--objective", "P3", "--html", htmlFile, "--trace", traceFile]);
    expect(run.status, run.stderr).toBe(0);
    const e: Trace = JSON.parse(readFileSync(traceFile, "utf8"));
    const summary = run.stdout.split("\n\n")[0]!;
    expect(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: install the Debian package (apt-get install chromium) or set BYZOPT_CHROMIUM`).toBe(true);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    const html = readFileSync(htmlFile, "utf8");
    const svg = /<svg[\s\S]*<\/svg>/.exec(html)![0];
    const timeline = formatTimeline(e);
    const page = await browser!.newPage({ viewport: { width: 1600, height: 1000 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (req) => requests.push(req.url()));
    page.on("pageerror", (err) => errors.push(err.message));
    page.on("console", (msg) => void (msg.type() === "error" && errors.push(msg.text())));
    await page.goto(pathToFileURL(htmlFile).href);

    // Text parts, escaped on the way in, read back verbatim.
    expect(await page.title()).toBe(title);
    expect(await page.locator("h1").textContent()).toBe(title);
    expect(await page.locator("pre.summary").textContent()).toBe(summary);
    expect(await page.locator("pre.timeline").textContent()).toBe(timeline.trimEnd());

    // One arrow per receipt, each naming its send.
    // A node's receipt of its own payload is not drawn.
    const receipts = e.events.flatMap((ev) => (ev.type === "receive" && ev.from !== ev.node && isConsensusMessage(ev.message) ? [{ ...ev, message: ev.message }] : []));
    expect(receipts.length).toBeGreaterThan(0);
    expect(await page.locator("svg .msg").count()).toBe(receipts.length);
    const drawn = await page.locator("svg .msg").evaluateAll((els) =>
      els.map((el) => ["kind", "from", "to", "view", "sent", "received"].map((k) => el.getAttribute(`data-${k}`)).join(" ")),
    );
    const expected = receipts.map((r) => {
      const send = e.events.find((s) => s.type === "send" && s.node === r.from && s.view === r.view && s.message === r.message)!;
      return [r.message, r.from, r.node, r.view, stepOf(e, send), stepOf(e, r)].join(" ");
    });
    expect(drawn.sort()).toEqual(expected.sort());

    // The SVG text is a well-formed XML document on its own.
    const parsed = await page.evaluate((s) => {
      const doc = new (globalThis as unknown as { DOMParser: BrowserDomParser }).DOMParser().parseFromString(s, "image/svg+xml");
      return { root: doc.documentElement.localName, errors: doc.getElementsByTagName("parsererror").length };
    }, svg);
    expect(parsed).toEqual({ root: "svg", errors: 0 });

    // The picture: laid out at its size, and not blank.
    const figure = page.locator("figure > svg");
    const box = (await figure.boundingBox())!;
    expect(box.width).toBeGreaterThan(400);
    expect(box.height).toBeGreaterThan(200);
    const png = PNG.sync.read(await figure.screenshot());
    expect(png.width).toBe(Math.round(box.width));
    const pixels = png.width * png.height;
    let ink = 0;
    const colours = new Map<string, number>();
    const near = (target: [number, number, number], k: number) =>
      Math.abs(png.data[k]! - target[0]) + Math.abs(png.data[k + 1]! - target[1]) + Math.abs(png.data[k + 2]! - target[2]) <= 24;
    const kinds = [...new Set(receipts.map((r) => r.message))];
    const kindPixels = new Map<MessageKind, number>(MESSAGE_KINDS.map((k) => [k, 0]));
    let byzantineRed = 0;
    for (let k = 0; k < png.data.length; k += 4) {
      const [r, g, b] = [png.data[k]!, png.data[k + 1]!, png.data[k + 2]!];
      if (r + g + b < 3 * 245) ink++;
      const q = `${r >> 5},${g >> 5},${b >> 5}`;
      colours.set(q, (colours.get(q) ?? 0) + 1);
      for (const kind of MESSAGE_KINDS) if (near(rgb(MESSAGE_COLORS[kind]), k)) kindPixels.set(kind, kindPixels.get(kind)! + 1);
      if (near([0xc6, 0x28, 0x28], k)) byzantineRed++;
    }
    expect(ink / pixels).toBeGreaterThan(0.03);
    expect([...colours.values()].filter((c) => c >= 20).length).toBeGreaterThanOrEqual(8);
    // Each arrow of a kind adds dozens of pixels of its colour (the legend about 30): the arrows are drawn, in colour.
    for (const kind of kinds) expect(kindPixels.get(kind), kind).toBeGreaterThan(30 + 40 * receipts.filter((r) => r.message === kind).length);
    expect(byzantineRed).toBeGreaterThan(20);

    // Self-contained: nothing was fetched but the page itself, nothing failed.
    expect(requests).toEqual([pathToFileURL(htmlFile).href]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
