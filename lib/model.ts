/**
 * `byzopt/model`: the modeling layer (index sets, variables, linear expressions, the sparse Model, its
 * statistics and evaluator) and the LP and MPS files it is written to and read from.
 * @module
 */
export * from "../formulations/model/index.js";
export { writeLp, type WriteOptions } from "../solvers/lp-writer.js";
export { writeMps } from "../solvers/mps-writer.js";
export type { TextSink } from "../solvers/text-sink.js";
export { readModelFile, type ModelFileFormat } from "../solvers/read-model.js";
export { readLpFile } from "../solvers/lp-reader.js";
export { readMpsFile } from "../solvers/mps-reader.js";
export { FILE_FORMATS, type FileFormat, formatOfPath, parseFileFormat, writeModelFile } from "../instances/generate.js";
export { InputError } from "../formulations/input-error.js";
