import type { DbftContext } from "../context.js";
import { messagesNeedTheirView } from "./existence.js";
import { blockBudget, commitNeedsHonestResponses, quorumCut } from "./quorum.js";
import { receiptNeedsSend, sendsNeedReceipts } from "./receipts.js";
import { primariesInLabelOrder } from "./symmetry.js";
import { commitOrChangeView, relayMarksView, viewsInOrder } from "./views.js";

/**
 * The strengthening families of `--strengthen`: rows every integer solution of the reference model
 * meets, or symmetry breaking that keeps one solution of every class, so the optimum is unchanged.
 * Derivations next to each function and in docs/strengthening.md. Listed in the order rows are emitted.
 */
export const CUT_NAMES = ["quorum", "budget", "responses", "symmetry", "views", "relays", "existence", "exclusive", "receipts", "sends"] as const;
/** Name of one strengthening family. */
export type CutName = (typeof CUT_NAMES)[number];

/** Each strengthening family's row builder and a one-line statement of what it adds. */
export const CUTS: Readonly<Record<CutName, {
  /** Emits the family's rows into the context's builder. */
  readonly build: (ctx: DbftContext) => void;
  /** What the family adds, in one line. */
  readonly says: string;
}>> = {
  quorum: { build: quorumCut, says: "a block in view v needs 2M-N honest commits of view v" },
  budget: { build: blockBudget, says: "at most floor(M/(2M-N)) blocks in all (honest nodes commit once)" },
  responses: { build: commitNeedsHonestResponses, says: "a commit in view v needs 2M-N honest PrepareResponses of view v" },
  symmetry: { build: primariesInLabelOrder, says: "honest and Byzantine primaries in label order" },
  views: { build: viewsInOrder, says: "view v has a primary only if view v-1 had one" },
  relays: { build: relayMarksView, says: "each relay marks its view's block" },
  existence: { build: messagesNeedTheirView, says: "messages of view v need a primary in view v (Byzantine ChangeViews excepted)" },
  exclusive: { build: commitOrChangeView, says: "an honest node sends a Commit or a ChangeView in a view, not both" },
  sends: { build: sendsNeedReceipts, says: "each PrepareResponse, Commit and relay is covered by receipts, summed over the steps" },
  receipts: { build: receiptNeedsSend, says: "a message is received at most once per send, summed over the steps" },
};

/** What `--strengthen` alone adds: the families that paid in bench/README.md (strengthening). */
export const DEFAULT_CUTS: readonly CutName[] = ["quorum", "budget", "symmetry", "views", "relays", "existence", "receipts", "sends"];

/** True when `name` is one of CUT_NAMES. */
export function isCutName(name: string): name is CutName {
  return (CUT_NAMES as readonly string[]).includes(name);
}

/** Adds the chosen families, in CUT_NAMES order whatever the order given. */
export function addCuts(ctx: DbftContext, cuts: readonly CutName[]): void {
  for (const name of CUT_NAMES) if (cuts.includes(name)) CUTS[name].build(ctx);
}
