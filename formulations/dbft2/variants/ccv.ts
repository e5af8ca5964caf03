import { ACCEPTED, CHANGE_VIEW1, CHANGE_VIEW2, COMMIT, COMMIT_SENT, CV1, CV2, DO_CV1, DO_CV2, INITIALIZED, PREPARE_SENT, PREQ, PRESP } from "./types.js";
import { type Rule, rule } from "./rule.js";
import type { Machine, VState } from "./machine.js";
import { beBad, deliver, die, faultyDoCV, faultySend, fetchBlock } from "./faults.js";

/*
 * dBFT 2.1 with the centralized view change (`dbft2.1_centralizedCV/dbftCentralizedCV.tla`). Messages
 * carry a target view t and the proposal's source view s; the leader of the target view moves everyone.
 * Counts are of messages, as in the model (a node may send several ChangeViews with different targets).
 */

/** Calls f(k) for each message k in r's pool. */
function each(m: Machine, s: VState, r: number, f: (k: number) => void): void {
  const base = m.poolOf(r);
  for (let w = 0; w < m.words; w++) {
    let x = s.pools[base + w]!;
    while (x !== 0) {
      f((w << 5) | (31 - Math.clz32(x & -x)));
      x &= x - 1;
    }
  }
}

/** Messages in r's pool of view `view` with a type among `typeCodes` and a target accepted by `targetOk`. */
function countWhere(m: Machine, s: VState, r: number, view: number, typeCodes: readonly number[], targetOk: (t: number) => boolean = () => true): number {
  let c = 0;
  each(m, s, r, (k) => {
    if (m.u.view[k] === view && typeCodes.includes(m.u.type[k]!) && targetOk(m.u.target[k]!)) c++;
  });
  return c;
}

/**
 * The PrepareRequest of r's view's primary, or −1. When a bad primary has sent a second one, the model's
 * CHOOSE takes one by TLC's order of records (fields by name: source view, then target view), so the one
 * with the smallest source view: a choice by content, never by the order messages were first seen.
 */
export function prepareRequest(m: Machine, s: VState, r: number): number {
  const v = s.view[r]!;
  const p = m.primary(v);
  let found = -1;
  each(m, s, r, (k) => {
    if (m.u.type[k] !== PREQ || m.u.sender[k] !== p || m.u.view[k] !== v) return;
    if (found < 0 || m.u.source[k]! < m.u.source[found]! || (m.u.source[k] === m.u.source[found] && m.u.target[k]! < m.u.target[found]!)) found = k;
  });
  return found;
}

/** The highest target among r's own ChangeViews of a type at its view, or −1. */
function ownBestTarget(m: Machine, s: VState, r: number, type: number): number {
  const v = s.view[r]!;
  let best = -1;
  each(m, s, r, (k) => {
    if (m.u.type[k] === type && m.u.sender[k] === r && m.u.view[k] === v) best = Math.max(best, m.u.target[k]!);
  });
  return best;
}

/** T(r): the least view in 1..MaxView+1 that r leads, or −1 (the model's CHOOSE would fail; the source notes it breaks beyond view N). */
export function leaderTarget(m: Machine, r: number): number {
  for (let x = 1; x <= m.maxView + 1; x++) if (x % m.n === r) return x;
  return -1;
}

export const sendPrepareRequestCcv: Rule = rule("RMSendPrepareRequest", "PReq", "honest", true, (m, s, r) => s.type[r] === INITIALIZED && m.isPrimary(s, r), (m, s, r) => {
  s.type[r] = PREPARE_SENT;
  m.send(s, r, PREQ, s.view[r]!, 0, s.view[r]!);
});

export const sendPrepareResponseCcv: Rule = rule("RMSendPrepareResponse", "PResp", "honest", false, (m, s, r) => s.type[r] === INITIALIZED && !m.isPrimary(s, r) && prepareRequest(m, s, r) >= 0, (m, s, r) => {
  const p = prepareRequest(m, s, r);
  s.type[r] = PREPARE_SENT;
  m.send(s, r, PRESP, s.view[r]!, 0, m.u.source[p]!);
});

