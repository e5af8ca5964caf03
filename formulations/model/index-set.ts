/** A contiguous range of integer indices, e.g. the time steps T = {1..tmax} or the nodes R = {1..N}. */
export interface IndexSet {
  readonly name: string;
  readonly first: number;
  /** Inclusive. `last = first - 1` is the empty set. */
  readonly last: number;
}

export function indexSet(name: string, first: number, last: number): IndexSet {
  if (!Number.isInteger(first) || !Number.isInteger(last) || last < first - 1) {
    throw new RangeError(`index set ${name}: bad range ${first}..${last}`);
  }
  return { name, first, last };
}

export function setSize(set: IndexSet): number {
  return set.last - set.first + 1;
}

export function inSet(set: IndexSet, k: number): boolean {
  return k >= set.first && k <= set.last;
}
