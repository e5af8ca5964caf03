import { mkdirSync, statSync } from "node:fs";
import { type DataFormat, withZod } from "../formulations/schema.js";
import { join } from "node:path";
import { dbftParams, type DeliveryProperty, type ObjectiveSpec } from "../formulations/dbft2/params.js";
import type { CutName } from "../formulations/dbft2/cuts/index.js";
import { InputError } from "../formulations/input-error.js";
import type { ModelStats } from "../formulations/model/index.js";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { type FileFormat, writeDbftInstance } from "./generate.js";
import { PAPER_INSTANCES } from "./paper.js";

export const CATALOG_FORMAT = "byzopt.catalog/1";
export const CATALOG_FILE = "catalog.json";

/** One instance of a catalog: N nodes, tmax steps per view. */
export interface GridPoint {
  /** Nodes N. */
  readonly n: number;
  /** Steps per view. */
  readonly tmax: number;
}

/** One written instance, as `catalog.json` lists it. */
export interface CatalogEntry {
  /** Instance name, e.g. dbft-2-4-5. */
  readonly name: string;
  /** File name, relative to the catalog's directory. */
  readonly file: string;
  /** Nodes N. */
  readonly N: number;
  /** Steps per view. */
  readonly tmax: number;
  /** Size of the file. */
  readonly bytes: number;
  /** Statistics of the model written. */
  readonly stats: ModelStats;
}

/** The schema of catalog.json. */
const catalogFileSchema = withZod((z) => {
  const count = z.int().min(0);

  /** The schema of `catalog.json`. */
  const catalogSchema = z.object({
    format: z.literal(CATALOG_FORMAT),
    fileFormat: z.enum(["lp", "mps"]),
    objective: z.looseObject({ direction: z.enum(["max", "min"]), w1: z.number(), w2: z.number(), w3: z.number() }),
    deliver: z.array(z.int()),
    strengthen: z.array(z.string()),
    instances: z.array(
      z.object({
        name: z.string(),
        file: z.string(),
        N: z.int().min(4),
        tmax: z.int().min(1),
        bytes: count,
        stats: z.object({ vars: count, binaries: count, integers: count, constraints: count, equalities: count, inequalities: count, nonzeros: count }),
      }),
    ),
  });
  return catalogSchema;
});

/** `catalog.json`, written by `byzopt instances`. */
export const CATALOG_FILE_FORMAT: DataFormat = {
  name: "catalog",
  description: `The instance catalog (${CATALOG_FORMAT}) written by byzopt instances beside its LP/MPS files: the objective, deliveries and strengthening, and each instance's file, size and Table 1 statistics.`,
  get schema() {
    return catalogFileSchema();
  },
};

/** What `catalog.json` holds: no times or dates, so the same command writes the same bytes. */
export interface Catalog {
  /** Always "byzopt.catalog/1". */
  readonly format: typeof CATALOG_FORMAT;
  /** Format of every instance file. */
  readonly fileFormat: FileFormat;
  /** Objective of every instance. */
  readonly objective: ObjectiveSpec;
  /** Guaranteed deliveries of every instance. */
  readonly deliver: readonly DeliveryProperty[];
  /** Strengthening families of every instance (none: the paper's model). */
  readonly strengthen: readonly CutName[];
  /** The instances, in the order written. */
  readonly instances: readonly CatalogEntry[];
}

/** The (N, tmax) pairs of the paper's Table 1, in its order. */
export const PAPER_GRID: readonly GridPoint[] = PAPER_INSTANCES.map((r) => ({ n: r.N, tmax: r.tmax }));

/** Every (N, tmax) pair of the two lists, N-major. */
export function gridOf(ns: readonly number[], tmaxes: readonly number[]): GridPoint[] {
  return ns.flatMap((n) => tmaxes.map((tmax) => ({ n, tmax })));
}

/** Where and how generateInstances writes a catalog. */
export interface GenerateOptions {
  /** Directory of the files and `catalog.json`; made if missing. */
  readonly outDir: string;
  /** Format of every instance file. */
  readonly format: FileFormat;
  /** Objective of every instance. */
  readonly objective: ObjectiveSpec;
  /** Guaranteed deliveries (property numbers) of every instance. */
  readonly deliver: readonly number[];
  /** Strengthening families of every instance, by name; none: the paper's model. */
  readonly strengthen?: readonly string[];
  /** Called before each instance is built (index from 0). */
  readonly onInstance?: (point: GridPoint, index: number, total: number) => void;
}

/**
 * Writes one file per grid point and then `catalog.json`. Parameters are all checked before the first
 * file is written, so bad input leaves nothing behind.
 */
export function generateInstances(grid: readonly GridPoint[], o: GenerateOptions): Catalog {
  if (grid.length === 0) throw new InputError("no instances to write");
  const params = grid.map((g) => dbftParams({ n: g.n, tmax: g.tmax, objective: o.objective, deliver: o.deliver, strengthen: o.strengthen }));
  const names = new Set<string>();
  for (const g of grid) {
    const key = `${g.n}-${g.tmax}`;
    if (names.has(key)) throw new InputError(`instance dbft-2-${key} is listed twice`);
    names.add(key);
  }
  try {
    mkdirSync(o.outDir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create ${o.outDir}: ${(err as Error).message}`);
  }
  if (!statSync(o.outDir).isDirectory()) throw new InputError(`${o.outDir} is not a directory`);
  const entries: CatalogEntry[] = [];
  params.forEach((p, k) => {
    o.onInstance?.(grid[k]!, k, grid.length);
    const file = `dbft-2-${p.n}-${p.tmax}.${o.format}`;
    const written = writeDbftInstance(p, join(o.outDir, file), o.format);
    entries.push({ name: written.name, file, N: p.n, tmax: p.tmax, bytes: written.bytes, stats: written.stats });
  });
  const catalog: Catalog = { format: CATALOG_FORMAT, fileFormat: o.format, objective: params[0]!.objective, deliver: params[0]!.deliver, strengthen: params[0]!.strengthen, instances: entries };
  writeTextAtomically(join(o.outDir, CATALOG_FILE), JSON.stringify(catalog, null, 2) + "\n");
  return catalog;
}