export const sendCommitCcv: Rule = rule(
  "RMSendCommit",
  "Commit",
  "honest",
  false,
  (m, s, r) => s.type[r] === PREPARE_SENT && countWhere(m, s, r, s.view[r]!, [PREQ, PRESP]) >= m.m && prepareRequest(m, s, r) >= 0,
  (m, s, r) => {
    const p = prepareRequest(m, s, r);
    s.type[r] = COMMIT_SENT;
    m.send(s, r, COMMIT, s.view[r]!, 0, m.u.source[p]!);
  },
);

/** RMAcceptBlock: records the proposal's source view. */
export const acceptBlockCcv: Rule = rule(
  "RMAcceptBlock",
  "accepts",
  "honest",
  false,
  (m, s, r) => !m.isFaulty(s, r) && s.type[r] !== ACCEPTED && prepareRequest(m, s, r) >= 0 && countWhere(m, s, r, s.view[r]!, [COMMIT]) >= m.m,
  (m, s, r) => {
    const p = prepareRequest(m, s, r);
    s.type[r] = ACCEPTED;
    s.acc[r] = m.u.source[p]!;
  },
);

/** RMSendChangeView1 (timeout): an initialized backup, or cv2 with M stage-I messages of which at most F preparations. */
export const sendChangeView1Ccv: Rule = rule(
  "RMSendChangeView1",
  "CV1",
  "honest",
  true,
  (m, s, r) => {
    const t = s.type[r]!;
    const v = s.view[r]!;
    if (t === INITIALIZED && !m.isPrimary(s, r)) return true;
    return t === CV2 && countWhere(m, s, r, v, [CHANGE_VIEW1, PREQ, PRESP]) >= m.m && countWhere(m, s, r, v, [PREQ, PRESP]) <= m.f;
  },
  (m, s, r) => {
    const v = s.view[r]!;
    s.type[r] = CV1;
    m.send(s, r, CHANGE_VIEW1, v, v + 1, v);
  },
);

/** RMSendChangeView<k>FromCV<k> (timeout): M ChangeViews aim at r's best target, which r does not lead: aim one view further. */
function resend(type: number, state: number, name: string, label: string): Rule {
  return rule(
    name,
    label,
    "honest",
    true,
    (m, s, r) => {
      if (s.type[r] !== state) return false;
      if (type === CHANGE_VIEW2 && prepareRequest(m, s, r) < 0) return false;
      const b = ownBestTarget(m, s, r, type);
      if (b < 0 || b % m.n === r) return false;
      if (countWhere(m, s, r, s.view[r]!, [type], (t) => t === b) < m.m) return false;
      const source = type === CHANGE_VIEW2 ? m.u.source[prepareRequest(m, s, r)]! : s.view[r]!;
      return !m.has(s, r, m.u.find(type, r, s.view[r]!, b + 1, source));
    },
    (m, s, r) => {
      const b = ownBestTarget(m, s, r, type);
      const source = type === CHANGE_VIEW2 ? m.u.source[prepareRequest(m, s, r)]! : s.view[r]!;
      m.send(s, r, type, s.view[r]!, b + 1, source);
    },
  );
}

export const resendChangeView1 = resend(CHANGE_VIEW1, CV1, "RMSendChangeView1FromCV1", "CV1 again");
export const resendChangeView2 = resend(CHANGE_VIEW2, CV2, "RMSendChangeView2FromCV2", "CV2 again");

