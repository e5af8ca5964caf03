import { openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError } from "../formulations/input-error.js";
import { FileSink } from "./text-sink.js";

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/**
 * Whether `path` is an existing device, pipe or socket (`/dev/null`, `/dev/stdout`, a FIFO): written in
 * place, since renaming a temporary file onto it would replace the device with a plain file.
 */
function isSpecialFile(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/** A short reason for a file-system error ("no such file", "permission denied", ...). */
export function fsErrorReason(err: unknown, doing: "read" | "write" = "write"): string {
  const e = err as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    // Writing, a missing path is a missing directory; reading, a missing file.
    ENOENT: doing === "write" ? "no such directory" : "no such file",
    EACCES: "permission denied",
    EROFS: "read-only file system",
    EISDIR: "is a directory",
    ENOTDIR: "a parent is not a directory",
    ENOSPC: "no space left on device",
  };
  return (e.code && reasons[e.code]) || e.message;
}

/** A text file's contents, or an InputError "cannot read PATH: reason" on one line. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${fsErrorReason(err, "read")}`);
  }
}

/**
 * Writes a file through a sink into a temporary sibling, then renames it into place, so that a failure
 * (bad path, full disk, exception in the producer) never leaves a half-written file at `path`. A device
 * or pipe (`/dev/null`) is written in place.
 * Returns the number of bytes written.
 */
export function writeFileAtomically(path: string, produce: (sink: FileSink) => void): number {
  const special = isSpecialFile(path);
  const temp = special ? path : tempPathFor(path);
  let fd: number;
  try {
    fd = openSync(temp, "w");
  } catch (err) {
    throw new InputError(`cannot write ${path}: ${fsErrorReason(err)}`);
  }
  const sink = new FileSink(fd);
  try {
    produce(sink);
    sink.close();
    if (!special) renameSync(temp, path);
    return sink.bytes;
  } catch (err) {
    try {
      sink.close();
    } catch {
      // already closed or the descriptor failed; the temp file is removed below either way
    }
    if (!special) rmSync(temp, { force: true });
    if (err instanceof InputError) throw err;
    if ((err as NodeJS.ErrnoException).code) throw new InputError(`cannot write ${path}: ${fsErrorReason(err)}`);
    throw err;
  }
}

/** Small files (JSON, catalogs, compressed solutions): same guarantee. */
export function writeTextAtomically(path: string, text: string | Uint8Array): void {
  if (isSpecialFile(path)) return writeInPlace(path, text);
  const temp = tempPathFor(path);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new InputError(`cannot write ${path}: ${fsErrorReason(err)}`);
  }
}

function writeInPlace(path: string, text: string | Uint8Array): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new InputError(`cannot write ${path}: ${fsErrorReason(err)}`);
  }
}

/**
 * Several outputs of one command, all or none: every file is written to its temporary sibling first, and
 * only when all of them are there are they renamed into place. A bad path among them leaves none of the
 * others behind.
 */
export function writeTextFilesAtomically(files: readonly { path: string; text: string | Uint8Array }[]): void {
  const written: string[] = [];
  try {
    for (const f of files) {
      // A device among them (/dev/null) is written last, in place, once the others are in.
      if (isSpecialFile(f.path)) continue;
      const temp = tempPathFor(f.path);
      try {
        writeFileSync(temp, f.text);
      } catch (err) {
        throw new InputError(`cannot write ${f.path}: ${fsErrorReason(err)}`);
      }
      written.push(temp);
    }
    const regular = files.filter((f) => !isSpecialFile(f.path));
    regular.forEach((f, k) => renameSync(written[k]!, f.path));
    for (const f of files) if (isSpecialFile(f.path)) writeInPlace(f.path, f.text);
  } catch (err) {
    for (const t of written) rmSync(t, { force: true });
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot write: ${fsErrorReason(err)}`);
  }
}
