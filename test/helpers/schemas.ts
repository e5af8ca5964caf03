// Validates files against the published schemas (schemas/*.json) with Ajv: a validator independent of the
// zod schemas they were generated from.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { expect } from "vitest";

const ajv = new Ajv2020({ allErrors: true, strict: false });
const compiled = new Map<string, ReturnType<Ajv2020["compile"]>>();

/** The Ajv validator of `schemas/<name>.schema.json`, compiled once. */
export function publishedSchema(name: string): ReturnType<Ajv2020["compile"]> {
  let v = compiled.get(name);
  if (!v) {
    v = ajv.compile(JSON.parse(readFileSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url), "utf8")) as object);
    compiled.set(name, v);
  }
  return v;
}

/** Asserts a JSON value (or the JSON file at a path) conforms to the published schema `name`. */
export function expectConforms(name: string, value: unknown): void {
  const data = typeof value === "string" ? (JSON.parse(readFileSync(value, "utf8")) as unknown) : value;
  const validate = publishedSchema(name);
  const ok = validate(data);
  expect(ok ? [] : ajv.errorsText(validate.errors).split(", ").slice(0, 5), `${name}: ${typeof value === "string" ? value : "value"}`).toEqual([]);
}
