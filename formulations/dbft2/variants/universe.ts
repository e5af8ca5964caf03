import { InputError } from "../../input-error.js";
import { type Protocol, VARIANT_MESSAGES } from "./types.js";

/**
 * The messages a scope can hold, each given a bit index on first sight, so a set of messages is a small
 * bitset. A message is (type, sender, view, target, source); target and source are 0 except in ccv.
 * Interning is deterministic: the same sequence of lookups gives the same indexes.
 */
export class MessageUniverse {
  /** Type code of each message. */
  readonly type: number[] = [];
  /** Sender of each message. */
  readonly sender: number[] = [];
  /** View of each message. */
  readonly view: number[] = [];
  /** ccv: target view of each message. */
  readonly target: number[] = [];
  /** ccv: source view of each message. */
  readonly source: number[] = [];
  /** Words per message set. */
  readonly words: number;
  private readonly slots: Int16Array;
  private readonly span: number;

  constructor(
    /** Nodes N. */
    readonly n: number,
    /** The variant. */
    readonly protocol: Protocol,
    maxView: number,
    /** Largest number of distinct messages; sets are sized for it. */
    readonly capacity: number,
  ) {
    this.words = Math.ceil(capacity / 32);
    // Views, targets and sources stay below maxView + 3 in every model (ccv: a target of MaxView + 2 is beyond the bound).
    this.span = maxView + 3;
    this.slots = new Int16Array(10 * n * this.span ** 3).fill(-1);
  }

  /** The universe of a fixed-message variant, every (type, sender, view ≤ maxView) interned in that order. */
  static fixed(n: number, protocol: Protocol, maxView: number): MessageUniverse {
    const types = VARIANT_MESSAGES[protocol];
    const u = new MessageUniverse(n, protocol, maxView, types.length * n * (maxView + 1));
    for (const t of types) for (let s = 0; s < n; s++) for (let v = 0; v <= maxView; v++) u.id(t, s, v, 0, 0);
    return u;
  }

  /** Messages interned so far. */
  get size(): number {
    return this.type.length;
  }

  /** The bit index of a message, interning it on first sight. */
  id(type: number, sender: number, view: number, target: number, source: number): number {
    const { span } = this;
    if (view >= span || target >= span || source >= span) throw new InputError(`message ${type}/${sender}/${view}/${target}/${source} is beyond the scope's views`);
    const key = (((type * this.n + sender) * span + view) * span + target) * span + source;
    const found = this.slots[key]!;
    if (found >= 0) return found;
    const k = this.type.length;
    if (k >= this.capacity) throw new InputError(`more than ${this.capacity} distinct messages: raise the universe capacity`);
    this.slots[key] = k;
    this.type.push(type);
    this.sender.push(sender);
    this.view.push(view);
    this.target.push(target);
    this.source.push(source);
    return k;
  }

  /** The bit index of a message if it was ever interned, else −1 (then no set holds it). */
  find(type: number, sender: number, view: number, target: number, source: number): number {
    const { span } = this;
    if (view >= span || target >= span || source >= span) return -1;
    return this.slots[(((type * this.n + sender) * span + view) * span + target) * span + source]!;
  }

  /** The same message with its sender renamed. */
  renamed(k: number, perm: ArrayLike<number>): number {
    return this.id(this.type[k]!, perm[this.sender[k]!]!, this.view[k]!, this.target[k]!, this.source[k]!);
  }
}

/** Number of set bits of a 32-bit word. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
