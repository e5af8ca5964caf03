/** What an `rpca` run records while it runs, and the metrics of spec §3 computed from it at the end. */
import type { Ledgers } from "./rpca-ledgers.js";
import type { RpcaConfig, RpcaFork, RpcaResult } from "./rpca-types.js";

export interface RunRecord {
  /** First time an honest validator accepted each ledger. */
  acceptedAt: Map<number, number>;
  acceptedBy: Map<number, number>;
  validatedBy: Map<number, number>;
  /** The first honest validator to fully validate a ledger at each seq (and whether a fork was logged there). */
  firstFvAt: Map<number, { validator: number; ledger: number; forked: boolean }>;
  forks: RpcaFork[];
  /** seq → ledger → honest validators that fully validated it. */
  fvHolders: Map<number, Map<number, number[]>>;
  closeToAccept: number[];
  jumps: number;
  equivocationsSeen: number;
  messages: number;
  rounds: number;
  maxFvSeq: number;
}

export interface ValidatorView {
  readonly fv: number;
  readonly fvTimes: readonly number[];
  readonly valAt: ReadonlyMap<number, ReadonlyMap<number, number>>;
}

/** The validators whose validation of `ledger` this validator counted. */
export function countedFor(v: ValidatorView, ledgers: Ledgers, ledger: number): number[] {
  const at = v.valAt.get(ledgers.get(ledger).seq);
  if (!at) return [];
  return [...at].filter(([, l]) => l === ledger).map(([w]) => w).sort((a, b) => a - b);
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function collectResult(c: RpcaConfig, L: Ledgers, honest: readonly boolean[], v: readonly ValidatorView[], r: RunRecord, end: number): RpcaResult {
  const honestIds = honest.flatMap((h, i) => (h ? [i] : []));
  // NHI over ledgers accepted early enough to have been validated.
  let accepted = 0;
  let validated = 0;
  for (const [id, t] of r.acceptedAt) {
    if (t > end - c.nhiMarginMs) continue;
    accepted++;
    if ((r.validatedBy.get(id) ?? 0) > 0) validated++;
  }
  // Branches among the honest validators' fully-validated ledgers (csf Sim::branches).
  const finals = [...new Set(honestIds.map((i) => v[i].fv))].sort((a, b) => a - b);
  const tips = finals.filter((a) => !finals.some((b) => b !== a && L.isAncestorOrSelf(a, b)));
  const forks = [...r.forks];
  if (tips.length > 1) {
    const holder = (l: number) => honestIds.find((i) => v[i].fv === l)!;
    const [a, b] = [tips[0], tips[1]];
    forks.push({
      kind: "branch",
      seq: Math.min(L.get(a).seq, L.get(b).seq),
      a: { validator: holder(a), ledger: a, seq: L.get(a).seq, counted: countedFor(v[holder(a)], L, a) },
      b: { validator: holder(b), ledger: b, seq: L.get(b).seq, counted: countedFor(v[holder(b)], L, b) },
      timeMs: end,
    });
  }
  // Stalls: the longest gap between a validator's fully-validated ledgers (the run's end closes the last one).
  const stalled: number[] = [];
  let longest = 0;
  const intervals: number[] = [];
  let minSeq = Infinity;
  for (const i of honestIds) {
    const times = v[i].fvTimes;
    let gap = 0;
    for (let k = 1; k < times.length; k++) {
      gap = Math.max(gap, times[k] - times[k - 1]);
      if (k > 1) intervals.push(times[k] - times[k - 1]);
    }
    gap = Math.max(gap, end - times[times.length - 1]);
    if (gap >= c.stallMs) stalled.push(i);
    longest = Math.max(longest, gap);
    minSeq = Math.min(minSeq, L.get(v[i].fv).seq);
  }
  // The tree of fully-validated ledgers with their ancestors (for the fork picture).
  const inTree = new Set<number>();
  for (const id of r.validatedBy.keys()) for (let l = id; l >= 0 && !inTree.has(l); l = L.get(l).parent) inTree.add(l);
  for (const f of forks) for (const side of [f.a, f.b]) for (let l = side.ledger; l >= 0 && !inTree.has(l); l = L.get(l).parent) inTree.add(l);
  const ledgers = [...inTree].sort((a, b) => a - b).map((id) => {
    const l = L.get(id);
    return { id, parent: l.parent, seq: l.seq, txs: l.txSet < 0 ? 0 : L.txCount(l.txSet), acceptedBy: r.acceptedBy.get(id) ?? 0, validatedBy: r.validatedBy.get(id) ?? 0 };
  });
  const forkHolders = [...r.fvHolders]
    .filter(([, m]) => m.size > 1)
    .sort((a, b) => a[0] - b[0])
    .map(([seq, m]) => ({ seq, ledgers: [...m].sort((a, b) => a[0] - b[0]).map(([ledger, validators]) => ({ ledger, validators: [...validators].sort((x, y) => x - y) })) }));
  return {
    timeMs: end,
    maxValidatedSeq: r.maxFvSeq,
    minValidatedSeq: honestIds.length ? minSeq : 0,
    accepted,
    validated,
    nhi: accepted === 0 ? null : (accepted - validated) / accepted,
    medianCloseToAcceptMs: median(r.closeToAccept),
    medianFvIntervalMs: median(intervals),
    branches: Math.max(tips.length, honestIds.length ? 1 : 0),
    forks,
    forkHolders,
    jumps: r.jumps,
    stalledFraction: honestIds.length ? stalled.length / honestIds.length : 0,
    stalledValidators: stalled,
    finalValidatedSeq: v.map((x, i) => (honest[i] ? L.get(x.fv).seq : -1)),
    longestGapMs: longest,
    equivocationsSeen: r.equivocationsSeen,
    messages: r.messages,
    rounds: r.rounds,
    ledgers,
  };
}
