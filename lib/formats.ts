/**
 * `byzopt/formats`: the schemas of the files byzopt reads and writes. Each format's zod schema is what its
 * reader checks with; `jsonSchemaOf` turns it into the JSON Schema published in `schemas/` (written by
 * `byzopt schemas --out schemas`), for validating files in other tools.
 * @module
 */
import type { DataFormat } from "../formulations/schema.js";
import { ORDERS_FORMAT } from "../formulations/tcda/orders.js";
import { UNL_FILE_FORMAT } from "../formulations/unl/config.js";
import { DAG_FILE_FORMAT } from "../formulations/codag/dag.js";
import { TRACE_FILE_FORMAT } from "../verify/dbft/trace.js";
import { COUNTEREXAMPLE_FILE_FORMAT } from "../verify/dbft/counterexample.js";
import { SCHEDULE_FILE_FORMAT } from "../verify/dbft/variants/schedule.js";
import { UNL_GRID_RECORD_FILE_FORMAT } from "../verify/unl/grid-store.js";
import { CATALOG_FILE_FORMAT } from "../instances/catalog.js";
import { SWEEP_RECORD_FORMAT } from "../instances/sweep/record-schema.js";
import { GRID_RECORD_FILE_FORMAT } from "../instances/grid/runner.js";
import { InputError } from "../formulations/input-error.js";

export { checkFile, checkWithSchema, type DataFormat, jsonSchemaOf, parseJsonText } from "../formulations/schema.js";
export { ORDERS_FORMAT, UNL_FILE_FORMAT, DAG_FILE_FORMAT, TRACE_FILE_FORMAT, COUNTEREXAMPLE_FILE_FORMAT, SCHEDULE_FILE_FORMAT, UNL_GRID_RECORD_FILE_FORMAT, CATALOG_FILE_FORMAT, SWEEP_RECORD_FORMAT, GRID_RECORD_FILE_FORMAT };

/** Every JSON file format byzopt reads or writes, by name. (LP, MPS, solution and topology files are text.) */
export const DATA_FORMATS: readonly DataFormat[] = [
  ORDERS_FORMAT,
  TRACE_FILE_FORMAT,
  COUNTEREXAMPLE_FILE_FORMAT,
  SCHEDULE_FILE_FORMAT,
  CATALOG_FILE_FORMAT,
  SWEEP_RECORD_FORMAT,
  GRID_RECORD_FILE_FORMAT,
  UNL_FILE_FORMAT,
  UNL_GRID_RECORD_FILE_FORMAT,
  DAG_FILE_FORMAT,
];

/** The format called `name`; an InputError listing the names otherwise. */
export function dataFormatNamed(name: string): DataFormat {
  const format = DATA_FORMATS.find((f) => f.name === name);
  if (!format) throw new InputError(`unknown format ${JSON.stringify(name)} (one of ${DATA_FORMATS.map((f) => f.name).join(", ")})`);
  return format;
}
