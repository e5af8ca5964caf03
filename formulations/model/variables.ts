import { type IndexSet, inSet, setSize } from "./index-set.js";

export type VarKind = "continuous" | "integer" | "binary";

/** Compact per-column code of a VarKind. */
export const KIND_CODE = { continuous: 0, integer: 1, binary: 2 } as const satisfies Record<VarKind, number>;
export const KIND_OF_CODE: readonly VarKind[] = ["continuous", "integer", "binary"];

/** A contiguous block of columns that can name each of its columns. */
export interface ColumnBlock {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  contains(col: number): boolean;
  nameOf(col: number): string;
}

/** Columns named one by one (a model read from a file). */
export class NamedColumns implements ColumnBlock {
  readonly name = "(named)";
  private readonly names: string[] = [];

  constructor(readonly base: number) {}

  get size(): number {
    return this.names.length;
  }

  /** @internal used by ModelBuilder */
  push(name: string): number {
    this.names.push(name);
    return this.base + this.names.length - 1;
  }

  contains(col: number): boolean {
    return col >= this.base && col < this.base + this.names.length;
  }

  nameOf(col: number): string {
    return this.names[col - this.base]!;
  }
}

/**
 * A block of columns indexed by a typed tuple over index sets, e.g. `SendCommit(t,i,v)` over T×R×V.
 * Columns are laid out row-major (last index fastest) from `base`, so a column is computed, never looked up.
 */
export class VariableFamily<K extends readonly number[] = readonly number[]> implements ColumnBlock {
  readonly size: number;
  private readonly strides: readonly number[];

  constructor(
    readonly name: string,
    readonly kind: VarKind,
    readonly sets: readonly IndexSet[],
    readonly base: number,
    readonly lower: number,
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

  nameOf(col: number): string {
    return formatName(this.name, this.keyOf(col));
  }
}

/** `name(k1,k2,...)`, or just `name` for a scalar: the form every LP/MPS reader we target accepts. */
export function formatName(name: string, key: readonly number[]): string {
  return key.length === 0 ? name : `${name}(${key.join(",")})`;
}
