import { MESSAGE_KINDS, MESSAGE_NAMES } from "../messages.js";
import type { DbftContext } from "../context.js";

/** (1) Nothing is sent or relayed at step 1 ("time zero"): X(1,i,v) = 0 for the five send families. */
export function initSends({ b, s, x }: DbftContext): void {
  const families = [...MESSAGE_KINDS.map((k) => ({ fam: x.send[k], name: `init${MESSAGE_NAMES[k].send}` })), { fam: x.blockRelay, name: "initBlockRelay" }];
  for (const { fam, name } of families) {
    const rows = b.constraintFamily<[number, number]>(name, "=", 2);
    for (let i = s.R.first; i <= s.R.last; i++) for (let v = s.V.first; v <= s.V.last; v++) b.row(rows, i, v).add(fam.col(1, i, v)).end(0);
  }
}

/** (2) Nothing is received at step 1: X(1,i,j,v) = 0 for the four receive families. */
export function initReceives({ b, s, x }: DbftContext): void {
  for (const kind of MESSAGE_KINDS) {
    const fam = x.recv[kind];
    const rows = b.constraintFamily<[number, number, number]>(`init${MESSAGE_NAMES[kind].recv}`, "=", 3);
    for (let i = s.R.first; i <= s.R.last; i++)
      for (let j = s.R.first; j <= s.R.last; j++)
        for (let v = s.V.first; v <= s.V.last; v++) b.row(rows, i, j, v).add(fam.col(1, i, j, v)).end(0);
  }
}
