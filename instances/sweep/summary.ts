import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dbftVariableCount } from "../../formulations/dbft2/params.js";
import { writeTextAtomically } from "../../solvers/atomic-file.js";
import { PAPER_PROVED_OPTIMAL } from "../paper.js";
import { VARIANTS, type Variant } from "./plan.js";
import type { SweepRecord } from "./run.js";
import { asSweepRecord } from "./record-schema.js";
import { CLOSED_AT_LIMIT, CLOSED_BY_START } from "../../solvers/closing.js";
import { OUT_OF_MEMORY_HINT } from "../../solvers/native.js";

/** File name of a sweep's Markdown summary, in the sweep directory. */
export const SUMMARY_MD = "summary.md";
/** File name of a sweep's CSV summary (one row per run), in the sweep directory. */
export const SUMMARY_CSV = "summary.csv";

/** Every run record in a directory (other JSON files are ignored), in plan order. */
export function readRecords(dir: string): SweepRecord[] {
  const out: SweepRecord[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".json")) continue;
    try {
      const r = asSweepRecord(JSON.parse(readFileSync(join(dir, name), "utf8")));
      if (r !== null) out.push(r);
    } catch {
      // not ours
    }
  }
  return out.sort(compareRecords);
}

function compareRecords(a: SweepRecord, b: SweepRecord): number {
  return (
    dbftVariableCount(a.n, a.tmax) - dbftVariableCount(b.n, b.tmax) ||
    a.n - b.n ||
    a.tmax - b.tmax ||
    a.objective.localeCompare(b.objective) ||
    a.deliver.join().localeCompare(b.deliver.join()) ||
    VARIANTS.indexOf(a.variant) - VARIANTS.indexOf(b.variant) ||
    a.solver.localeCompare(b.solver)
  );
}

const num = (x: number | null) => (x === null ? "" : String(Number(x.toFixed(6))));

function statusWord(r: SweepRecord): string {
  if (r.status === "optimal") {
    if (r.message?.includes(CLOSED_AT_LIMIT)) return "**optimal** (bound reached at the limit)";
    if (r.message?.includes(CLOSED_BY_START)) return "**optimal** (bound reached the start)";
    return "**optimal**";
  }
  if (r.status === "time_limit") return r.value === null ? "time limit, no solution" : "time limit";
  // The reason a table reader needs (memory rather than time); the record's message has the log tail.
  if (r.status === "error" && r.message?.includes(OUT_OF_MEMORY_HINT)) return "error (out of memory?)";
  return r.status;
}

function cells(r: SweepRecord | undefined): string[] {
  if (!r) return ["not run", "", "", "", ""];
  const note = startNote(r);
  return [statusWord(r), num(r.value), num(r.bound), r.seconds.toFixed(1), `${r.solver}${note ? ` (${note})` : ""}`];
}

/** A pooled run key, dbft-2-16-5-P7-strengthened-auto, as "dbft-2-16-5 P7". */
function runLabel(key: string): string {
  const m = /^(dbft-2-\d+-\d+)-(P[1-7]|custom)((?:-d\d+)?)-/.exec(key);
  return m ? `${m[1]} ${m[2]}` : key;
}

/** The start the solver was given: "start 2000 from tmax 5", "start -7030 from dbft-2-16-5 P7", why there was none, or null. */
export function startNote(r: SweepRecord): string | null {
  const polish = r.polish && "value" in r.polish && r.polish.improvements.length ? `, polished to ${num(r.polish.value)}` : "";
  if (r.pool?.used) return `start ${num(r.pool.value)} from ${runLabel(r.pool.used)}${polish}`;
  const w = r.warmStart;
  if (w?.used) return `start ${num(w.startValue)} from tmax ${w.tmax}${polish}`;
  if (w) return `no start from tmax ${w.tmax}`;
  return r.pool ? "no start" : null;
}

/** Where the start came from, its value, the seconds spent getting and polishing it (in the run's seconds), and what polishing made of it. */
function startColumns(r: SweepRecord): [string, string, string, string] {
  const polish = r.polish && "value" in r.polish ? r.polish : null;
  const seconds = (r.warmStart?.seconds ?? 0) + (r.pool?.seconds ?? 0) + (polish?.seconds ?? 0);
  const spent = r.warmStart || r.pool ? seconds.toFixed(3) : "";
  const polishedTo = polish?.improvements.length ? num(polish.value) : "";
  if (r.pool?.used) return [r.pool.used, num(r.pool.value), spent, polishedTo];
  return [r.warmStart?.from ?? "", r.warmStart?.used ? num(r.warmStart.startValue) : "", spent, polishedTo];
}

