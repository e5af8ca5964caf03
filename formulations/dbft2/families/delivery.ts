import { MESSAGE_KINDS, MESSAGE_NAMES } from "../messages.js";
import type { DbftContext } from "../context.js";

/**
 * Optional (the paper's Eq. 31): what an honest node sends, every other honest node receives in the
 * same view: Σ_{t∈T⁺} RecvX(t,i,j,v) ≥ Σ_{t∈T⁺} SendX(t,j,v) for i ≠ j in H. One family per chosen property.
 */
export function guaranteedDelivery({ b, p, s, x }: DbftContext): void {
  for (const kind of MESSAGE_KINDS) {
    if (!p.deliver.includes(MESSAGE_NAMES[kind].delivery)) continue;
    const rows = b.constraintFamily<[number, number, number]>(`ensureDelivery${MESSAGE_NAMES[kind].tag}`, ">=", 3);
    for (let i = s.H.first; i <= s.H.last; i++)
      for (let j = s.H.first; j <= s.H.last; j++) {
        if (i === j) continue;
        for (let v = s.V.first; v <= s.V.last; v++) {
          const r = b.row(rows, i, j, v);
          for (let t = s.Tplus.first; t <= s.Tplus.last; t++) r.add(x.recv[kind].col(t, i, j, v));
          for (let t = s.Tplus.first; t <= s.Tplus.last; t++) r.add(x.send[kind].col(t, j, v), -1);
          r.end(0);
        }
      }
  }
}
