import { InputError } from "../formulations/input-error.js";
import type { Model } from "../formulations/model/index.js";
import { readLpFile } from "./lp-reader.js";
import { readMpsFile } from "./mps-reader.js";

/** Format of a model file: CPLEX LP or MPS. */
export type ModelFileFormat = "lp" | "mps";

/** Reads an LP or MPS file (format from the extension unless given) into a Model. */
export function readModelFile(path: string, format?: ModelFileFormat): Model {
  const f = format ?? (/\.lp$/i.test(path) ? "lp" : /\.mps$/i.test(path) ? "mps" : undefined);
  if (!f) throw new InputError(`cannot tell the format of ${path}: name it .lp or .mps, or give --format`);
  return f === "lp" ? readLpFile(path) : readMpsFile(path);
}
