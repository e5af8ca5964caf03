import { closeSync, writeSync } from "node:fs";

/** Where writers put text. Writers never hold a whole file: they hand over pieces as they go. */
export interface TextSink {
  /** Appends `text`. */
  write(text: string): void;
}

/** Collects text in memory; for tests and small models. */
export class StringSink implements TextSink {
  private readonly parts: string[] = [];
  write(text: string): void {
    this.parts.push(text);
  }
  toString(): string {
    return this.parts.join("");
  }
}

/**
 * Buffers text and writes it to a file descriptor in ~1 MiB pieces with synchronous writes, so memory
 * stays flat whatever the file size.
 */
export class FileSink implements TextSink {
  private pending: string[] = [];
  private pendingLength = 0;
  bytes = 0;

  constructor(private readonly fd: number, private readonly flushAt = 1 << 20) {}

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= this.flushAt) this.flush();
  }

  flush(): void {
    if (this.pendingLength === 0) return;
    const buf = Buffer.from(this.pending.join(""), "utf8");
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.bytes += buf.length;
    this.pending = [];
    this.pendingLength = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
