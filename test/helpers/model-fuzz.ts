import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { expect } from "vitest";
import { writeModelFile } from "../../instances/generate.js";
import { byzoptInProcess, ROOT, tempDir } from "./cli.js";
import { fileModel, fileModelSpec } from "./random-file-model.js";

/** Small valid files of both formats: from the corpus, and written by byzopt from random models. */
function seeds(dir: string): { name: string; text: Buffer }[] {
  const corpus = ["blending.mps", "comment.mps", "dD2e.mps", "sctest.mps", "semi-integer.mps", "issue-2585.lp", "semi-integer.lp", "issue-2290.mps"];
  const out = corpus.map((name) => ({ name, text: readFileSync(join(ROOT, "test", "fixtures", "corpus", name)) }));
  fc.sample(fileModelSpec, { seed: 7, numRuns: 6 }).forEach((spec, k) => {
    for (const format of ["lp", "mps"] as const) {
      const path = join(dir, `seed${k}.${format}`);
      try {
        writeModelFile(fileModel(spec), path, format, []);
      } catch {
        continue; // LP cannot carry the odd names: MPS only
      }
      out.push({ name: `seed${k}.${format}`, text: readFileSync(path) });
    }
  });
  return out;
}

const tokenSplit = (text: string) => text.split(/(\s+)/);
const ODD_NUMBERS = ["1e308", "1e400", "-1e400", "NaN", "nan", "Inf", "-inf", "1e-400", "0x10", "1D999", "1.5.5", "--3", "+"];
const PLAIN_NUMBERS = ["0", "-3", "2.5", "1e3", "-0.5", "7"];

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "swap"; a: number; b: number }
  | { kind: "number"; at: number; value: string }
  | { kind: "duplicate-line"; at: number }
  | { kind: "delete-line"; at: number }
  | { kind: "garbage"; at: number; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("number" as const), at: fc.nat(), value: fc.constantFrom(...ODD_NUMBERS) }),
  fc.record({ kind: fc.constant("number" as const), at: fc.nat(), value: fc.constantFrom(...PLAIN_NUMBERS) }),
  fc.record({ kind: fc.constant("number" as const), at: fc.nat(), value: fc.constantFrom(...PLAIN_NUMBERS) }),
  fc.record({ kind: fc.constant("duplicate-line" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("delete-line" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("garbage" as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }) }),
);

function mutate(text: Buffer, m: Mutation): Buffer {
  if (m.kind === "truncate") return text.subarray(0, m.at % (text.length + 1));
  if (m.kind === "garbage") {
    const at = m.at % (text.length + 1);
    return Buffer.concat([text.subarray(0, at), Buffer.from(m.bytes), text.subarray(at)]);
  }
  const s = text.toString("utf8");
  if (m.kind === "duplicate-line" || m.kind === "delete-line") {
    const lines = s.split("\n");
    const at = m.at % lines.length;
    lines.splice(at, m.kind === "delete-line" ? 1 : 0, ...(m.kind === "duplicate-line" ? [lines[at]!] : []));
    return Buffer.from(lines.join("\n"));
  }
  const parts = tokenSplit(s);
  const words = parts.map((p, k) => (/\S/.test(p) ? k : -1)).filter((k) => k >= 0);
  if (words.length === 0) return text;
  if (m.kind === "swap") {
    const [a, b] = [words[m.a % words.length]!, words[m.b % words.length]!];
    [parts[a], parts[b]] = [parts[b]!, parts[a]!];
  } else {
    const numbers = words.filter((k) => /^[-+]?\d/.test(parts[k]!));
    const at = numbers.length ? numbers[m.at % numbers.length]! : words[m.at % words.length]!;
    parts[at] = m.value;
  }
  return Buffer.from(parts.join(""));
}

/**
 * `runs` mutated LP and MPS files from `seed` through `byzopt solve` (in process, 5 s, one of `solvers`): each ends
 * with exit 2 and one line on stderr, or exit 0 with a verdict whose values byzopt's check accepts.
 * Never exit 1, a stack trace, or an unchecked solution.
 */
export async function fuzzModelFiles(seed: number, runs: number, solvers: readonly string[] = ["highs"]): Promise<{ refused: number; solved: number }> {
  const dir = tempDir();
  const counts = { refused: 0, solved: 0 };
  try {
    const base = seeds(dir.path);
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(base.length - 1), fc.array(mutation, { minLength: 1, maxLength: 2 }), fc.constantFrom(...solvers), async (which, mutations, solver) => {
        const seedFile = base[which]!;
        const text = mutations.reduce(mutate, seedFile.text);
        const path = join(dir.path, `fuzz${k++}${seedFile.name.slice(seedFile.name.lastIndexOf("."))}`);
        writeFileSync(path, text);
        const run = await byzoptInProcess(["solve", path, "--solver", "highs", "--time-limit", "5"]);
        // The mutated file itself, so that a failure can be replayed by hand.
        const context = `${seedFile.name} ${JSON.stringify(mutations)}: exit ${run.status}\n${run.stderr}${run.stdout.slice(0, 400)}\n--- file:\n${text.toString("utf8").slice(0, 2000)}`;
        expect([0, 2], context).toContain(run.status);
        expect(run.stderr, context).not.toMatch(/\n\s+at /);
        if (run.status === 2) {
          expect(run.stderr.trim().split("\n"), context).toHaveLength(1);
          counts.refused++;
        } else {
          expect(run.stdout, context).not.toMatch(/warning: the values break the model/);
          counts.solved++;
        }
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
  } finally {
    dir.remove();
  }
  return counts;
}
