import { type IndexSet, inSet, setSize } from "./index-set.js";

/**
 * Domain of a column: real-valued, general integer, 0/1, or semi-continuous / semi-integer (0, or a
 * real / integer value within the column's bounds; only models read from files have these).
 */
export type VarKind = "continuous" | "integer" | "binary" | "semicontinuous" | "semiinteger";

/** Compact per-column code of a VarKind. */
export const KIND_CODE = {
  /** Code of a real-valued column. */
  continuous: 0,
  /** Code of a general integer column. */
  integer: 1,
  /** Code of a 0/1 column. */
  binary: 2,
  /** Code of a column that is 0 or within its bounds. */
  semicontinuous: 3,
  /** Code of a column that is 0 or an integer within its bounds. */
  semiinteger: 4,
} as const satisfies Record<VarKind, number>;
/** Inverse of KIND_CODE: the VarKind of each code. */
export const KIND_OF_CODE: readonly VarKind[] = ["continuous", "integer", "binary", "semicontinuous", "semiinteger"];

/** Whether a column of this KIND_CODE must take an integer value (integer, binary, semi-integer). */
export function isIntegerKind(code: number): boolean {
  return code === KIND_CODE.integer || code === KIND_CODE.binary || code === KIND_CODE.semiinteger;
}

/** Whether a column of this KIND_CODE may also be 0 outside its bounds (semi-continuous, semi-integer). */
export function isSemiKind(code: number): boolean {
  return code === KIND_CODE.semicontinuous || code === KIND_CODE.semiinteger;
}

/** A contiguous block of columns that can name each of its columns. */
export interface ColumnBlock {
  /** Name of the block: the family name, or `"(named)"` for NamedColumns. */
  readonly name: string;
  /** Index of the block's first column. */
  readonly base: number;
  /** Number of columns; the block covers `base..base+size-1`. */
  readonly size: number;
  /** Whether `col` belongs to this block. */
  contains(col: number): boolean;
  /** The name of a column of this block, as written to LP/MPS files. */
  nameOf(col: number): string;
}

/** Columns named one by one (a model read from a file). */
export class NamedColumns implements ColumnBlock {
  /** Fixed block name; each column carries its own name. */
  readonly name = "(named)";
  private readonly names: string[] = [];

  /** @param base Index of the block's first column. */
  constructor(readonly base: number) {}

  /** Number of columns pushed so far. */
  get size(): number {
    return this.names.length;
  }

  /** @internal used by ModelBuilder */
  push(name: string): number {
    this.names.push(name);
    return this.base + this.names.length - 1;
  }

  /** Whether `col` is one of the columns pushed so far. */
  contains(col: number): boolean {
    return col >= this.base && col < this.base + this.names.length;
  }

  /** The name the column was pushed with. */
  nameOf(col: number): string {
    return this.names[col - this.base]!;
  }
}

/**
 * A block of columns indexed by a typed tuple over index sets, e.g. `SendCommit(t,i,v)` over T×R×V.
 * Columns are laid out row-major (last index fastest) from `base`, so a column is computed, never looked up.
 */
export class VariableFamily<K extends readonly number[] = readonly number[]> implements ColumnBlock {
  /** Number of columns: the product of the set sizes (1 for a scalar). */
  readonly size: number;
  private readonly strides: readonly number[];

  constructor(
    /** Family name, e.g. `SendCommit`; columns are named `name(k1,...)`. */
    readonly name: string,
    /** Domain shared by every column of the family. */
    readonly kind: VarKind,
    /** The index sets of the key, in key order. */
    readonly sets: readonly IndexSet[],
    /** Index of the family's first column. */
    readonly base: number,
    /** Lower bound shared by every column. */
    readonly lower: number,
    /** Upper bound shared by every column (may be Infinity). */
    readonly upper: number,
  ) {
    const strides: number[] = new Array(sets.length);
    let size = 1;
    for (let d = sets.length - 1; d >= 0; d--) {
      strides[d] = size;
      size *= setSize(sets[d]!);
    }
    this.strides = strides;
    this.size = size;
  }

  /** Number of indices in a key (0 for a scalar). */
  get arity(): number {
    return this.sets.length;
  }

  /** The column of `name(key)`. */
  col(...key: K): number {
    let col = this.base;
    for (let d = 0; d < key.length; d++) {
      const set = this.sets[d]!;
      const k = key[d]!;
      if (!inSet(set, k)) throw new RangeError(`${this.name}: index ${k} outside ${set.name} = ${set.first}..${set.last}`);
      col += (k - set.first) * this.strides[d]!;
    }
    return col;
  }

  /** Whether `col` belongs to this family. */
  contains(col: number): boolean {
    return col >= this.base && col < this.base + this.size;
  }

  /** Inverse of `col`. */
  keyOf(col: number): number[] {
    let offset = col - this.base;
    const key: number[] = new Array(this.sets.length);
    for (let d = 0; d < this.sets.length; d++) {
      const stride = this.strides[d]!;
      const q = Math.floor(offset / stride);
      key[d] = this.sets[d]!.first + q;
      offset -= q * stride;
    }
    return key;
  }

  /** The name `name(key)` of a column, e.g. `SendCommit(1,2,3)`. */
  nameOf(col: number): string {
    return formatName(this.name, this.keyOf(col));
  }
}

/** `name(k1,k2,...)`, or just `name` for a scalar: the form every LP/MPS reader we target accepts. */
export function formatName(name: string, key: readonly number[]): string {
  return key.length === 0 ? name : `${name}(${key.join(",")})`;
}
