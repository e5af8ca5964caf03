import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** The full path of a program on PATH, or null. */
export function findOnPath(program: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export interface ProgramRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last lines of standard output and error, for error messages. */
  readonly tail: string;
  readonly seconds: number;
  /** Why we stopped it, if we did. */
  readonly stoppedBy: "abort" | "overrun" | null;
}

/** In a message, marks a solver killed from outside (the sweep's table says "out of memory?" for it). */
export const OUT_OF_MEMORY_HINT = "most likely the kernel's out-of-memory killer";

/**
 * How a program ended, for messages: "exit 3", "signal SIGSEGV". A SIGKILL we did not send comes from
 * outside, and on a solver that is almost always the kernel's out-of-memory killer: say so, since the
 * bare signal name sends users looking for a bug.
 */
export function howItEnded(run: Pick<ProgramRun, "code" | "signal" | "stoppedBy">): string {
  if (run.signal === null) return `exit ${run.code}`;
  if (run.signal === "SIGKILL" && run.stoppedBy === null) return `killed by SIGKILL from outside, ${OUT_OF_MEMORY_HINT}`;
  return `signal ${run.signal}`;
}

/**
 * Runs a solver program, passing each output line to `onLine` as it comes. An abort sends SIGINT (CBC
 * then writes what it has), and SIGKILL 3 s later if it is still running; so does overrunning the
 * time limit by more than 20% + 5 s. A program that cannot start is reported, never thrown.
 */
export function runProgram(program: string, args: readonly string[], o: { onLine?: (line: string) => void; signal?: AbortSignal; timeLimit?: number; scratch?: string }): Promise<ProgramRun> {
  const started = performance.now();
  // Line-buffered output (coreutils stdbuf): progress arrives as it is printed, and a crash loses no log lines.
  const [cmd, argv] = findOnPath("stdbuf") ? ["stdbuf", ["-oL", program, ...args]] : [program, [...args]];
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    let stoppedBy: ProgramRun["stoppedBy"] = null;
    const timers: NodeJS.Timeout[] = [];
    const stop = (why: "abort" | "overrun") => {
      if (stoppedBy) return;
      stoppedBy = why;
      child.kill("SIGINT");
      timers.push(setTimeout(() => child.kill("SIGKILL"), 3000));
    };
    const onAbort = () => stop("abort");
    if (o.signal?.aborted) onAbort();
    o.signal?.addEventListener("abort", onAbort);
    if (o.timeLimit !== undefined) timers.push(setTimeout(() => stop("overrun"), (o.timeLimit * 1.2 + 5) * 1000));
    const lines = (stream: NodeJS.ReadableStream) => {
      let rest = "";
      stream.on("data", (chunk: Buffer) => {
        const parts = (rest + chunk.toString("utf8")).split(/\r?\n/);
        rest = parts.pop()!;
        for (const line of parts) {
          tail.push(line);
          if (tail.length > 20) tail.shift();
          o.onLine?.(line);
        }
      });
      stream.on("end", () => rest && (tail.push(rest), o.onLine?.(rest)));
    };
    lines(child.stdout);
    lines(child.stderr);
    const done = (code: number | null, signal: NodeJS.Signals | null, extra?: string) => {
      timers.forEach(clearTimeout);
      o.signal?.removeEventListener("abort", onAbort);
      // The scratch directory's path is this machine's business, not the message's (results are committed).
      const text = [...tail, ...(extra ? [extra] : [])].join("\n");
      resolve({ code, signal, tail: o.scratch ? text.split(o.scratch).join("<scratch>") : text, seconds: (performance.now() - started) / 1000, stoppedBy });
    };
    child.on("error", (err) => done(null, null, err.message));
    child.on("close", (code, signal) => done(code, signal));
  });
}

/** A private temporary directory, removed by the returned function. */
export function scratchDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
