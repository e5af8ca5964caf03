/**
 * rippled's consensus arithmetic, as pure functions (ConsensusParms.h, DisputedTx.h, Consensus.cpp), so that
 * each rule is tested on its own. All integer arithmetic as in C++ (⌊·⌋ where rippled divides integers).
 */

/** avalanche: the yes-percentage a disputed transaction needs at this share of the expected round time. */
export function avalancheThreshold(timePct: number): number {
  return timePct < 50 ? 50 : timePct < 85 ? 65 : timePct < 200 ? 70 : 95;
}

/** DisputedTx::updateVote's weight: our own vote counts as one more yes (or no) among the peers. */
export function voteWeight(yes: number, peers: number, ours: boolean): number {
  return Math.floor((yes * 100 + (ours ? 100 : 0)) / (peers + 1));
}

/**
 * checkConsensusReached: agreement among `total` peers, counting ourselves when `countSelf`. rippled compares
 * with `>=` (spec unl.md §2b step 3 writes "> 80": an erratum; with 20 proposers rippled needs 16 agreeing).
 */
export function consensusReached(agree: number, total: number, countSelf: boolean, minPct: number): boolean {
  const a = countSelf ? agree + 1 : agree;
  const t = countSelf ? total + 1 : total;
  return Math.floor((a * 100) / t) >= minPct;
}

/** The round time's share of the expected one: roundTime·100 / max(prevRoundTime, avMIN_CONSENSUS_TIME). */
export function convergePercent(roundTime: number, prevRoundTime: number, avMinConsensusTime: number): number {
  return Math.floor((roundTime * 100) / Math.max(prevRoundTime, avMinConsensusTime));
}

export interface CloseInputs {
  prevProposers: number;
  proposersClosed: number;
  proposersValidated: number;
  anyTransactions: boolean;
  openTime: number;
  sincePrevClose: number;
  prevRoundTime: number;
  ledgerMinClose: number;
  idleInterval: number;
}

/** shouldCloseLedger, without its guards against clocks gone wrong. */
export function shouldCloseLedger(x: CloseInputs): boolean {
  if (x.proposersClosed + x.proposersValidated > Math.floor(x.prevProposers / 2)) return true;
  if (!x.anyTransactions) return x.sincePrevClose >= x.idleInterval;
  if (x.openTime < x.ledgerMinClose) return false;
  if (x.openTime < x.prevRoundTime / 2) return false;
  return true;
}