const CSV_COLUMNS = ["instance", "n", "tmax", "objective", "deliver", "paper_proved", "variant", "strengthen", "solver", "time_limit", "status", "value", "bound", "gap", "seconds", "nodes", "blocks", "views", "feasible", "model_rules_broken", "rows", "nonzeros", "start_from", "start_value", "start_seconds", "polished_value"] as const;

function csvRow(r: SweepRecord): string {
  const fields = [r.instance, r.n, r.tmax, r.objective, r.deliver.join(" "), PAPER_PROVED_OPTIMAL.includes(r.instance) ? "yes" : "no", r.variant, r.strengthen.join(" "), r.solver, r.timeLimit, r.status, num(r.value), num(r.bound), num(r.gap), r.seconds.toFixed(3), r.nodes ?? "", r.blocks ?? "", r.views ?? "", r.feasible ?? "", (r.modelRulesBroken ?? []).join(" "), r.model.rows, r.model.nonzeros, ...startColumns(r)];
  return fields.map((f) => (/[",\n]/.test(String(f)) ? `"${String(f).replace(/"/g, '""')}"` : String(f))).join(",");
}

/** The sweep's table: one line per (instance, objective, delivery), reference and strengthened side by side. */
export function summaryMarkdown(records: readonly SweepRecord[]): string {
  const groups = new Map<string, Partial<Record<Variant, SweepRecord>>>();
  for (const r of records) {
    const g = `${r.instance}|${r.objective}|${r.deliver.join(",")}`;
    const entry = groups.get(g) ?? {};
    entry[r.variant] = r;
    groups.set(g, entry);
  }
  const variants = VARIANTS.filter((v) => records.some((r) => r.variant === v));
  const head = ["instance", "paper proved", "objective", "delivery"];
  for (const v of variants) head.push(`${v}: status`, "value", "bound", "s", "solver");
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const entry of groups.values()) {
    const any = (entry.reference ?? entry.strengthened)!;
    const row = [any.instance, PAPER_PROVED_OPTIMAL.includes(any.instance) ? "yes" : "no", any.objective, any.deliver.join(",") || "none"];
    for (const v of variants) row.push(...cells(entry[v]));
    lines.push(`| ${row.join(" | ")} |`);
  }
  const tally = variants.map((v) => {
    const rs = records.filter((r) => r.variant === v);
    const proved = rs.filter((r) => r.status === "optimal" || r.status === "infeasible").length;
    const broken = rs.filter((r) => (r.modelRulesBroken ?? []).length > 0 || r.feasible === false).length;
    return `- ${v}: ${proved} of ${rs.length} runs proved${broken ? `; ${broken} with a solution the checks reject` : ""}`;
  });
  const limits = [...new Set(records.map((r) => r.timeLimit))].join(", ");
  return [
    `Time limit per run: ${limits} s. "optimal" only where the solver proved it, or where a bound it proved met its incumbent at the time limit ("bound reached at the limit") or the checked start it was given ("bound reached the start", the solver then stopped); otherwise the incumbent (value) and the proven bound.`,
    ...(records.some((r) => r.warmStart) ? ["", "\"start V from tmax T\": the run began from the solution of the same run at T steps per view (objective V once extended); s includes that solve."] : []),
    ...(records.some((r) => r.polish && "value" in r.polish && r.polish.improvements.length) ? ["", "\"polished to V\": sub-MIPs over windows of views, the rest fixed to the start (--polish), improved it to V before the full solve; s includes them."] : []),
    ...(records.some((r) => r.pool?.used) ? ["", "\"start V from dbft-2-N-T P#\": the run began from the saved solution of that run (--reuse-solutions), worth V under this run's objective once checked against its rows."] : []),
    "",
    ...lines,
    "",
    ...tally,
    "",
  ].join("\n");
}

/** Rewrites summary.md and summary.csv from every record in the directory; returns the records. */
export function writeSummary(dir: string): SweepRecord[] {
  const records = readRecords(dir);
  writeTextAtomically(join(dir, SUMMARY_MD), `# Sweep results\n\n${summaryMarkdown(records)}`);
  writeTextAtomically(join(dir, SUMMARY_CSV), [CSV_COLUMNS.join(","), ...records.map(csvRow)].join("\n") + "\n");
  return records;
}
