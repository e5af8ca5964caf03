import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Every file under a directory (but those whose name matches `skip`), relative path → text, sorted by path. */
export function snapshotDir(root: string, skip?: RegExp): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = rel ? join(rel, e.name) : e.name;
      if (e.isDirectory()) walk(p);
      else if (!skip?.test(e.name)) out.set(p, readFileSync(join(root, p), "utf8"));
    }
  };
  walk("");
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}
