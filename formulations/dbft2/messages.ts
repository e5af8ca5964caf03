/** The four consensus payloads the model tracks, with the names of their send and receive variables. */
export const MESSAGE_KINDS = ["PrepareRequest", "PrepareResponse", "Commit", "ChangeView"] as const;
/** One of the four consensus payloads. */
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** How one message kind is spelled in column names, row names and delivery properties. */
export interface MessageNames {
  /** Send variable family, e.g. SendPrepReq(t,i,v). */
  readonly send: string;
  /** Receive variable family, e.g. RecvPrepReq(t,i,j,v): i receives from j. */
  readonly recv: string;
  /** Tag used in the receive-once and delivery row names (rcvdPrepReqOO, ...). */
  readonly tag: string;
  /** Prefix of the receipt row names (prepRespReceived, cvReceivedSS, ...), as the paper spells them. */
  readonly receivedTag: string;
  /** Delivery property number of the paper's section 4.5. */
  readonly delivery: 1 | 2 | 3 | 4;
}

/** Column, row and delivery names for each message kind, as the paper spells them. */
export const MESSAGE_NAMES: Readonly<Record<MessageKind, MessageNames>> = {
  PrepareRequest: { send: "SendPrepReq", recv: "RecvPrepReq", tag: "PrepReq", receivedTag: "prepReq", delivery: 1 },
  PrepareResponse: { send: "SendPrepRes", recv: "RecvPrepResp", tag: "PrepRes", receivedTag: "prepResp", delivery: 2 },
  Commit: { send: "SendCommit", recv: "RecvCommit", tag: "Commit", receivedTag: "commit", delivery: 3 },
  ChangeView: { send: "SendCV", recv: "RecvCV", tag: "CV", receivedTag: "cv", delivery: 4 },
};
