/** Escapes text for HTML character data and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE = [
  "body { margin: 24px; font-family: DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif; color: #222; background: #fff; }",
  "h1 { font-size: 20px; margin: 0 0 12px; }",
  "h2 { font-size: 16px; margin: 24px 0 8px; }",
  "pre { font-family: DejaVu Sans Mono, Liberation Mono, Consolas, monospace; font-size: 13px; line-height: 1.4; background: #f6f8fa; border: 1px solid #d0d5db; border-radius: 4px; padding: 10px 12px; overflow-x: auto; }",
  "figure { margin: 0; overflow-x: auto; border: 1px solid #d0d5db; border-radius: 4px; }",
  "figure svg { display: block; }",
].join("\n");

/**
 * One self-contained HTML page (inline CSS, no scripts, no external resources): the title, the summary
 * (preformatted), the SVG picture inline and the timeline text (preformatted). `svg` is inserted as is
 * (it must be an SVG document such as `renderExecutionSvg` returns); every other text is escaped. A newline
 * follows each <pre> tag, which HTML drops, so a text that starts with a newline keeps it.
 */
export function renderExecutionHtml(parts: { title: string; summary: string; svg: string; timeline: string }): string {
  const svg = parts.svg.replace(/^\s*<\?xml[^>]*\?>\s*/, "").trim();
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeHtml(parts.title)}</h1>`,
    `<pre class="summary">\n${escapeHtml(parts.summary.replace(/\n+$/, ""))}</pre>`,
    `<figure>${svg}</figure>`,
    "<h2>Timeline</h2>",
    `<pre class="timeline">\n${escapeHtml(parts.timeline.replace(/\n+$/, ""))}</pre>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
