import { ACCEPTED, BAD, CHANGE_VIEW, COMMIT, COMMIT_ACK, COMMIT_ACK_SENT, COMMIT_SENT, CV, DEAD, INITIALIZED, PREPARE_SENT, PREQ, PRESP } from "./types.js";
import { type Rule, rule, types } from "./rule.js";
import type { Machine, VState } from "./machine.js";
import { beBad, deliver, die, faultyDoCV, faultySend } from "./faults.js";

const PREPARATIONS = types(PREQ, PRESP);

/** PrepareRequestSentOrReceived: the PrepareRequest of r's view's primary is in r's pool. */
export function prepareRequestKnown(m: Machine, s: VState, r: number): boolean {
  const v = s.view[r]!;
  return m.has(s, r, m.u.find(PREQ, m.primary(v), v, 0, 0));
}

/** MoreThanFNodesCommitted: more than F senders of Commit, of any view (`any`) or of r's view (`current`). */
export function moreThanFCommitted(m: Machine, s: VState, r: number): boolean {
  const n = m.config.commitCount === "any" ? m.senders(s, r, types(COMMIT), 0) : m.senders(s, r, types(COMMIT), 0, s.view[r]!);
  return n > m.f;
}

/** RMSendPrepareRequest: the primary of its view, initialized, proposes. */
export const sendPrepareRequest: Rule = rule("RMSendPrepareRequest", "PReq", "honest", true, (m, s, r) => s.type[r] === INITIALIZED && m.isPrimary(s, r), (m, s, r) => {
  s.type[r] = PREPARE_SENT;
  m.send(s, r, PREQ, s.view[r]!);
});

/** RMSendPrepareResponse: a backup that knows the proposal answers it (also from cv when more than F committed). */
export const sendPrepareResponse: Rule = rule(
  "RMSendPrepareResponse",
  "PResp",
  "honest",
  false,
  (m, s, r) => (s.type[r] === INITIALIZED || (s.type[r] === CV && moreThanFCommitted(m, s, r))) && !m.isPrimary(s, r) && prepareRequestKnown(m, s, r),
  (m, s, r) => {
    s.type[r] = PREPARE_SENT;
    m.send(s, r, PRESP, s.view[r]!);
  },
);

/** RMSendCommit: M preparations of its view and the proposal known (also from cv when more than F committed). */
export const sendCommit: Rule = rule(
  "RMSendCommit",
  "Commit",
  "honest",
  false,
  (m, s, r) => (s.type[r] === PREPARE_SENT || (s.type[r] === CV && moreThanFCommitted(m, s, r))) && m.count(s, r, PREPARATIONS, s.view[r]!) >= m.m && prepareRequestKnown(m, s, r),
  (m, s, r) => {
    s.type[r] = COMMIT_SENT;
    m.send(s, r, COMMIT, s.view[r]!);
  },
);

/** RMAcceptBlock: M Commits of its view and the proposal known (a node already accepted would stutter). */
export const acceptBlock: Rule = rule(
  "RMAcceptBlock",
  "accepts",
  "honest",
  false,
  (m, s, r) => !m.isFaulty(s, r) && s.type[r] !== ACCEPTED && prepareRequestKnown(m, s, r) && m.count(s, r, types(COMMIT), s.view[r]!) >= m.m,
  (_m, s, r) => {
    s.type[r] = ACCEPTED;
  },
);

/** RMSendChangeView (timeout): an initialized backup or a node that prepared asks for view v+1, once per view. */
export const sendChangeView: Rule = rule(
  "RMSendChangeView",
  "CV",
  "honest",
  true,
  (m, s, r) => ((s.type[r] === INITIALIZED && !m.isPrimary(s, r)) || s.type[r] === PREPARE_SENT) && !m.has(s, r, m.u.find(CHANGE_VIEW, r, s.view[r]!, 0, 0)),
  (m, s, r) => {
    s.type[r] = CV;
    m.send(s, r, CHANGE_VIEW, s.view[r]!);
  },
);

/** RMReceiveChangeView: M senders of ChangeView at a view ≥ v move a node not committed to v+1. */
export function receiveChangeView(excluded: readonly number[]): Rule {
  return rule(
    "RMReceiveChangeView",
    "changes view",
    "honest",
    false,
    (m, s, r) => !excluded.includes(s.type[r]!) && m.senders(s, r, types(CHANGE_VIEW), s.view[r]!) >= m.m,
    (_m, s, r) => {
      s.type[r] = INITIALIZED;
      s.view[r]! += 1;
    },
  );
}

/** The fault rules of 2.0 and antimev: die, turn bad, raise the view, send any of the variant's messages. */
export function faultRules(messages: readonly number[]): Rule[] {
  return [die, beBad, faultyDoCV, ...messages.map(faultySend), deliver];
}

/** dBFT 2.0 (`dbft/dbft.tla`). */
export function dbft20Rules(): Rule[] {
  return [sendPrepareRequest, sendPrepareResponse, sendCommit, acceptBlock, sendChangeView, receiveChangeView([BAD, DEAD, ACCEPTED, COMMIT_SENT]), ...faultRules([CHANGE_VIEW, COMMIT, PREQ, PRESP])];
}

/** RMSendCommitAck (antimev): M Commits of its view and the proposal known. */
export const sendCommitAck: Rule = rule(
  "RMSendCommitAck",
  "CommitAck",
  "honest",
  false,
  (m, s, r) => !m.isFaulty(s, r) && s.type[r] !== COMMIT_ACK_SENT && s.type[r] !== ACCEPTED && prepareRequestKnown(m, s, r) && m.count(s, r, types(COMMIT), s.view[r]!) >= m.m,
  (m, s, r) => {
    s.type[r] = COMMIT_ACK_SENT;
    m.send(s, r, COMMIT_ACK, s.view[r]!);
  },
);

/** RMAcceptBlock (antimev): after its CommitAck, M CommitAcks of its view. */
export const acceptBlockAfterAcks: Rule = rule("RMAcceptBlock", "accepts", "honest", false, (m, s, r) => s.type[r] === COMMIT_ACK_SENT && m.count(s, r, types(COMMIT_ACK), s.view[r]!) >= m.m, (_m, s, r) => {
  s.type[r] = ACCEPTED;
});

/** dBFT 2.0 with the anti-MEV CommitAck round (`dbft_antiMEV/dbft.tla`). */
export function antimevRules(): Rule[] {
  return [sendPrepareRequest, sendPrepareResponse, sendCommit, sendCommitAck, acceptBlockAfterAcks, sendChangeView, receiveChangeView([BAD, DEAD, ACCEPTED, COMMIT_SENT, COMMIT_ACK_SENT]), ...faultRules([CHANGE_VIEW, COMMIT, COMMIT_ACK, PREQ, PRESP])];
}