/** RMSendChangeView2 (timeout): prepareSent, commitSent, or cv1 with enough stage-I messages of which more than F preparations. */
export const sendChangeView2Ccv: Rule = rule(
  "RMSendChangeView2",
  "CV2",
  "honest",
  true,
  (m, s, r) => {
    const t = s.type[r]!;
    const v = s.view[r]!;
    if (prepareRequest(m, s, r) < 0) return false;
    if (t === PREPARE_SENT || t === COMMIT_SENT) return true;
    const stageOne = (x: number) => x === 0 || x === v + 1;
    return t === CV1 && countWhere(m, s, r, v, [PREQ, PRESP, CHANGE_VIEW1], stageOne) >= m.m && countWhere(m, s, r, v, [PREQ, PRESP], stageOne) > m.f;
  },
  (m, s, r) => {
    const v = s.view[r]!;
    const p = prepareRequest(m, s, r);
    s.type[r] = CV2;
    m.send(s, r, CHANGE_VIEW2, v, v + 1, m.u.source[p]!);
  },
);

/** RMSendDoCV<k>ByLeader: M ChangeViews of r's view aim at a view r leads; r moves there and proposes. */
function doChangeView(type: number, doType: number, name: string, label: string): Rule {
  return rule(
    name,
    label,
    "honest",
    false,
    (m, s, r) => {
      if (m.isFaulty(s, r) || s.type[r] === ACCEPTED) return false;
      if (leaderTarget(m, r) < 0) return false;
      if (type === CHANGE_VIEW2 && prepareRequest(m, s, r) < 0) return false;
      return countWhere(m, s, r, s.view[r]!, [type], (t) => t % m.n === r) >= m.m;
    },
    (m, s, r) => {
      const v = s.view[r]!;
      const target = leaderTarget(m, r);
      const source = type === CHANGE_VIEW2 ? m.u.source[prepareRequest(m, s, r)]! : target;
      s.type[r] = PREPARE_SENT;
      s.view[r] = target;
      m.send(s, r, doType, v, target, source);
      m.send(s, r, PREQ, target, 0, source);
    },
  );
}

export const doChangeView1 = doChangeView(CHANGE_VIEW1, DO_CV1, "RMSendDoCV1ByLeader", "DoCV1");
export const doChangeView2 = doChangeView(CHANGE_VIEW2, DO_CV2, "RMSendDoCV2ByLeader", "DoCV2");

/** RMReceiveDoCV<k>FromLeader: a DoChangeView aiming beyond r's view moves r to the highest such target. */
function receiveDoChangeView(doType: number, name: string, label: string): Rule {
  const best = (m: Machine, s: VState, r: number) => {
    let t = -1;
    each(m, s, r, (k) => {
      if (m.u.type[k] === doType && m.u.target[k]! > s.view[r]!) t = Math.max(t, m.u.target[k]!);
    });
    return t;
  };
  return rule(
    name,
    label,
    "honest",
    false,
    (m, s, r) => !m.isFaulty(s, r) && s.type[r] !== ACCEPTED && best(m, s, r) >= 0,
    (m, s, r) => {
      const t = best(m, s, r);
      s.type[r] = INITIALIZED;
      s.view[r] = t;
    },
  );
}

export const receiveDoChangeView1 = receiveDoChangeView(DO_CV1, "RMReceiveDoCV1FromLeader", "follows DoCV1");
export const receiveDoChangeView2 = receiveDoChangeView(DO_CV2, "RMReceiveDoCV2FromLeader", "follows DoCV2");

export function ccvRules(): Rule[] {
  return [
    sendPrepareRequestCcv,
    sendPrepareResponseCcv,
    sendCommitCcv,
    acceptBlockCcv,
    sendChangeView1Ccv,
    resendChangeView1,
    sendChangeView2Ccv,
    resendChangeView2,
    doChangeView1,
    receiveDoChangeView1,
    doChangeView2,
    receiveDoChangeView2,
    beBad,
    faultySend(CHANGE_VIEW1),
    faultySend(CHANGE_VIEW2),
    faultyDoCV,
    faultySend(COMMIT),
    faultySend(PREQ),
    faultySend(PRESP),
    die,
    fetchBlock,
    deliver,
  ];
}
