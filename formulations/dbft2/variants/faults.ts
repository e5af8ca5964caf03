import { ACCEPTED, BAD, CHANGE_VIEW1, CHANGE_VIEW2, DEAD, PREQ, PRESP, shortName } from "./types.js";
import { type Rule, rule } from "./rule.js";
import type { Machine, VState } from "./machine.js";

/** RMDie: a node of RMDead dies, from any state, while fewer than F are dead. */
export const die: Rule = rule("RMDie", "dies", "fault", false, (m, s, r) => m.deadSet[r] === 1 && s.type[r] !== DEAD && m.countType(s, DEAD) < m.f, (_m, s, r) => {
  s.type[r] = DEAD;
});

/** RMBeBad: a node of RMFault turns bad, while fewer than F are bad (from any state, as in the models, even dead). */
export const beBad: Rule = rule("RMBeBad", "turns bad", "fault", false, (m, s, r) => m.faultySet[r] === 1 && s.type[r] !== BAD && m.countType(s, BAD) < m.f, (_m, s, r) => {
  s.type[r] = BAD;
});

/** RMFaultyDoCV: a bad node raises its own view by one. */
export const faultyDoCV: Rule = rule("RMFaultyDoCV", "raises its view", "fault", false, (_m, s, r) => s.type[r] === BAD, (_m, s, r) => {
  s.view[r]! += 1;
});

/** A bad node may send a message of this type now: a PrepareRequest only as primary, a PrepareResponse only as backup. */
export function badMaySend(m: Machine, s: VState, r: number, type: number): boolean {
  if (s.type[r] !== BAD) return false;
  if (type === PREQ) return m.isPrimary(s, r);
  return type !== PRESP || !m.isPrimary(s, r);
}

/**
 * RMFaultySend<T>: a bad node sends a message of type T at its view, once per (type, view); a
 * PrepareRequest only while primary, a PrepareResponse only while not. ccv: target v+1 for ChangeViews,
 * source its view.
 */
export function faultySend(type: number): Rule {
  const ccvTarget = type === CHANGE_VIEW1 || type === CHANGE_VIEW2;
  const target = (m: Machine, s: VState, r: number) => (m.config.protocol === "ccv" && ccvTarget ? s.view[r]! + 1 : 0);
  const source = (m: Machine, s: VState, r: number) => (m.config.protocol === "ccv" ? s.view[r]! : 0);
  return rule(
    `RMFaultySend${shortName(type)}`,
    shortName(type),
    "fault",
    false,
    (m, s, r) => badMaySend(m, s, r, type) && !m.has(s, r, m.u.find(type, r, s.view[r]!, target(m, s, r), source(m, s, r))),
    (m, s, r) => m.send(s, r, type, s.view[r]!, target(m, s, r), source(m, s, r)),
  );
}


/**
 * Local pools only: a message some node sent joins the pool of a live, good node that lacks it. Bad and
 * dead nodes read no pool (a bad node's moves depend on its own sends only), so nothing is delivered to them.
 */
export const deliver: Rule = {
  name: "Deliver",
  label: "receives",
  actor: "network",
  timeout: false,
  instances(m, s, r) {
    if (!m.local || m.isFaulty(s, r) || m.config.protocol === "multipool") return;
    const base = m.poolOf(r);
    for (let w = 0; w < m.words; w++) {
      let sent = 0;
      for (let p = 0; p < m.pools; p++) sent |= s.pools[p * m.words + w]!;
      let x = sent & ~s.pools[base + w]!;
      while (x !== 0) {
        m.add((w << 5) | (31 - Math.clz32(x & -x)));
        x &= x - 1;
      }
    }
  },
  apply(m, s, r, k) {
    m.deliver(s, r, k);
  },
};

/**
 * RMFetchBlock (cv3, ccv): a live good node without the block copies the accepted state and view (ccv:
 * also the source view) of a node that has it: block sync. The argument is that node.
 */
export const fetchBlock: Rule = {
  name: "RMFetchBlock",
  label: "fetches the block",
  actor: "honest",
  timeout: false,
  instances(m, s, r) {
    if (m.isFaulty(s, r) || s.type[r] === ACCEPTED) return;
    for (let a = 0; a < m.n; a++) if (s.type[a] === ACCEPTED) m.add(a);
  },
  apply(_m, s, r, a) {
    s.type[r] = ACCEPTED;
    s.view[r] = s.view[a]!;
    s.acc[r] = s.acc[a]!;
  },
};
