/**
 * One schema per file format: the zod schema beside each format's reader both validates what users give
 * byzopt (one-line errors naming the file and the field) and is published as JSON Schema (`schemas/*.json`,
 * written by `byzopt schemas`). Checks that span fields (an id used twice, a node beyond N) stay in the
 * readers, once.
 * @module
 */
import { createRequire } from "node:module";
import type { z } from "zod";
import { InputError } from "./input-error.js";

/** The zod namespace, as the schemas are built with it. */
export type Zod = typeof z;

let loaded: Zod | undefined;

/**
 * zod, loaded on first use: loading and compiling it takes about 0.13 s, which a command that reads no
 * file (most of them) should not pay at start-up. An ESM import cannot be deferred in a synchronous reader,
 * so the package's CommonJS build is required.
 */
export function zod(): Zod {
  return (loaded ??= (createRequire(import.meta.url)("zod") as { z: Zod }).z);
}

/** A value built with zod on its first use, then kept: how each format defines its schemas. */
export function withZod<T>(build: (z: Zod) => T): () => T {
  let value: { readonly built: T } | undefined;
  return () => (value ??= { built: build(zod()) }).built;
}

const SHOWN_MAX = 60;

/**
 * A value as the user wrote it, for "(got …)", on one line and short: numbers as written (JSON.stringify
 * would print Infinity as null), strings quoted and cut, arrays and objects by their size.
 */
export function shown(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `an array of ${v.length} item${v.length === 1 ? "" : "s"}`;
  if (typeof v === "object" && v !== null) return Object.keys(v).length === 0 ? "{}" : "an object";
  const text = JSON.stringify(v) ?? String(v);
  return text.length <= SHOWN_MAX ? text : `${text.slice(0, SHOWN_MAX - 1)}…`;
}

/** A schema's own words for a rule, followed by "(got …)": `{ error: withGot("price must be > 0") }`. */
export const withGot =
  (text: string) =>
  (issue: { readonly input?: unknown }): string =>
    `${text} (got ${shown(issue.input)})`;

/** A name from a file as an error shows it: bare when plain, else quoted (a newline stays on the line). */
export const nameText = (name: string): string => (/^[\w.@:+-]+$/.test(name) ? name : (JSON.stringify(name) ?? name));

const NOUNS: Readonly<Record<string, string>> = {
  int: "an integer",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  array: "an array",
  object: "an object",
  null: "null",
  bigint: "an integer",
};

const bound = (value: number | bigint): string => String(value);
const NO_FORM = "matches none of the allowed forms";

