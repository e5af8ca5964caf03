/**
 * Ledgers and transaction sets of the `rpca` mode, interned: the same content always gets the same id, so
 * "ledger id = hash(parent, sorted txs, seq)" holds without hashing, and ids are deterministic (creation order).
 * Id 0 is genesis (seq 0, no transactions).
 */
export interface Ledger {
  readonly id: number;
  readonly parent: number;
  readonly seq: number;
  readonly txSet: number;
  /** Simulated time at which it was first built (ms). */
  readonly created: number;
}

export class TxSets {
  private readonly byKey = new Map<string, number>();
  readonly sets: (readonly number[])[] = [];

  /** Id of a set (the array need not be sorted; it is copied sorted). */
  intern(txs: readonly number[]): number {
    const sorted = [...txs].sort((a, b) => a - b);
    const key = sorted.join(",");
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(sorted);
      this.byKey.set(key, id);
    }
    return id;
  }

  get(id: number): readonly number[] {
    return this.sets[id];
  }
}

export class Ledgers {
  private readonly byKey = new Map<string, number>();
  readonly all: Ledger[] = [{ id: 0, parent: -1, seq: 0, txSet: -1, created: 0 }];
  /** Per ledger: the transactions of its chain still inside the window (lazily built, pruned by age). */
  private readonly chainTxs = new Map<number, Set<number>>();

  constructor(private readonly txSets: TxSets) {}

  intern(parent: number, txSet: number, now: number): number {
    const seq = this.all[parent].seq + 1;
    const key = `${parent}/${txSet}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.all.length;
      this.all.push({ id, parent, seq, txSet, created: now });
      this.byKey.set(key, id);
    }
    return id;
  }

  get(id: number): Ledger {
    return this.all[id];
  }

  txCount(txSet: number): number {
    return this.txSets.get(txSet).length;
  }

  /** The ancestor of `id` at `seq` (itself if equal), or −1 if `seq` is beyond it. */
  ancestorAt(id: number, seq: number): number {
    let l = this.all[id];
    if (seq > l.seq || seq < 0) return -1;
    while (l.seq > seq) l = this.all[l.parent];
    return l.id;
  }

  /** `a` is `b` or one of its ancestors. */
  isAncestorOrSelf(a: number, b: number): boolean {
    return this.ancestorAt(b, this.all[a].seq) === a;
  }

  /**
   * Transactions in the chain ending at `id`, keeping those submitted at or after `since` (the caller's
   * window; older transactions are never proposed again).
   */
  txsInChain(id: number, submitTime: (tx: number) => number, since: number): Set<number> {
    const cached = this.chainTxs.get(id);
    if (cached) return cached;
    const l = this.all[id];
    const out = new Set<number>();
    if (l.parent >= 0) {
      for (const tx of this.txsInChain(l.parent, submitTime, since)) if (submitTime(tx) >= since) out.add(tx);
      for (const tx of this.txSets.get(l.txSet)) out.add(tx);
    }
    this.chainTxs.set(id, out);
    return out;
  }
}
