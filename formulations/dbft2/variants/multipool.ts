import { ACCEPTED, CHANGE_VIEW, COMMIT, COMMIT_SENT, INITIALIZED, PREPARE_SENT, PREQ, PRESP } from "./types.js";
import { type Rule, rule, types } from "./rule.js";
import type { Machine, VState } from "./machine.js";
import { badMaySend, beBad, die, faultyDoCV } from "./faults.js";
import { popcount } from "./universe.js";

/*
 * dBFT 2.0 with a pool per node (`dbftMultipool/dbftMultipool.tla`): pool n of a state is the model's
 * global `msgs` (everything sent), pools 0..n−1 the nodes' own. A node receives one message at a time,
 * of its current view; Commit and view change follow from counts in its own pool. Views start at 1.
 */

const all = (m: Machine) => m.n * m.words;

function inGlobal(m: Machine, s: VState, k: number): boolean {
  return k >= 0 && (s.pools[all(m) + (k >>> 5)]! & (1 << (k & 31))) !== 0;
}

function addGlobal(m: Machine, s: VState, k: number): void {
  if (m.u.view[k]! > m.maxView) m.beyond = true;
  s.pools[all(m) + (k >>> 5)]! |= 1 << (k & 31);
}

function msg(m: Machine, type: number, r: number, view: number): number {
  return m.u.id(type, r, view, 0, 0);
}

/** IsViewChanging: r's own ChangeView of a view ≥ its view is in its pool. */
function viewChanging(m: Machine, s: VState, r: number): boolean {
  for (let v = s.view[r]!; v <= m.maxView; v++) if (m.has(s, r, m.u.find(CHANGE_VIEW, r, v, 0, 0))) return true;
  return false;
}

/** MoreThanFNodesCommittedOrLost: Commit senders (any view) plus nodes with nothing of a view ≥ v in r's pool. */
function moreThanFCommittedOrLost(m: Machine, s: VState, r: number): boolean {
  const committed = m.senders(s, r, types(COMMIT), 0);
  const heard = m.senders(s, r, types(PREQ, PRESP, COMMIT, CHANGE_VIEW), s.view[r]!);
  return committed + (m.n - heard) > m.f;
}

function notAccepting(m: Machine, s: VState, r: number): boolean {
  return viewChanging(m, s, r) && !moreThanFCommittedOrLost(m, s, r);
}

function commitSent(m: Machine, s: VState, r: number): boolean {
  for (let v = 0; v <= m.maxView; v++) if (m.has(s, r, m.u.find(COMMIT, r, v, 0, 0))) return true;
  return false;
}

function prepareRequestKnown(m: Machine, s: VState, r: number): boolean {
  const v = s.view[r]!;
  return m.has(s, r, m.u.find(PREQ, m.primary(v), v, 0, 0));
}

/** r sends its Commit of view v (own pool and msgs) and becomes commitSent, or accepts at M−1 others' Commits. */
function commitOrAccept(m: Machine, s: VState, r: number): void {
  const v = s.view[r]!;
  const commits = m.count(s, r, types(COMMIT), v);
  const c = msg(m, COMMIT, r, v);
  addGlobal(m, s, c);
  m.deliver(s, r, c);
  s.type[r] = commits < m.m - 1 ? COMMIT_SENT : ACCEPTED;
}

/** OnTimeout's RMSendPrepareRequest: the primary proposes, committing (and accepting) at once if its pool already allows. */
export const sendPrepareRequestMp: Rule = rule(
  "RMSendPrepareRequest",
  "PReq",
  "honest",
  true,
  (m, s, r) => s.type[r] === INITIALIZED && m.isPrimary(s, r) && !inGlobal(m, s, m.u.find(PREQ, r, s.view[r]!, 0, 0)),
  (m, s, r) => {
    const v = s.view[r]!;
    const responses = m.count(s, r, types(PRESP), v);
    const p = msg(m, PREQ, r, v);
    addGlobal(m, s, p);
    m.deliver(s, r, p);
    if (responses < m.m - 1) s.type[r] = PREPARE_SENT;
    else commitOrAccept(m, s, r);
  },
);

/** OnTimeout's RMSendChangeView: moves to v+1 at once if the pool holds M−1 other ChangeViews of a view ≥ v. */
export const sendChangeViewMp: Rule = rule(
  "RMSendChangeView",
  "CV",
  "honest",
  true,
  (m, s, r) => {
    if (m.isFaulty(s, r) || s.type[r] === ACCEPTED) return false;
    const primary = m.isPrimary(s, r);
    if (!((primary && prepareRequestKnown(m, s, r)) || (!primary && !commitSent(m, s, r)))) return false;
    return !inGlobal(m, s, m.u.find(CHANGE_VIEW, r, s.view[r]!, 0, 0));
  },
  (m, s, r) => {
    const v = s.view[r]!;
    const others = countChangeViewsAtLeast(m, s, r, v);
    const c = msg(m, CHANGE_VIEW, r, v);
    addGlobal(m, s, c);
    m.deliver(s, r, c);
    if (others >= m.m - 1) {
      s.type[r] = INITIALIZED;
      s.view[r] = v + 1;
    }
  },
);

