/**
 * Append-only typed arrays. Models with tens of millions of non-zeros cannot hold one JS object per
 * term, so every per-term and per-row datum lives in one of these.
 */

type TypedArray = Int32Array | Float64Array | Uint8Array | Uint16Array;
type TypedArrayCtor<A extends TypedArray> = { new (length: number): A };

// 1.5x growth keeps the transient copy (old + new buffer) well below 2x the final size.
const GROWTH = 1.5;

class Growable<A extends TypedArray> {
  private data: A;
  private size = 0;

  constructor(private readonly ctor: TypedArrayCtor<A>, initialCapacity = 1024) {
    this.data = new ctor(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) this.grow(this.size + 1);
    this.data[this.size++] = value;
  }

  /** Ensures room for `extra` more elements without further reallocation. */
  reserve(extra: number): void {
    if (this.size + extra > this.data.length) this.grow(this.size + extra);
  }

  get(index: number): number {
    return this.data[index]!;
  }

  set(index: number, value: number): void {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} out of range`);
    this.data[index] = value;
  }

  /** The filled part, without copying. Later pushes may reallocate, so use it after the last push. */
  view(): A {
    return this.data.subarray(0, this.size) as A;
  }

  private grow(minimum: number): void {
    const capacity = Math.max(minimum, Math.ceil(this.data.length * GROWTH));
    const next = new this.ctor(capacity);
    next.set(this.data.subarray(0, this.size));
    this.data = next;
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor(initialCapacity?: number) {
    super(Int32Array, initialCapacity);
  }
}

export class GrowableFloat64 extends Growable<Float64Array> {
  constructor(initialCapacity?: number) {
    super(Float64Array, initialCapacity);
  }
}

export class GrowableUint8 extends Growable<Uint8Array> {
  constructor(initialCapacity?: number) {
    super(Uint8Array, initialCapacity);
  }
}

export class GrowableUint16 extends Growable<Uint16Array> {
  constructor(initialCapacity?: number) {
    super(Uint16Array, initialCapacity);
  }
}
