import { type IndexSet, indexSet, ModelBuilder, type VariableFamily } from "../model/index.js";
import { MESSAGE_KINDS, MESSAGE_NAMES, type MessageKind } from "./messages.js";
import { type DbftParams, dbftVariableCount, quorum } from "./params.js";

/** Per-node step variables: node i does something at step t of view v (sends, block relays). */
export type StepNodeView = VariableFamily<[t: number, i: number, v: number]>;
/** Receive variables: node i receives from node j at step t of view v. */
export type StepPairView = VariableFamily<[t: number, i: number, j: number, v: number]>;
/** Per-node, per-view variables, indexed (i,v). */
export type NodeView = VariableFamily<[i: number, v: number]>;

/** The spec's sets: T = {1..τ}, T⁺ = {2..τ}, R = {1..N}, H = {1..M}, V = {1..N}, V⁺ = {2..N}. */
export interface DbftSets {
  /** Time steps T = {1..τ}. */
  readonly T: IndexSet;
  /** Time steps after time zero, T⁺ = {2..τ}. */
  readonly Tplus: IndexSet;
  /** All nodes R = {1..N}. */
  readonly R: IndexSet;
  /** Honest nodes H = {1..M}. */
  readonly H: IndexSet;
  /** Views V = {1..N}. */
  readonly V: IndexSet;
  /** Views after the first, V⁺ = {2..N}. */
  readonly Vplus: IndexSet;
  /** Quorum M = 2f+1; nodes M+1..N are Byzantine. */
  readonly M: number;
  /** Number of nodes N. */
  readonly N: number;
  /** Time steps per view τ. */
  readonly tmax: number;
}

/** The model's columns, grouped by family as in the spec's variable table. */
export interface DbftVars {
  /** Primary(i,v): node i is the primary of view v (binary). */
  readonly primary: NodeView;
  /** Send variables per message kind: node i sends that message at step t of view v (binary). */
  readonly send: Readonly<Record<MessageKind, StepNodeView>>;
  /** BlockRelay(t,i,v): node i relays a block at step t of view v (binary). */
  readonly blockRelay: StepNodeView;
  /** Receive variables per message kind, indexed (t,i,j,v) (binary). */
  readonly recv: Readonly<Record<MessageKind, StepPairView>>;
  /** blockRelayed(v): some node relayed a block in view v (binary). */
  readonly blockRelayed: VariableFamily<[v: number]>;
  /** Column of totalBlockRelayed = Σ_v blockRelayed(v). */
  readonly totalBlockRelayed: number;
  /** Column of lastRelayedBlock, at least ((v−1)·τ+t) for every block relay BlockRelay(t,i,v). */
  readonly lastRelayedBlock: number;
  /** Column of numberOfRounds = Σ_i Σ_v Primary(i,v), the number of views with a primary. */
  readonly numberOfRounds: number;
  /** Column of totalNumberSendMsg: all messages sent, summed over kinds, steps, nodes and views. */
  readonly totalNumberSendMsg: number;
  /** Column of totalNumberRcvdMsg: all messages received, summed over kinds, steps, node pairs and views. */
  readonly totalNumberRcvdMsg: number;
  /** Column of totalNumberMsgs = totalNumberSendMsg + totalNumberRcvdMsg. */
  readonly totalNumberMsgs: number;
  /** changeViewRecvPerNodeAndView(i,v), written CV#(i,v) in the spec. */
  readonly cvCount: NodeView;
}

/** Builds the index sets for N and tmax, with M = quorum(N). */
export function dbftSets(p: Pick<DbftParams, "n" | "tmax">): DbftSets {
  const M = quorum(p.n);
  return {
    T: indexSet("T", 1, p.tmax),
    Tplus: indexSet("T+", 2, p.tmax),
    R: indexSet("R", 1, p.n),
    H: indexSet("H", 1, M),
    V: indexSet("V", 1, p.n),
    Vplus: indexSet("V+", 2, p.n),
    M,
    N: p.n,
    tmax: p.tmax,
  };
}

/** Declares every column in the spec's order; the layout depends on N and tmax only. */
export function declareDbftVariables(b: ModelBuilder, s: DbftSets): DbftVars {
  const { T, R, V } = s;
  const primary = b.addVariables<[number, number]>("Primary", "binary", [R, V]);
  const send = {} as Record<MessageKind, StepNodeView>;
  for (const kind of MESSAGE_KINDS) send[kind] = b.addVariables(MESSAGE_NAMES[kind].send, "binary", [T, R, V]);
  const blockRelay = b.addVariables<[number, number, number]>("BlockRelay", "binary", [T, R, V]);
  const recv = {} as Record<MessageKind, StepPairView>;
  for (const kind of MESSAGE_KINDS) recv[kind] = b.addVariables(MESSAGE_NAMES[kind].recv, "binary", [T, R, R, V]);
  const blockRelayed = b.addVariables<[number]>("blockRelayed", "binary", [V]);
  const totalBlockRelayed = b.addScalar("totalBlockRelayed", "integer");
  const lastRelayedBlock = b.addScalar("lastRelayedBlock", "integer");
  const numberOfRounds = b.addScalar("numberOfRounds", "integer");
  const totalNumberSendMsg = b.addScalar("totalNumberSendMsg", "integer");
  const totalNumberRcvdMsg = b.addScalar("totalNumberRcvdMsg", "integer");
  const totalNumberMsgs = b.addScalar("totalNumberMsgs", "integer");
  const cvCount = b.addVariables<[number, number]>("changeViewRecvPerNodeAndView", "integer", [R, V]);
  return {
    primary,
    send,
    blockRelay,
    recv,
    blockRelayed,
    totalBlockRelayed,
    lastRelayedBlock,
    numberOfRounds,
    totalNumberSendMsg,
    totalNumberRcvdMsg,
    totalNumberMsgs,
    cvCount,
  };
}

/** The column layout alone (no rows): what a decoder needs to read a solution vector. */
export function dbftLayout(p: Pick<DbftParams, "n" | "tmax">): {
  /** The index sets of N and tmax. */
  sets: DbftSets;
  /** The variable families, at their columns. */
  vars: DbftVars;
} {
  const sets = dbftSets(p);
  return { sets, vars: declareDbftVariables(new ModelBuilder("layout"), sets) };
}

/**
 * The view each column belongs to (its last index: Primary(i,v), sends and relays (t,i,v), receipts
 * (t,i,j,v), blockRelayed(v), CV#(i,v)); 0 for the scalar counters, which belong to no view.
 */
export function viewOfColumns(p: Pick<DbftParams, "n" | "tmax">): Uint16Array {
  const { sets, vars } = dbftLayout(p);
  const { T, R, V } = sets;
  const out = new Uint16Array(dbftVariableCount(p.n, p.tmax));
  for (let v = V.first; v <= V.last; v++) {
    out[vars.blockRelayed.col(v)] = v;
    for (let i = R.first; i <= R.last; i++) {
      out[vars.primary.col(i, v)] = v;
      out[vars.cvCount.col(i, v)] = v;
      for (let t = T.first; t <= T.last; t++) {
        out[vars.blockRelay.col(t, i, v)] = v;
        for (const kind of MESSAGE_KINDS) {
          out[vars.send[kind].col(t, i, v)] = v;
          for (let j = R.first; j <= R.last; j++) out[vars.recv[kind].col(t, i, j, v)] = v;
        }
      }
    }
  }
  return out;
}