/** ChangeView messages (not senders) in r's pool of a view ≥ v. */
function countChangeViewsAtLeast(m: Machine, s: VState, r: number, v: number): number {
  let c = 0;
  for (let w = v; w <= m.maxView; w++) c += m.count(s, r, types(CHANGE_VIEW), w);
  return c;
}

/** A receive rule: one message of r's view, of the type, from another node, sent but not yet in r's pool. */
function receive(name: string, label: string, type: number, guard: (m: Machine, s: VState, r: number, k: number) => boolean, effect: (m: Machine, s: VState, r: number, k: number) => void): Rule {
  return {
    name,
    label,
    actor: "honest",
    timeout: false,
    instances(m, s, r) {
      const v = s.view[r]!;
      for (let from = 0; from < m.n; from++) {
        if (from === r) continue;
        const k = m.u.find(type, from, v, 0, 0);
        if (inGlobal(m, s, k) && !m.has(s, r, k) && guard(m, s, r, k)) m.add(k);
      }
    },
    apply: effect,
  };
}

export const onPrepareRequest = receive(
  "RMOnPrepareRequest",
  "receives",
  PREQ,
  (m, s, r) => s.type[r] === INITIALIZED && !m.isPrimary(s, r) && !notAccepting(m, s, r),
  (m, s, r, k) => {
    const v = s.view[r]!;
    const responses = m.count(s, r, types(PRESP), v);
    m.deliver(s, r, k);
    const p = msg(m, PRESP, r, v);
    addGlobal(m, s, p);
    m.deliver(s, r, p);
    if (responses < m.m - 2) s.type[r] = PREPARE_SENT;
    else commitOrAccept(m, s, r);
  },
);

export const onPrepareResponse = receive(
  "RMOnPrepareResponse",
  "receives",
  PRESP,
  (m, s, r) => !m.isFaulty(s, r) && s.type[r] !== ACCEPTED && !notAccepting(m, s, r),
  (m, s, r, k) => {
    const v = s.view[r]!;
    const preparations = m.count(s, r, types(PREQ, PRESP), v);
    const wait = preparations < m.m - 1 || commitSent(m, s, r) || !prepareRequestKnown(m, s, r);
    m.deliver(s, r, k);
    if (!wait) commitOrAccept(m, s, r);
  },
);

export const onCommit = receive(
  "RMOnCommit",
  "receives",
  COMMIT,
  (m, s, r) => !m.isFaulty(s, r) && s.type[r] !== ACCEPTED,
  (m, s, r, k) => {
    const commits = m.count(s, r, types(COMMIT), s.view[r]!);
    m.deliver(s, r, k);
    if (commits >= m.m - 1) s.type[r] = ACCEPTED;
  },
);

export const onChangeView = receive(
  "RMOnChangeView",
  "receives",
  CHANGE_VIEW,
  (m, s, r, k) => {
    if (m.isFaulty(s, r) || s.type[r] === ACCEPTED || commitSent(m, s, r)) return false;
    const from = m.u.sender[k]!;
    for (let w = m.u.view[k]! + 1; w <= m.maxView; w++) if (m.has(s, r, m.u.find(CHANGE_VIEW, from, w, 0, 0))) return false;
    return true;
  },
  (m, s, r, k) => {
    const v = s.view[r]!;
    const others = countChangeViewsAtLeast(m, s, r, v);
    m.deliver(s, r, k);
    if (others >= m.m - 1) {
      s.type[r] = INITIALIZED;
      s.view[r] = v + 1;
    }
  },
);

/** RMFaultySend<T>: a bad node's message goes to msgs only (not its own pool), once. */
function faultySendMp(type: number, label: string): Rule {
  return rule(
    `RMFaultySend${label}`,
    label,
    "fault",
    false,
    (m, s, r) => badMaySend(m, s, r, type) && !inGlobal(m, s, m.u.find(type, r, s.view[r]!, 0, 0)),
    (m, s, r) => addGlobal(m, s, msg(m, type, r, s.view[r]!)),
  );
}

/** MaxUndeliveredMessageConstraint: messages of msgs missing from some node's pool (dead and bad nodes included). */
export function undelivered(m: Machine, s: VState): number {
  let c = 0;
  for (let w = 0; w < m.words; w++) {
    let missing = 0;
    const sent = s.pools[all(m) + w]!;
    for (let r = 0; r < m.n; r++) missing |= sent & ~s.pools[r * m.words + w]!;
    c += popcount(missing);
  }
  return c;
}

export function multipoolRules(): Rule[] {
  return [sendPrepareRequestMp, sendChangeViewMp, onPrepareRequest, onPrepareResponse, onCommit, onChangeView, die, beBad, faultySendMp(CHANGE_VIEW, "CV"), faultyDoCV, faultySendMp(COMMIT, "Commit"), faultySendMp(PREQ, "PReq"), faultySendMp(PRESP, "PResp")];
}
