import { join } from "node:path";
import { Command } from "commander";
import { checkFile, DATA_FORMATS, dataFormatNamed, jsonSchemaOf, parseJsonText } from "../lib/formats.js";
import { ensureDir } from "../lib/grid.js";
import { InputError } from "../lib/model.js";
import { readTextFile, writeTextFilesAtomically } from "../solvers/atomic-file.js";

/** The file a format's JSON Schema is published as. */
export const schemaFileName = (name: string): string => `${name}.schema.json`;

function listCommand(): Command {
  return new Command("list")
    .description("the JSON file formats byzopt reads and writes, one line each")
    .option("--json", "print [{name, file, description}] as JSON")
    .action((o: { json?: boolean }) => {
      const rows = DATA_FORMATS.map((f) => ({ name: f.name, file: schemaFileName(f.name), description: f.description }));
      if (o.json) process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
      else process.stdout.write(rows.map((r) => `${r.name.padEnd(16)} ${r.description}`).join("\n") + "\n");
    });
}

function writeCommand(): Command {
  return new Command("write")
    .description("write every format's JSON Schema (draft 2020-12) as DIR/<format>.schema.json")
    .requiredOption("--out <DIR>", "the folder to write to (the repository keeps them in schemas/)")
    .action((o: { out: string }) => {
      ensureDir(o.out);
      const files = DATA_FORMATS.map((f) => ({ path: join(o.out, schemaFileName(f.name)), text: JSON.stringify(jsonSchemaOf(f), null, 2) + "\n" }));
      writeTextFilesAtomically(files);
      process.stdout.write(`wrote ${files.length} schemas to ${o.out}\n`);
    });
}

function checkCommand(): Command {
  return new Command("check")
    .description("check JSON files against a format's schema (the fields; a command reading the file also checks what spans fields, e.g. ids used twice)")
    .argument("<FORMAT>", `one of ${DATA_FORMATS.map((f) => f.name).join(", ")}`)
    .argument("<FILE...>", "the files")
    .option("--json", "print [{file, valid, error}] as JSON")
    .action((name: string, paths: string[], o: { json?: boolean }) => {
      const format = dataFormatNamed(name);
      const results = paths.map((path) => {
        const text = readTextFile(path);
        try {
          checkFile(format, parseJsonText(text, path), path);
          return { file: path, valid: true, error: null };
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          return { file: path, valid: false, error: err.message };
        }
      });
      if (o.json) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
      else process.stdout.write(results.map((r) => (r.valid ? `ok       ${r.file}` : `INVALID  ${r.error}`)).join("\n") + "\n");
      // Like a failed check elsewhere: 1 when a file does not conform (2 is for bad input to the command).
      if (results.some((r) => !r.valid)) process.exitCode = 1;
    });
}

/** `byzopt schemas`: the published JSON Schemas of byzopt's file formats. */
export function schemasCommand(): Command {
  return new Command("schemas")
    .description("the JSON file formats byzopt reads and writes: list them, write their JSON Schemas, check files")
    .addHelpText(
      "after",
      ["", "Examples:", "  byzopt schemas list", "  byzopt schemas write --out schemas", "  byzopt schemas check trace out/dbft-2-4-5-P1.trace.json", "  byzopt schemas check orders book.json --json", ""].join("\n"),
    )
    .addCommand(listCommand())
    .addCommand(writeCommand())
    .addCommand(checkCommand());
}