/** Words for one zod issue, without its place; schemas that name their own message keep it. */
function describe(issue: z.core.$ZodRawIssue): string {
  const got = issue.input === undefined ? "" : ` (got ${shown(issue.input)})`;
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is missing";
      return `must be ${NOUNS[issue.expected] ?? issue.expected}${got}`;
    case "too_small":
      if (issue.origin === "array" || issue.origin === "string" || issue.origin === "set") {
        return Number(issue.minimum) === 1 ? "must not be empty" : `must have at least ${bound(issue.minimum)} ${issue.origin === "string" ? "characters" : "items"}`;
      }
      return `must be ${issue.inclusive ? ">=" : ">"} ${bound(issue.minimum)}${got}`;
    case "too_big":
      if (issue.origin === "array" || issue.origin === "string" || issue.origin === "set") return `must have at most ${bound(issue.maximum)} ${issue.origin === "string" ? "characters" : "items"}`;
      return `must be ${issue.inclusive ? "<=" : "<"} ${bound(issue.maximum)}${got}`;
    case "invalid_value":
      return issue.values.length === 1 ? `must be ${shown(issue.values[0])}${got}` : `must be one of ${issue.values.map(shown).join(", ")}${got}`;
    case "invalid_union":
      if ("discriminator" in issue && typeof issue.discriminator === "string") {
        const options = "options" in issue && Array.isArray(issue.options) ? ` one of ${issue.options.map(shown).join(", ")}` : " known";
        const value = typeof issue.input === "object" && issue.input !== null ? (issue.input as Record<string, unknown>)[issue.discriminator] : undefined;
        return `must be${options} (got ${shown(value)})`;
      }
      return `${NO_FORM}${got}`;
    case "not_multiple_of":
      return `must be a multiple of ${bound(issue.divisor)}${got}`;
    case "invalid_format":
      return `must match ${"pattern" in issue && issue.pattern ? String(issue.pattern) : issue.format}${got}`;
    case "unrecognized_keys":
      return `has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    default:
      return `is not valid${got}`;
  }
}

/** `events[3].node ` for the path [events, 3, node]: the place, then the words ("must be …"). */
export function pathText(path: readonly PropertyKey[]): string {
  const step = (p: PropertyKey, k: number): string => {
    if (typeof p === "number") return `[${p}]`;
    const key = String(p);
    if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `[${JSON.stringify(key)}]`;
    return k === 0 ? key : `.${key}`;
  };
  return `${path.map(step).join("")} `;
}

/**
 * Of a value that fits none of a union's forms, the problem in the form it came closest to (whose first
 * problem lies deepest), with the full path: "blocks[1].id must be …" rather than "matches none …".
 */
function deepest(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  // A union with words of its own ("id must be a string or a number") keeps them.
  if (issue.code !== "invalid_union" || issue.errors.length === 0 || !issue.message.startsWith(NO_FORM)) return issue;
  const firsts = issue.errors.flatMap((branch) => (branch[0] ? [branch[0]] : []));
  if (firsts.length === 0) return issue;
  const best = firsts.reduce((a, b) => (b.path.length > a.path.length ? b : a));
  const inner = deepest(best);
  return { ...inner, path: [...issue.path, ...inner.path] };
}

/**
 * Checks `value` against `schema` and returns the parsed value, or throws one InputError naming `source`,
 * the place of the first problem and what was expected. `place` turns a path into the words before the
 * message, its separator included (by default `events[3].node `; orders say `order 3 (id "a7"): `).
 */
export function checkWithSchema<S extends z.ZodType>(schema: S, value: unknown, source: string, place: (path: readonly PropertyKey[], value: unknown) => string = pathText): z.output<S> {
  const r = schema.safeParse(value, { reportInput: true, error: describe });
  if (r.success) return r.data;
  const issue = deepest(r.error.issues[0]!);
  throw new InputError(`${source}: ${issue.path.length > 0 ? place(issue.path, value) : ""}${issue.message}`);
}

/** JSON.parse with a one-line error naming `source`. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${source}: malformed JSON (${(err as Error).message})`);
  }
}

/** A format of byzopt's files: its name (the file `schemas/<name>.schema.json`), what it holds, and its schema. */
export interface DataFormat {
  /** Short name, also the JSON Schema's file name. */
  readonly name: string;
  /** One line on what the file holds and which commands read or write it. */
  readonly description: string;
  /** The schema every reader of the format checks with (built on first use). */
  readonly schema: z.ZodType;
  /** How the format's errors name a place, when not by its path (see checkWithSchema). */
  readonly place?: (path: readonly PropertyKey[], value: unknown) => string;
  /**
   * For a format with several forms (`schema` is their union): the form a value takes, as its reader
   * decides it, so that an error speaks of that form.
   */
  readonly formOf?: (value: unknown) => z.ZodType;
}

/** Checks a parsed file against a format's schema, with the format's words for places (as its reader does). */
export function checkFile(format: DataFormat, value: unknown, source: string): unknown {
  return checkWithSchema(format.formOf ? format.formOf(value) : format.schema, value, source, format.place);
}

/** The published JSON Schema (draft 2020-12) of a format: what a file may hold as input to byzopt. */
export function jsonSchemaOf(format: DataFormat): Record<string, unknown> {
  const body = zod().toJSONSchema(format.schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  const { $schema, ...rest } = body;
  return { $schema, title: format.name, description: format.description, ...rest };
}
