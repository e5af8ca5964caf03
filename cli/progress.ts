import type { SolveProgress } from "../lib/solvers.js";

function fmt(x: number | null): string {
  return x === null ? "-" : Number.isInteger(x) ? String(x) : x.toFixed(2);
}

export function formatGap(gap: number | null): string {
  if (gap === null) return "-";
  if (gap === 0) return "0%";
  return `${(gap * 100).toFixed(gap < 0.01 ? 3 : 1)}%`;
}

/**
 * A one-line live display on stderr (elapsed, incumbent, bound, gap), redrawn in place. Silent when
 * stderr is not a terminal, so logs and pipes stay clean.
 */
export function liveProgress(label: string, stream: NodeJS.WriteStream = process.stderr): { update(p: SolveProgress): void; stop(): void } {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const started = performance.now();
  let last: SolveProgress | null = null;
  const draw = () => {
    const elapsed = ((performance.now() - started) / 1000).toFixed(1);
    const body = last ? `incumbent ${fmt(last.incumbent)}  bound ${fmt(last.bound)}  gap ${formatGap(last.gap)}  nodes ${fmt(last.nodes)}` : "loading the model, presolve";
    stream.write(`\r\x1b[K${label}  ${elapsed}s  ${body}`);
  };
  const timer = setInterval(draw, 500);
  timer.unref();
  draw();
  return {
    update(p) {
      last = p;
      draw();
    },
    stop() {
      clearInterval(timer);
      stream.write("\r\x1b[K");
    },
  };
}

/** One line per step on stderr when it is a terminal (for multi-file jobs). */
export function stepNotice(text: string, stream: NodeJS.WriteStream = process.stderr): void {
  if (stream.isTTY) stream.write(`${text}\n`);
}
