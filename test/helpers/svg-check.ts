/** Reading the SVG documents verify/svg.ts writes, without a DOM: tags, classes, well-formedness, arrow ends. */

export type Tag = { name: string; attrs: Record<string, string>; raw: string };

export function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos);/g, (_, n: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[n]!);
}

const TAG = /^<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/;

/** Start tags (and empty-element tags) of the document, in order, with their unescaped attributes. */
export function tags(svg: string): Tag[] {
  const out: Tag[] = [];
  for (const m of svg.matchAll(/<[^>]*>/g)) {
    const t = TAG.exec(m[0]);
    if (!t || t[1]) continue;
    const attrs: Record<string, string> = {};
    for (const a of t[3]!.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]!] = unescapeXml(a[2]!);
    out.push({ name: t[2]!, attrs, raw: m[0] });
  }
  return out;
}

export function withClass(svg: string, cls: string): Tag[] {
  return tags(svg).filter((t) => (t.attrs.class ?? "").split(" ").includes(cls));
}

/** Throws unless every tag is well-formed, tags nest and balance, and text holds only the five entities. */
export function checkWellFormed(doc: string): void {
  const stack: string[] = [];
  for (const m of doc.matchAll(/<[^>]*>|[^<]+|</g)) {
    const tok = m[0];
    if (!tok.startsWith("<")) {
      const bad = tok.replace(/&(amp|lt|gt|quot|apos);/g, "");
      if (bad.includes("&") || bad.includes(">")) throw new Error(`unescaped text at ${m.index}: ${JSON.stringify(tok.slice(0, 60))}`);
      continue;
    }
    const t = TAG.exec(tok);
    if (!t) throw new Error(`bad tag at ${m.index}: ${JSON.stringify(tok.slice(0, 80))}`);
    for (const a of t[3]!.matchAll(/="([^"]*)"/g))
      if (a[1]!.replace(/&(amp|lt|gt|quot|apos);/g, "").match(/[&<>]/)) throw new Error(`unescaped attribute in ${tok.slice(0, 80)}`);
    if (t[1]) {
      const open = stack.pop();
      if (open !== t[2]) throw new Error(`</${t[2]}> closes <${open}> at ${m.index}`);
    } else if (!t[4]) stack.push(t[2]!);
    if (stack.length === 0 && m.index! + tok.length < doc.trimEnd().length) throw new Error(`content after the root element at ${m.index}`);
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(" ")}`);
}

/** Start and end of "M x1 y1 L x2 y2" or "M x1 y1 Q cx cy x2 y2". */
export function ends(d: string): [number, number, number, number] {
  const m = /^M(-?[\d.]+) (-?[\d.]+)(?:L|Q-?[\d.]+ -?[\d.]+ )(-?[\d.]+) (-?[\d.]+)$/.exec(d);
  if (!m) throw new Error(`not a single arrow: ${d}`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}
