import { buildDbftModel } from "../formulations/dbft2/build.js";
import { type DbftParams, describeObjective, instanceName } from "../formulations/dbft2/params.js";
import { type ModelStats, modelStats } from "../formulations/model/index.js";
import type { Model } from "../formulations/model/index.js";
import { writeFileAtomically } from "../solvers/atomic-file.js";
import { writeLp } from "../solvers/lp-writer.js";
import { writeMps } from "../solvers/mps-writer.js";
import { InputError } from "../formulations/input-error.js";

/** A model file format: LP (CPLEX LP) or free MPS. */
export type FileFormat = "lp" | "mps";
/** Every FileFormat, for option help and checks. */
export const FILE_FORMATS: readonly FileFormat[] = ["lp", "mps"];

/** The FileFormat a user wrote (any case); InputError on anything other than lp or mps. */
export function parseFileFormat(value: string): FileFormat {
  const v = value.toLowerCase();
  if (v === "lp" || v === "mps") return v;
  throw new InputError(`unknown file format ${JSON.stringify(value)}: use lp or mps`);
}

/** The format a path asks for by its extension, if it names one. */
export function formatOfPath(path: string): FileFormat | undefined {
  const m = /\.(lp|mps)$/i.exec(path);
  return m ? (m[1]!.toLowerCase() as FileFormat) : undefined;
}

/** Header lines of a written instance: enough to rebuild it, and nothing that changes between runs. */
export function instanceComments(p: DbftParams, stats: ModelStats): string[] {
  const deliver = p.deliver.length ? p.deliver.join(",") : "none";
  const strengthen = p.strengthen.length ? p.strengthen.join(",") : "none (the paper's model)";
  return [
    `${instanceName(p)}: dBFT 2.0 attack MILP (Coelho et al., Future Internet 12(11):185, 2020), written by byzopt`,
    `N=${p.n} tmax=${p.tmax} f=${Math.floor((p.n - 1) / 3)} M=${2 * Math.floor((p.n - 1) / 3) + 1}; honest nodes 1..M, Byzantine M+1..N`,
    `objective ${describeObjective(p.objective)}; guaranteed delivery: ${deliver}; strengthening: ${strengthen}`,
    `vars=${stats.vars} binaries=${stats.binaries} integers=${stats.integers} constraints=${stats.constraints} equalities=${stats.equalities} inequalities=${stats.inequalities} nonzeros=${stats.nonzeros}`,
  ];
}

/**
 * Writes `model` to `path` as LP or MPS with `comments` as header lines, atomically (the file appears only once
 * complete); returns the bytes written.
 */
export function writeModelFile(model: Model, path: string, format: FileFormat, comments: readonly string[]): number {
  return writeFileAtomically(path, (sink) => (format === "lp" ? writeLp(model, sink, { comments }) : writeMps(model, sink, { comments })));
}

/** A dBFT instance as writeDbftInstance wrote it. */
export interface WrittenInstance {
  /** Instance name, e.g. dbft-2-4-5. */
  readonly name: string;
  /** Where it was written. */
  readonly path: string;
  /** LP or MPS. */
  readonly format: FileFormat;
  /** Size of the file. */
  readonly bytes: number;
  /** Statistics of the model written. */
  readonly stats: ModelStats;
  /** Seconds spent building the model. */
  readonly buildSeconds: number;
  /** Seconds spent writing the file. */
  readonly writeSeconds: number;
}

/** Builds the dBFT model and writes it; the file appears only once complete. */
export function writeDbftInstance(p: DbftParams, path: string, format: FileFormat): WrittenInstance {
  const t0 = performance.now();
  const { model } = buildDbftModel(p);
  const stats = modelStats(model);
  const t1 = performance.now();
  const bytes = writeModelFile(model, path, format, instanceComments(p, stats));
  const t2 = performance.now();
  return { name: instanceName(p), path, format, bytes, stats, buildSeconds: (t1 - t0) / 1000, writeSeconds: (t2 - t1) / 1000 };
}
