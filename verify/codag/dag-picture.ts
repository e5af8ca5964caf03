/**
 * A CoDAG like the paper's Fig. 7: levels left to right, each block a box with its id and its C and R,
 * candidates of Select filled, the navigator outlined, edges from a block to its parents one level to the
 * left. Hand-drawn SVG (a DAG on levels is not a chart). A long DAG is drawn from its last `maxLevels`
 * levels; the caption says so.
 */
import type { Dag } from "../../formulations/codag/dag.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Big path counts as 1.2e45 so a box stays readable; exact up to 6 digits. */
export function shortCount(c: bigint): string {
  const s = c.toString();
  return s.length <= 6 ? s : `${s[0]}.${s.slice(1, 3)}e${s.length - 1}`;
}

/**
 * What dagPictureSvg draws besides the DAG: a title, the path counts R, the candidate set and the navigator to
 * highlight, and how many levels and blocks a level.
 */
export interface DagPictureOptions {
  /** Title above the picture. */
  title: string;
  /** R per block index (paths from the navigator), shown beside C. */
  R?: readonly bigint[];
  /** Block indices to fill as Select's candidates. */
  candidates?: ReadonlySet<number>;
  /** Block index of the navigator, outlined. */
  navigator?: number;
  /** Draw at most this many levels (the highest); default 12. */
  maxLevels?: number;
  /** Draw at most this many blocks a level (the first by id); default 12. */
  maxWidth?: number;
}

/** The DAG as an SVG picture like the paper's Fig. 7 (see the file comment): its last `maxLevels` levels, at most `maxWidth` blocks a level. */
export function dagPictureSvg(dag: Dag, o: DagPictureOptions): string {
  const maxLevels = o.maxLevels ?? 12;
  const maxWidth = o.maxWidth ?? 12;
  const from = Math.max(0, dag.maxLevel - maxLevels + 1);
  const shown = new Map<number, { x: number; y: number }>();
  const [boxW, boxH, dx, dy, left, top] = [84, 40, 130, 58, 30, 64];
  let rows = 1;
  for (let l = from; l <= dag.maxLevel; l++) {
    const blocks = [...dag.level(l)].sort((a, b) => dag.blocks[a]!.id - dag.blocks[b]!.id).slice(0, maxWidth);
    rows = Math.max(rows, blocks.length);
    blocks.forEach((v, k) => shown.set(v, { x: left + (l - from) * dx, y: top + k * dy }));
  }
  const width = left + (dag.maxLevel - from) * dx + boxW + 30;
  const height = top + rows * dy + 50;
  const hidden = dag.size - shown.size;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  out.push(`<text x="10" y="22" font-size="14" font-weight="bold">${esc(o.title)}</text>`);
  const caption = [
    `${dag.size} blocks on levels 0..${dag.maxLevel}`,
    hidden > 0 ? `${hidden} not drawn (levels ${from}..${dag.maxLevel}, ${maxWidth} a level at most)` : "",
    o.candidates ? "filled: candidates of Select" : "",
    o.navigator !== undefined ? `thick outline: navigator ${dag.blocks[o.navigator]!.id}` : "",
  ].filter((s) => s !== "");
  out.push(`<text x="10" y="40" font-size="11" fill="#444">${esc(caption.join("; "))}</text>`);
  for (const [v, p] of shown) {
    for (const w of dag.blocks[v]!.parents) {
      const q = shown.get(w);
      if (q) out.push(`<line class="edge" x1="${p.x}" y1="${p.y + boxH / 2}" x2="${q.x + boxW}" y2="${q.y + boxH / 2}" stroke="#999" stroke-width="1"/>`);
    }
  }
  for (const [v, p] of shown) {
    const b = dag.blocks[v]!;
    const candidate = o.candidates?.has(v) ?? false;
    const nav = o.navigator === v;
    const adversary = b.miner === "adversary";
    const fill = candidate ? (adversary ? "#f4a6a6" : "#9ecae1") : "#f5f5f5";
    const stroke = nav ? `stroke="#d62728" stroke-width="3"` : `stroke="#555" stroke-width="1"`;
    const cls = ["block", candidate ? "candidate" : "", nav ? "navigator" : ""].filter(Boolean).join(" ");
    const tip = `block ${b.id}, level ${b.level}, C = ${dag.C[v]}${o.R ? `, R = ${o.R[v]}` : ""}${b.miner ? `, miner ${b.miner}` : ""}`;
    out.push(`<g class="${cls}" data-id="${b.id}"><title>${esc(tip)}</title>`);
    out.push(`<rect x="${p.x}" y="${p.y}" width="${boxW}" height="${boxH}" rx="5" fill="${fill}" ${stroke}/>`);
    out.push(`<text x="${p.x + boxW / 2}" y="${p.y + 15}" font-size="11" font-weight="bold" text-anchor="middle">${b.id}</text>`);
    const cr = `C ${shortCount(dag.C[v]!)}${o.R ? ` · R ${shortCount(o.R[v]!)}` : ""}`;
    out.push(`<text x="${p.x + boxW / 2}" y="${p.y + 31}" font-size="9.5" text-anchor="middle" fill="#333">${esc(cr)}</text>`);
    out.push(`</g>`);
  }
  const axisY = top + rows * dy + 8;
  for (let l = from; l <= dag.maxLevel; l++) out.push(`<text x="${left + (l - from) * dx + boxW / 2}" y="${axisY}" font-size="10" text-anchor="middle" fill="#444">level ${l}</text>`);
  out.push(`<text x="${left}" y="${axisY + 20}" font-size="11" fill="#444">${esc("level →  (C: paths to genesis; R: paths from the navigator; edges point to parents)")}</text>`);
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
