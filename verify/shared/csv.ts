/** One CSV line (RFC 4180): a field with a comma, quote or newline is quoted, quotes doubled. */
export function csvRow(fields: readonly (string | number)[]): string {
  return fields.map((f) => (typeof f === "string" && /[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : String(f))).join(",");
}
