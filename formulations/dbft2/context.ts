import type { ModelBuilder, RowWriter } from "../model/index.js";
import type { DbftParams } from "./params.js";
import type { DbftSets, DbftVars, StepNodeView, StepPairView } from "./variables.js";

/** What every constraint-family function receives. */
export interface DbftContext {
  /** The builder that rows are added to. */
  readonly b: ModelBuilder;
  /** The model's parameters. */
  readonly p: DbftParams;
  /** The index sets. */
  readonly s: DbftSets;
  /** The declared columns. */
  readonly x: DbftVars;
}

/** Adds coef·Σ_{t=first..last} fam(t,i,v); an empty range adds nothing. */
export function addSteps(r: RowWriter, fam: StepNodeView, first: number, last: number, i: number, v: number, coef = 1): void {
  for (let t = first; t <= last; t++) r.add(fam.col(t, i, v), coef);
}

/** Adds coef·Σ_{t=first..last} Σ_{j∈R} fam(t,i,j,v): everything node i received of one kind in view v. */
export function addReceipts(r: RowWriter, s: DbftSets, fam: StepPairView, first: number, last: number, i: number, v: number, coef = 1): void {
  for (let t = first; t <= last; t++) for (let j = s.R.first; j <= s.R.last; j++) r.add(fam.col(t, i, j, v), coef);
}
