import { parse as parseCsv } from "csv-parse/sync";
import type { z } from "zod";
import { InputError } from "../input-error.js";
import { checkWithSchema, type DataFormat, parseJsonText, withGot, withZod } from "../schema.js";

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
const PRICE = "price must be a finite number > 0";
const REQUIRED_COLUMNS: readonly string[] = ["id", "side", "price", "quantity"];
const QUANTITY = "quantity must be a positive integer";
const ROUND = "round must be an integer >= 0";

const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The schemas of an order and of the orders JSON file (CSV rows are checked as the same objects). */
const ordersSchemas = withZod((z) => {
  /**
   * A number, or a string holding one in decimal (CSV cells, and JSON written by spreadsheets), checked by
   * `number` before and after the conversion ("1e999" is a numeral but not a finite number).
   */
  const numberOrText = (number: z.ZodNumber, pattern: RegExp, text: string) =>
    z
      .union([number, z.string().regex(pattern, { error: withGot(text) })], { error: withGot(text) })
      .transform((v) => (typeof v === "string" ? Number(v) : v))
      .pipe(number);

  /** One order as a file holds it (JSON object or CSV row): the schema of the orders formats. */
  const orderSchema = z.object({
    id: z
      .union([z.string(), z.number()], { error: withGot("id must be a string or a number") })
      .transform(String)
      .pipe(z.string().min(1, { error: "id must not be empty" }))
      .describe("unique, non-empty; also the last tie-break among equal prices"),
    side: z.enum(["buy", "sell"], { error: withGot('side must be "buy" or "sell"') }),
    price: numberOrText(z.number({ error: withGot(PRICE) }).positive({ error: withGot(PRICE) }), DECIMAL, PRICE).describe("unit price > 0: the most a buyer pays or the least a seller accepts"),
    quantity: numberOrText(z.int({ error: withGot(QUANTITY) }).min(1, { error: withGot(QUANTITY) }).max(MAX_QUANTITY, { error: withGot(QUANTITY) }), DECIMAL, QUANTITY).describe("number of units"),
    round: numberOrText(z.int({ error: withGot(ROUND) }).min(0, { error: withGot(ROUND) }), DECIMAL, ROUND)
      .optional()
      .describe("the round the order arrived in (default 0)"),
  });

  /** The orders JSON file: an array of orders. */
  const ordersSchema = z.array(orderSchema, { error: "expected a JSON array of orders" });
  return { order: orderSchema, orders: ordersSchema };
});

/** One order as parsed. */
type ParsedOrder = z.output<ReturnType<typeof ordersSchemas>["order"]>;

/** The orders file formats (CSV rows are checked as the same objects). */
export const ORDERS_FORMAT: DataFormat = {
  name: "orders",
  description: "A TCDA order book (byzopt tcda clear): a JSON array of {id, side, price, quantity[, round]}; CSV with that header holds the same fields.",
  get schema() {
    return ordersSchemas().orders;
  },
  place: (path, value) => ordersPlace(path, value),
};

/** Orders are named by number and id: `order 3 (id "a7"): `. */
function ordersPlace(path: readonly PropertyKey[], value: unknown): string {
  return typeof path[0] === "number" && Array.isArray(value) ? describeOrder(path[0], value[path[0]]) : "";
}

function describeOrder(k: number, raw: unknown): string {
  const id = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).id : undefined;
  return `${typeof id === "string" || typeof id === "number" ? `order ${k + 1} (id ${JSON.stringify(String(id))})` : `order ${k + 1}`}: `;
}

/** Checks one raw order (from JSON or CSV); the error names the order and the field. */
export function checkOrder(raw: Record<string, unknown>, k: number, source: string): Order {
  return toOrder(checkWithSchema(ordersSchemas().order, raw, source, () => describeOrder(k, raw)));
}

const toOrder = (o: ParsedOrder): Order => ({ id: o.id, side: o.side, price: o.price, quantity: o.quantity, round: o.round ?? 0 });

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
  const value = parseJsonText(text, source);
  const parsed = checkWithSchema(ordersSchemas().orders, value, source, ordersPlace);
  const orders = parsed.map(toOrder);
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
  for (const need of REQUIRED_COLUMNS) if (!header.includes(need)) throw new InputError(`${source}: the CSV header lacks "${need}" (got ${header.join(",")})`);
  const orders = rows.slice(1).map(({ record: cells, info }, k) => {
    if (cells.length !== header.length) throw new InputError(`${source}: line ${info.lines}: expected ${header.length} fields, got ${cells.length}`);
    // An empty cell of an optional column (round) is an absent field; the rest is the schema's to judge.
    const raw: Record<string, unknown> = {};
    header.forEach((h, i) => {
      if (cells[i] !== "" || REQUIRED_COLUMNS.includes(h)) raw[h] = cells[i];
    });
    return checkOrder(raw, k, source);
  });
  checkUniqueIds(orders, source);
  return orders;
}
