import { ACCEPTED, CHANGE_VIEW1, CHANGE_VIEW2, CHANGE_VIEW3, COMMIT, COMMIT_SENT, CV1, CV2, CV3, INITIALIZED, PREPARE_SENT, PREQ, PRESP } from "./types.js";
import { type Rule, rule, types } from "./rule.js";
import { acceptBlock, faultRules, prepareRequestKnown, sendPrepareRequest } from "./dbft20.js";
import { fetchBlock } from "./faults.js";

/*
 * dBFT 2.1 with the three-staged view change (`dbft2.1_threeStagedCV/dbftCV3.tla`). Stage I: PrepareRequest,
 * PrepareResponse, ChangeView1; stage II: Commit, ChangeView2; stage III: ChangeView3.
 */

const PREPARATIONS = types(PREQ, PRESP);

/** RMSendPrepareResponse: only from initialized (no way back from a view change). */
export const sendPrepareResponseCv3: Rule = rule(
  "RMSendPrepareResponse",
  "PResp",
  "honest",
  false,
  (m, s, r) => s.type[r] === INITIALIZED && !m.isPrimary(s, r) && prepareRequestKnown(m, s, r),
  (m, s, r) => {
    s.type[r] = PREPARE_SENT;
    m.send(s, r, PRESP, s.view[r]!);
  },
);

/** RMSendCommit: from prepareSent or cv1, or cv2 once more than F Commits; M preparations; no ChangeView3 of the view. */
export const sendCommitCv3: Rule = rule(
  "RMSendCommit",
  "Commit",
  "honest",
  false,
  (m, s, r) => {
    const t = s.type[r]!;
    const v = s.view[r]!;
    if (!(t === PREPARE_SENT || t === CV1 || (t === CV2 && m.count(s, r, types(COMMIT), v) > m.f))) return false;
    return m.count(s, r, PREPARATIONS, v) >= m.m && m.count(s, r, types(CHANGE_VIEW3), v) === 0 && prepareRequestKnown(m, s, r);
  },
  (m, s, r) => {
    s.type[r] = COMMIT_SENT;
    m.send(s, r, COMMIT, s.view[r]!);
  },
);

/** RMSendChangeView1 (timeout): an initialized backup. */
export const sendChangeView1: Rule = rule("RMSendChangeView1", "CV1", "honest", true, (m, s, r) => s.type[r] === INITIALIZED && !m.isPrimary(s, r), (m, s, r) => {
  s.type[r] = CV1;
  m.send(s, r, CHANGE_VIEW1, s.view[r]!);
});

/**
 * RMSendChangeView2 (timeout): from cv1, or from prepareSent once some ChangeView1 exists; M stage-I
 * messages; at most F Commits or some ChangeView3.
 */
export const sendChangeView2: Rule = rule(
  "RMSendChangeView2",
  "CV2",
  "honest",
  true,
  (m, s, r) => {
    const t = s.type[r]!;
    const v = s.view[r]!;
    if (!((t === PREPARE_SENT && m.count(s, r, types(CHANGE_VIEW1), v) > 0) || t === CV1)) return false;
    if (m.count(s, r, types(CHANGE_VIEW1, PREQ, PRESP), v) < m.m) return false;
    return m.count(s, r, types(COMMIT), v) <= m.f || m.count(s, r, types(CHANGE_VIEW3), v) > 0;
  },
  (m, s, r) => {
    s.type[r] = CV2;
    m.send(s, r, CHANGE_VIEW2, s.view[r]!);
  },
);

/** RMSendChangeView3 (timeout): from cv2 or commitSent; M stage-II messages, some ChangeView2, at most F Commits. */
export const sendChangeView3: Rule = rule(
  "RMSendChangeView3",
  "CV3",
  "honest",
  true,
  (m, s, r) => {
    const t = s.type[r]!;
    const v = s.view[r]!;
    if (t !== CV2 && t !== COMMIT_SENT) return false;
    return m.count(s, r, types(CHANGE_VIEW2, COMMIT), v) >= m.m && m.count(s, r, types(CHANGE_VIEW2), v) > 0 && m.count(s, r, types(COMMIT), v) <= m.f;
  },
  (m, s, r) => {
    s.type[r] = CV3;
    m.send(s, r, CHANGE_VIEW3, s.view[r]!);
  },
);

/** RMReceiveChangeView: M senders of one stage's ChangeView at a view ≥ v; committed nodes too. */
export const receiveChangeViewCv3: Rule = rule(
  "RMReceiveChangeView",
  "changes view",
  "honest",
  false,
  (m, s, r) => {
    if (m.isFaulty(s, r) || s.type[r] === ACCEPTED) return false;
    const v = s.view[r]!;
    return m.senders(s, r, types(CHANGE_VIEW1), v) >= m.m || m.senders(s, r, types(CHANGE_VIEW2), v) >= m.m || m.senders(s, r, types(CHANGE_VIEW3), v) >= m.m;
  },
  (_m, s, r) => {
    s.type[r] = INITIALIZED;
    s.view[r]! += 1;
  },
);

export function cv3Rules(): Rule[] {
  return [
    sendPrepareRequest,
    sendPrepareResponseCv3,
    sendCommitCv3,
    acceptBlock,
    fetchBlock,
    sendChangeView1,
    sendChangeView2,
    sendChangeView3,
    receiveChangeViewCv3,
    ...faultRules([CHANGE_VIEW1, CHANGE_VIEW2, CHANGE_VIEW3, PREQ, PRESP, COMMIT]),
  ];
}
