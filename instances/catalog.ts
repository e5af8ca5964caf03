import { mkdirSync, statSync } from "node:fs";
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

export interface GridPoint {
  readonly n: number;
  readonly tmax: number;
}

export interface CatalogEntry {
  readonly name: string;
  readonly file: string;
  readonly N: number;
  readonly tmax: number;
  readonly bytes: number;
  readonly stats: ModelStats;
}

/** What `catalog.json` holds: no times or dates, so the same command writes the same bytes. */
export interface Catalog {
  readonly format: typeof CATALOG_FORMAT;
  readonly fileFormat: FileFormat;
  readonly objective: ObjectiveSpec;
  readonly deliver: readonly DeliveryProperty[];
  readonly strengthen: readonly CutName[];
  readonly instances: readonly CatalogEntry[];
}

export const PAPER_GRID: readonly GridPoint[] = PAPER_INSTANCES.map((r) => ({ n: r.N, tmax: r.tmax }));

/** Every (N, tmax) pair of the two lists, N-major. */
export function gridOf(ns: readonly number[], tmaxes: readonly number[]): GridPoint[] {
  return ns.flatMap((n) => tmaxes.map((tmax) => ({ n, tmax })));
}

export interface GenerateOptions {
  readonly outDir: string;
  readonly format: FileFormat;
  readonly objective: ObjectiveSpec;
  readonly deliver: readonly number[];
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
