import { InputError } from "../../formulations/input-error.js";
import { LinkList } from "./links.js";

/** Link kind of a user-supplied topology: neither short nor long, just a link with its own delay. */
export const TOPOLOGY_LINK = 2;

/** A network read from an edge list: node names in order of first appearance, links and their delays. */
export interface Topology {
  /** Node names; a node's id is its index here. */
  readonly names: string[];
  /** The undirected links between node ids. */
  readonly links: LinkList;
  /** Mean delay of each link, in time units (the lattice's Δs = 1). */
  readonly delays: Float64Array;
}

/**
 * Reads an edge list: one link per line, `u v delay` separated by spaces, tabs or commas; `#` starts a
 * comment. Links are undirected; a pair listed twice must carry the same delay. `source` names the file
 * in error messages, which give the line number.
 */
export function parseTopology(text: string, source: string): Topology {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const links = new LinkList();
  const delays: number[] = [];
  const seen = new Map<string, number>();
  const idOf = (name: string): number => {
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      ids.set(name, id);
      names.push(name);
    }
    return id;
  };
  const lines = text.split(/\r?\n/);
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln].replace(/#.*/, "").trim();
    if (line === "") continue;
    const where = `${source}:${ln + 1}`;
    const f = line.split(/[\s,]+/);
    if (f.length !== 3) throw new InputError(`${where}: expected "u v delay", got ${JSON.stringify(lines[ln].trim())}`);
    const delay = Number(f[2]);
    if (!Number.isFinite(delay) || delay <= 0) throw new InputError(`${where}: the delay must be a positive number, got ${JSON.stringify(f[2])}`);
    if (f[0] === f[1]) throw new InputError(`${where}: a link from ${f[0]} to itself`);
    const a = idOf(f[0]);
    const b = idOf(f[1]);
    const key = a < b ? `${a} ${b}` : `${b} ${a}`;
    const before = seen.get(key);
    if (before !== undefined) {
      if (delays[before] !== delay) throw new InputError(`${where}: link ${f[0]}–${f[1]} listed again with delay ${delay}, was ${delays[before]}`);
      continue;
    }
    seen.set(key, delays.length);
    links.push(a, b, TOPOLOGY_LINK);
    delays.push(delay);
  }
  if (links.count === 0) throw new InputError(`${source}: no links (expected lines "u v delay")`);
  return { names, links, delays: Float64Array.from(delays) };
}
