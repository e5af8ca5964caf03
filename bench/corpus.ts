/**
 * `make bench` (corpus): every model file other tools wrote (test/fixtures/corpus) through `compareFile`,
 * as a table of files × backends beside CBC and glpsol reading each file themselves.
 * Results: bench/results/corpus.json and the corpus section of bench/README.md.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { type CompareCell, compareFile, type FileComparison } from "../solvers/compare.js";
import { machine } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const LIMIT = Number(process.env.BENCH_CORPUS_LIMIT ?? 60);
const DIR = join("test", "fixtures", "corpus");

const num = (x: number | null) => (x === null ? "–" : String(Number(x.toPrecision(10))));

function cellText(c: CompareCell | undefined): string {
  if (!c) return "";
  if (c.status === "refused") {
    if (/javascript-lp-solver is unfit/.test(c.message)) return "refused (size)";
    if (/semi-continuous/.test(c.message)) return "refused (semi-continuous)";
    return `refused: ${c.message.replace(/\|/g, "/").slice(0, 60)}`;
  }
  const broken = c.checked === false ? " (values break the model!)" : "";
  const gap = c.gap !== null && c.gap > 1e-9 ? ` (gap ${(c.gap * 100).toPrecision(2)}%)` : "";
  if (c.status === "optimal") return `**${num(c.objective)}**${gap} ${c.seconds.toFixed(1)} s${broken}`;
  return `${c.status} ${c.objective !== null ? num(c.objective) + " " : ""}${c.seconds.toFixed(1)} s${broken}`;
}

async function main(): Promise<void> {
  const files = readdirSync(join(ROOT, DIR)).sort();
  const results: FileComparison[] = [];
  for (const f of files) {
    process.stderr.write(`corpus: ${f}\n`);
    results.push(await compareFile(join(DIR, f), { timeLimit: LIMIT }));
  }
  writeTextAtomically(join(ROOT, "bench", "results", "corpus.json"), JSON.stringify({ machine: machine(), limitSeconds: LIMIT, results }, null, 2) + "\n");
  const who = ["highs", "glpk", "jslp", "cbc", "glpsol", "cbc (direct)", "glpsol (direct)"];
  const m = machine();
  const md = [
    "## Model files other tools wrote × backends (`make bench`, bench/corpus.ts)",
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GiB, Node ${m.node}; run on ${m.date}, limit ${LIMIT} s per run. The files are HiGHS's public test instances (test/fixtures/corpus).`,
    "Each backend gets byzopt's reading of the file; `(direct)` is CBC or glpsol reading the file itself. Bold: proved optimal. Every solution a backend returned was checked by byzopt's evaluator. Verdict as `byzopt compare` gives it.",
    "",
    `| file | verdict | ${who.join(" | ")} |`,
    `|---|---|${who.map(() => "---").join("|")}|`,
    ...results.map((r) => {
      const base = r.file.split("/").pop()!;
      const where = (text: string) => text.replace(new RegExp(`${r.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+):`), "line $1:").split(r.file).join(base);
      const verdict = r.readError ? `refused: ${where(r.readError).replace(/\|/g, "/")}` : r.verdict;
      return `| ${r.file.split("/").pop()} | ${verdict} | ${who.map((w) => cellText(r.cells.find((c) => c.who === w))).join(" | ")} |`;
    }),
    "",
    "A backend's optimum is proved to its own relative gap tolerance, shown when it is not 0 (HiGHS's default is 1e-4).",
    "",
    "Notes:",
    ...results.flatMap((r) => r.notes.map((n) => `- ${r.file.split("/").pop()}: ${n}`)),
  ].join("\n");
  updateReadmeSection(join(ROOT, "bench", "README.md"), "corpus", md);
  process.stdout.write(md + "\n");
}

await main();
