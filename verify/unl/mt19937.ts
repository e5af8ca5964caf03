/**
 * A 32-bit Mersenne Twister equal to C++ `std::mt19937` (default seed 5489) and the integer mappings of
 * libstdc++'s `std::uniform_int_distribution<int>` on top of it (spec unl.md §2a).
 *
 * - "lemire" (libstdc++ ≥ 11, the default): the engine's range is exactly 2³² − 1, so libstdc++ takes its
 *   `_S_nd` path: product = draw · range in 64 bits; if its low word is below `range`, compute
 *   threshold = (2³² − range) mod range and redraw while the low word < threshold; the result is the high word.
 *   A full 32-bit interval (range 2³²) is the raw draw.
 * - "legacy" (libstdc++ < 11): scaling = ⌊(2³² − 1)/range⌋, redraw while draw ≥ range·scaling, result
 *   ⌊draw/scaling⌋. Note the engine range 2³² − 1 (not 2³²) in the division.
 *
 * Both return lo + offset; intervals must lie in the C++ `int` range.
 */

export type RngMap = "lemire" | "legacy";

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const TWO32 = 4294967296;

/** std::mt19937: 32-bit outputs as non-negative numbers in [0, 2³²). */
export class MT19937 {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed = 5489) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1];
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
  }

  private twist(): void {
    const mt = this.mt;
    let i = 0;
    for (; i < N - M; i++) {
      const y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
      mt[i] = mt[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      const y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
      mt[i] = mt[i + M - N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (mt[N - 1] & UPPER) | (mt[0] & LOWER);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.index = 0;
  }

  /** The next raw output, like `gen()` in C++. */
  next(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Advance by `count` outputs (like C++ `discard`). */
  discard(count: number): void {
    for (let i = 0; i < count; i++) this.next();
  }
}

/** Low and high 32-bit words of draw · range (both < 2³²), exact, without BigInt. */
function mul64(draw: number, range: number, out: Float64Array): void {
  if (range <= 0x200000) {
    // draw · range < 2⁵³: exact in a double.
    const p = draw * range;
    const high = Math.floor(p / TWO32);
    out[0] = p - high * TWO32;
    out[1] = high;
    return;
  }
  const dh = Math.floor(draw / 65536), dl = draw % 65536;
  const rh = Math.floor(range / 65536), rl = range % 65536;
  const mid = dh * rl + dl * rh; // < 2³³
  const midLow = mid % 65536;
  const lowSum = dl * rl + midLow * 65536; // < 2³³
  const carry = Math.floor(lowSum / TWO32);
  out[0] = lowSum - carry * TWO32;
  out[1] = dh * rh + (mid - midLow) / 65536 + carry;
}

const scratch = new Float64Array(2);

/** libstdc++ `_S_nd<uint64_t>(g, range)` for 1 ≤ range < 2³². */
function lemireOffset(rng: MT19937, range: number): number {
  mul64(rng.next(), range, scratch);
  if (scratch[0] < range) {
    const threshold = (TWO32 - range) % range;
    while (scratch[0] < threshold) mul64(rng.next(), range, scratch);
  }
  return scratch[1];
}

/** The pre-GCC-11 downscaling loop (two divisions) for 1 ≤ range < 2³². */
function legacyOffset(rng: MT19937, range: number): number {
  const scaling = Math.floor((TWO32 - 1) / range);
  const past = range * scaling;
  let r: number;
  do r = rng.next();
  while (r >= past);
  return Math.floor(r / scaling);
}

/**
 * `std::uniform_int_distribution<int>(lo, hi)(rng)` as libstdc++ computes it: uniform on [lo, hi] inclusive.
 * `map` selects the libstdc++ ≥ 11 ("lemire", default) or older ("legacy") downscaling.
 */
export function uniformInt(rng: MT19937, lo: number, hi: number, map: RngMap = "lemire"): number {
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < -2147483648 || hi > 2147483647 || lo > hi) {
    throw new RangeError(`uniformInt: need integers -2^31 <= lo <= hi < 2^31, got [${lo}, ${hi}]`);
  }
  const range = hi - lo + 1;
  if (range === TWO32) return lo + rng.next();
  return lo + (map === "legacy" ? legacyOffset(rng, range) : lemireOffset(rng, range));
}
