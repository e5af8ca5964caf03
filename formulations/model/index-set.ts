/** A contiguous range of integer indices, e.g. the time steps T = {1..tmax} or the nodes R = {1..N}. */
export interface IndexSet {
  /** The set's name, e.g. `T` or `R`, shown in error messages. */
  readonly name: string;
  /** Smallest index in the set. */
  readonly first: number;
  /** Inclusive. `last = first - 1` is the empty set. */
  readonly last: number;
}

/** The set `first..last` (inclusive); throws RangeError unless both are integers and `last >= first - 1`. */
export function indexSet(name: string, first: number, last: number): IndexSet {
  if (!Number.isInteger(first) || !Number.isInteger(last) || last < first - 1) {
    throw new RangeError(`index set ${name}: bad range ${first}..${last}`);
  }
  return { name, first, last };
}

/** Number of indices in the set (0 when empty). */
export function setSize(set: IndexSet): number {
  return set.last - set.first + 1;
}

/** Whether `k` lies in `first..last`. */
export function inSet(set: IndexSet, k: number): boolean {
  return k >= set.first && k <= set.last;
}
