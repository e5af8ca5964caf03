import { parse as parseCsv } from "csv-parse/sync";
import { InputError } from "../input-error.js";

/** Which side of the market an order is on. */
export type Side = "buy" | "sell";

/** An order of the TCDA: `quantity` units at one unit price. `round` is the round it arrived in (default 0). */
export interface Order {
  /** Unique, non-empty identifier; also the last tie-break among equal prices. */
  readonly id: string;
  /** Buy or sell. */
  readonly side: Side;
  /** Unit price, finite and > 0: the most a buyer pays or the least a seller accepts. */
  readonly price: number;
  /** Number of units, an integer in 1..2^31−1. */
  readonly quantity: number;
  /** Round the order arrived in, an integer ≥ 0 (default 0). */
  readonly round?: number;
}

const MAX_QUANTITY = 2 ** 31 - 1;

function describeOrder(k: number, raw: Record<string, unknown>): string {
  return typeof raw.id === "string" || typeof raw.id === "number" ? `order ${k + 1} (id ${JSON.stringify(String(raw.id))})` : `order ${k + 1}`;
}

/** A raw value as the user wrote it (JSON.stringify would print Infinity as null). */
const shown = (v: unknown): string => (typeof v === "number" ? String(v) : JSON.stringify(v) ?? "nothing");

/** Checks one raw order (from JSON or CSV); the error names the order and the field. */
export function checkOrder(raw: Record<string, unknown>, k: number, source: string): Order {
  const where = `${source}: ${describeOrder(k, raw)}`;
  if (typeof raw.id !== "string" && typeof raw.id !== "number") throw new InputError(`${where}: id must be a string or a number`);
  const id = String(raw.id);
  if (id === "") throw new InputError(`${where}: id must not be empty`);
  if (raw.side !== "buy" && raw.side !== "sell") throw new InputError(`${where}: side must be "buy" or "sell" (got ${shown(raw.side)})`);
  const price = typeof raw.price === "string" && raw.price.trim() !== "" ? Number(raw.price) : raw.price;
  if (typeof price !== "number" || !Number.isFinite(price) || price <= 0) throw new InputError(`${where}: price must be a finite number > 0 (got ${shown(raw.price)})`);
  const quantity = typeof raw.quantity === "string" && raw.quantity.trim() !== "" ? Number(raw.quantity) : raw.quantity;
  if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity <= 0 || quantity > MAX_QUANTITY) {
    throw new InputError(`${where}: quantity must be a positive integer (got ${shown(raw.quantity)})`);
  }
  let round = 0;
  if (raw.round !== undefined && raw.round !== "") {
    const r = typeof raw.round === "string" ? Number(raw.round) : raw.round;
    if (typeof r !== "number" || !Number.isInteger(r) || r < 0) throw new InputError(`${where}: round must be an integer >= 0 (got ${shown(raw.round)})`);
    round = r;
  }
  return { id, side: raw.side, price, quantity, round };
}

/** Refuses two orders with one id. */
export function checkUniqueIds(orders: readonly Order[], source: string): void {
  const seen = new Map<string, number>();
  orders.forEach((o, k) => {
    const first = seen.get(o.id);
    if (first !== undefined) throw new InputError(`${source}: order ${k + 1} (id ${JSON.stringify(o.id)}): duplicate id (also order ${first + 1})`);
    seen.set(o.id, k);
  });
}

/** Orders from a JSON array of {id, side, price, quantity[, round]}. */
export function parseOrdersJson(text: string, source = "orders"): Order[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${source}: malformed JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(value)) throw new InputError(`${source}: expected a JSON array of orders`);
  const orders = value.map((raw, k) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new InputError(`${source}: order ${k + 1}: expected an object {id, side, price, quantity}`);
    return checkOrder(raw as Record<string, unknown>, k, source);
  });
  checkUniqueIds(orders, source);
  return orders;
}

/** Orders from CSV with a header naming id, side, price, quantity (and optionally round), in any order. */
export function parseOrdersCsv(text: string, source = "orders"): Order[] {
  // RFC 4180 through csv-parse: quoted fields with commas, quotes and newlines inside, a byte-order mark.
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { bom: true, info: true, trim: true, skip_empty_lines: true, relax_column_count: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    throw new InputError(`${source}: malformed CSV: ${String((err as Error).message).split("\n")[0]}`);
  }
  if (rows.length === 0) throw new InputError(`${source}: empty CSV (expected a header id,side,price,quantity)`);
  const header = rows[0]!.record.map((h) => h.toLowerCase());
  for (const need of ["id", "side", "price", "quantity"]) if (!header.includes(need)) throw new InputError(`${source}: the CSV header lacks "${need}" (got ${header.join(",")})`);
  const orders = rows.slice(1).map(({ record: cells, info }, k) => {
    if (cells.length !== header.length) throw new InputError(`${source}: line ${info.lines}: expected ${header.length} fields, got ${cells.length}`);
    const raw: Record<string, unknown> = {};
    header.forEach((h, i) => (raw[h] = cells[i]));
    return checkOrder(raw, k, source);
  });
  checkUniqueIds(orders, source);
  return orders;
}
