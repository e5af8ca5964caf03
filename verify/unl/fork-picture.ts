/**
 * The picture of an `rpca` fork: the tree of fully-validated ledgers (and their ancestors), seq left to
 * right, one lane per branch, each ledger labelled with how many honest validators fully validated it; the
 * two ledgers of the first fork are outlined in red. Hand-drawn SVG: a tree is not a chart.
 */
import type { RpcaResult } from "./rpca-types.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The run's tree of fully-validated ledgers as an SVG document, its first fork outlined in red. */
export function forkPictureSvg(r: RpcaResult, title: string): string {
  const byId = new Map(r.ledgers.map((l) => [l.id, l]));
  const children = new Map<number, number[]>();
  for (const l of r.ledgers) if (l.parent >= 0 && byId.has(l.parent)) (children.get(l.parent) ?? children.set(l.parent, []).get(l.parent)!).push(l.id);
  // Lanes: depth-first, the most validated child continues its parent's lane.
  const lane = new Map<number, number>();
  let lanes = 0;
  // Validations in a subtree, each subtree summed once.
  const memo = new Map<number, number>();
  const w = (id: number): number => memo.get(id) ?? memo.set(id, byId.get(id)!.validatedBy + (children.get(id) ?? []).reduce((s, c) => s + w(c), 0)).get(id)!;
  const place = (id: number, l: number) => {
    lane.set(id, l);
    const kids = [...(children.get(id) ?? [])].sort((a, b) => w(b) - w(a) || a - b);
    kids.forEach((k, n) => place(k, n === 0 ? l : ++lanes));
  };
  const roots = r.ledgers.filter((l) => !byId.has(l.parent)).map((l) => l.id);
  roots.forEach((id, n) => place(id, n === 0 ? 0 : ++lanes));
  const maxSeq = Math.max(0, ...r.ledgers.map((l) => l.seq));
  const minSeq = Math.min(maxSeq, ...r.ledgers.map((l) => l.seq));
  const dx = 46;
  const dy = 56;
  const left = 60;
  const top = 60;
  const width = left + (maxSeq - minSeq + 1) * dx + 40;
  const height = top + (lanes + 1) * dy + 50;
  const x = (seq: number) => left + (seq - minSeq) * dx;
  const y = (id: number) => top + lane.get(id)! * dy;
  const fork = r.forks[0];
  const marked = new Set(fork ? [fork.a.ledger, fork.b.ledger] : []);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  out.push(`<text x="10" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`);
  const caption = fork
    ? `${fork.kind} fork at seq ${fork.seq}: validator ${fork.a.validator} fully validated ledger ${fork.a.ledger} (${fork.a.counted.length} validations), validator ${fork.b.validator} ledger ${fork.b.ledger} (${fork.b.counted.length})`
    : "no fork";
  out.push(`<text x="10" y="40" font-size="11" fill="#444">${esc(caption)}</text>`);
  for (const l of r.ledgers) {
    if (!byId.has(l.parent)) continue;
    out.push(`<line x1="${x(l.seq - 1)}" y1="${y(l.parent)}" x2="${x(l.seq)}" y2="${y(l.id)}" stroke="#999" stroke-width="1.5"/>`);
  }
  for (const l of r.ledgers) {
    const fill = l.validatedBy > 0 ? "#4c78a8" : "#ddd";
    const stroke = marked.has(l.id) ? `stroke="#d62728" stroke-width="3"` : `stroke="#555" stroke-width="1"`;
    out.push(`<circle cx="${x(l.seq)}" cy="${y(l.id)}" r="11" fill="${fill}" ${stroke}><title>ledger ${l.id}, seq ${l.seq}, ${l.txs} txs, accepted by ${l.acceptedBy}, fully validated by ${l.validatedBy}</title></circle>`);
    if (l.validatedBy > 0) out.push(`<text x="${x(l.seq)}" y="${y(l.id) + 4}" font-size="9" fill="white" text-anchor="middle">${l.validatedBy}</text>`);
  }
  const axisY = top + (lanes + 1) * dy - 10;
  for (let s = minSeq; s <= maxSeq; s += Math.max(1, Math.ceil((maxSeq - minSeq + 1) / 15))) out.push(`<text x="${x(s)}" y="${axisY}" font-size="10" text-anchor="middle" fill="#444">${s}</text>`);
  out.push(`<text x="${left}" y="${axisY + 18}" font-size="11" fill="#444">ledger seq → (number in a ledger: honest validators that fully validated it; red: the forked pair)</text>`);
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
