/**
 * A linear expression Σ coef·x[col] + constant, with like terms merged in first-appearance order.
 * Used for objectives and small ad-hoc expressions; constraint rows are streamed through
 * `RowWriter` instead, which merges the same way without allocating per row.
 */
export class LinearExpr {
  private readonly position = new Map<number, number>();
  private readonly cols: number[] = [];
  private readonly coefs: number[] = [];
  /** Constant term of the expression. */
  constant = 0;

  /** Adds `coef·x[col]`, merged into an existing term on `col`; a zero `coef` is ignored. Chainable. */
  add(col: number, coef = 1): this {
    if (coef === 0) return this;
    const at = this.position.get(col);
    if (at === undefined) {
      this.position.set(col, this.cols.length);
      this.cols.push(col);
      this.coefs.push(coef);
    } else {
      this.coefs[at]! += coef;
    }
    return this;
  }

  /** Adds `value` to the constant term. Chainable. */
  addConstant(value: number): this {
    this.constant += value;
    return this;
  }

  /** Terms with a non-zero coefficient after merging. */
  terms(): {
    /** Column of each term. */
    cols: Int32Array;
    /** Coefficient of each term, in the same order. */
    coefs: Float64Array;
  } {
    const keep: number[] = [];
    for (let k = 0; k < this.cols.length; k++) if (this.coefs[k] !== 0) keep.push(k);
    return {
      cols: Int32Array.from(keep, (k) => this.cols[k]!),
      coefs: Float64Array.from(keep, (k) => this.coefs[k]!),
    };
  }

  /** Value at a point given by column values. */
  evaluate(values: ArrayLike<number>): number {
    let sum = this.constant;
    for (let k = 0; k < this.cols.length; k++) sum += this.coefs[k]! * values[this.cols[k]!]!;
    return sum;
  }
}
