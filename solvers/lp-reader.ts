import { basename } from "node:path";
import { InputError } from "../formulations/input-error.js";
import { KIND_CODE, type Model, type Sense } from "../formulations/model/index.js";
import { FileModelAssembler, fileLines } from "./file-model.js";

type Section = "objective" | "constraints" | "bounds" | "generals" | "binaries" | "semis" | "end" | "none";

type Header = [RegExp, Section | "max" | "min" | "refuse"];

const HEADERS: Header[] = [
  [/^(maximize|maximise|maximum|max)(?=\s|$)/i, "max"],
  [/^(minimize|minimise|minimum|min)(?=\s|$)/i, "min"],
  [/^(subject\s+to|such\s+that|s\.t\.|st\.?)(?=\s|$)/i, "constraints"],
  [/^bounds?(?=\s|$)/i, "bounds"],
  [/^(generals?|gen|integers?)(?=\s|$)/i, "generals"],
  [/^(binary|binaries|bin)(?=\s|$)/i, "binaries"],
  [/^(semi-continuous|semis?|sec)(?=\s|$)/i, "semis"],
  [/^sos[12]?(?=\s|$)/i, "refuse"],
  [/^end(?=\s|$)/i, "end"],
];

type Token = { kind: "num"; value: number } | { kind: "name"; value: string } | { kind: "op"; value: string };

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_!"#$%&()/,.;?@`'{}|~][^\s+\-<>=:*^[\]]*/;
const OP = /^(<=|=<|>=|=>|<|>|=|:|\+|-)/;

const isInfinity = (name: string) => /^(inf|infinity)$/i.test(name);

/** Splits one line (comments removed) into tokens. */
function tokenize(line: string, where: () => string): Token[] {
  const tokens: Token[] = [];
  let s = line;
  for (;;) {
    s = s.trimStart();
    if (!s) return tokens;
    let m: RegExpExecArray | null;
    if ((m = NUMBER.exec(s))) tokens.push({ kind: "num", value: Number(m[0]) });
    else if ((m = OP.exec(s))) tokens.push({ kind: "op", value: m[0] });
    else if ((m = NAME.exec(s))) tokens.push({ kind: "name", value: m[0] });
    else if (/^[*^[\]]/.test(s)) throw new InputError(`${where()}: quadratic terms are not supported`);
    else throw new InputError(`${where()}: unexpected character ${JSON.stringify(s[0])}`);
    s = s.slice(m[0].length);
  }
}

function senseOf(op: string): Sense | null {
  if (op === "<=" || op === "=<" || op === "<") return "<=";
  if (op === ">=" || op === "=>" || op === ">") return ">=";
  if (op === "=") return "=";
  return null;
}

/**
 * Parses linear terms `[sign] [coef] name | [sign] number` from a token list; constants are summed apart.
 * Stops at a sense operator (returned) or at the end of the tokens.
 */
class TermReader {
  cols: number[] = [];
  coefs: number[] = [];
  constant = 0;
  private sign = 1;
  private coef: number | null = null;
  private pendingSign = false;

  constructor(
    private readonly model: FileModelAssembler,
    private readonly where: () => string,
  ) {}

  /** Feeds one token; returns false when the token is not part of a linear expression. */
  feed(t: Token): boolean {
    if (t.kind === "op" && (t.value === "+" || t.value === "-")) {
      if (this.coef !== null) this.flushConstant();
      if (t.value === "-") this.sign = -this.sign;
      this.pendingSign = true;
      this.needSign = false;
      return true;
    }
    // Terms are joined by + or -: `2 x 3 y` and `Lazy Constraints` (a section byzopt does not know) are errors.
    if ((t.kind === "num" || t.kind === "name") && this.needSign) throw new InputError(`${this.where()}: expected + or - before ${JSON.stringify(t.value)}`);
    if (t.kind === "num") {
      if (this.coef !== null) throw new InputError(`${this.where()}: two numbers in a row`);
      this.coef = t.value;
      return true;
    }
    if (t.kind === "name") {
      if (isInfinity(t.value) && this.coef === null) {
        // "-inf <= x <= 4": an infinite constant opening a ranged row; anywhere else it is an error.
        if (this.cols.length > 0 || this.sawConstant) throw new InputError(`${this.where()}: infinite coefficient`);
        this.coef = Infinity;
        this.flushConstant();
        return true;
      }
      const coef = this.sign * (this.coef ?? 1);
      if (!(Math.abs(coef) < 1e30)) throw new InputError(`${this.where()}: coefficient ${coef} of ${t.value} is not a finite number below 1e30`);
      this.cols.push(this.model.col(t.value));
      this.coefs.push(coef);
      this.reset();
      this.needSign = true;
      return true;
    }
    return false;
  }

  /** A number not followed by a name is a constant. */
  finish(): void {
    if (this.coef !== null) this.flushConstant();
    else if (this.pendingSign) throw new InputError(`${this.where()}: dangling sign`);
  }

  get empty(): boolean {
    return this.cols.length === 0 && this.coef === null && !this.sawConstant && !this.pendingSign;
  }

  /** Whether a constant (even 0) was read. */
  sawConstant = false;
  /** Whether a term just ended, so that only + or - (or the end of the expression) may follow. */
  private needSign = false;

  private flushConstant(): void {
    this.constant += this.sign * this.coef!;
    this.sawConstant = true;
    this.reset();
    this.needSign = true;
  }

  private reset(): void {
    this.sign = 1;
    this.coef = null;
    this.pendingSign = false;
  }
}

/**
 * Reads a CPLEX LP file into a Model: objective (with an optional constant), constraints (a constant on
 * the left is moved to the right; ranged rows `a <= terms <= b`; rows without variables), bounds,
 * generals, binaries and semi-continuous columns (semi-integer when also general). Quadratic terms and
 * SOS are refused with the line that holds them.
 */
export function readLpFile(path: string): Model {
  const a = new FileModelAssembler(path);
  let section = "none" as Section;
  let lineNo = 0;
  const where = () => `${path}:${lineNo}`;
  let sawObjective = false;
  const integer = new Set<number>();
  const semi = new Set<number>();

  // Objective and constraints span lines, so their tokens accumulate here until complete. A row is
  // `[label:] terms op rhs`, `[label:] op rhs` (a row without variables) or the ranged
  // `[label:] number op terms op number` with both operators pointing the same way.
  let label: string | null = null;
  let terms = new TermReader(a, where);
  let stage: "lhs" | "rhs" | "middle" | "upper" = "lhs";
  let sense: Sense | null = null;
  let rangeFirst = 0;
  let rhsSign = 1;
  let rowCount = 0;
  let pendingName: string | null = null;
  const rowOpen = () => stage !== "lhs" || !terms.empty || label !== null || pendingName !== null;

  const startRow = () => {
    label = null;
    terms = new TermReader(a, where);
    stage = "lhs";
    sense = null;
    rhsSign = 1;
    pendingName = null;
  };

  const finishObjective = () => {
    if (pendingName !== null) terms.feed({ kind: "name", value: pendingName });
    terms.finish();
    for (let k = 0; k < terms.cols.length; k++) a.addObjective(terms.cols[k]!, terms.coefs[k]!);
    a.offset += terms.constant;
    startRow();
  };

  /** The signed number that ends a row, or null while only signs have come. */
  const endNumber = (t: Token): number | null => {
    if (t.kind === "op" && (t.value === "-" || t.value === "+")) {
      if (t.value === "-") rhsSign = -rhsSign;
      return null;
    }
    let value: number;
    if (t.kind === "num") value = t.value;
    else if (t.kind === "name" && isInfinity(t.value)) value = Infinity;
    else if (t.kind === "op" && senseOf(t.value)) throw new InputError(`${where()}: a ranged row is written number <= terms <= number`);
    else throw new InputError(`${where()}: the right-hand side must be a number (variables go on the left)`);
    value *= rhsSign;
    rhsSign = 1;
    return Math.abs(value) >= 1e30 ? Math.sign(value) * Infinity : value;
  };

  let rowEndLine = -1;
  const addRow = (lower: number, upper: number) => {
    rowCount++;
    a.addRow(label ?? `R${rowCount}`, terms.cols, terms.coefs, lower, upper, where);
    startRow();
    rowEndLine = lineNo;
  };

  const feedRowToken = (t: Token) => {
    if (stage === "rhs") {
      const rhs = endNumber(t);
      if (rhs === null) return;
      const value = rhs - terms.constant;
      addRow(sense === "<=" ? -Infinity : value, sense === ">=" ? Infinity : value);
      return;
    }
    if (stage === "upper") {
      const end = endNumber(t);
      if (end === null) return;
      // number <= terms <= number, or number >= terms >= number.
      const [lower, upper] = sense === "<=" ? [rangeFirst, end] : [end, rangeFirst];
      addRow(lower - terms.constant, upper - terms.constant);
      return;
    }
    if (stage === "middle") {
      const s = t.kind === "op" ? senseOf(t.value) : null;
      if (!s) {
        if (!terms.feed(t)) throw new InputError(`${where()}: unexpected ${JSON.stringify(t.value)}`);
        return;
      }
      terms.finish();
      if (s !== sense) throw new InputError(`${where()}: a ranged row needs two <= or two >= (number <= terms <= number)`);
      if (terms.cols.length === 0) throw new InputError(`${where()}: expected variables between the two comparisons`);
      stage = "upper";
      return;
    }
    // Each row begins on a line of its own (CPLEX): `c1: x >= 2 y` is an error, not a second row `y…`.
    if (lineNo === rowEndLine && terms.empty && label === null && pendingName === null) throw new InputError(`${where()}: text after the right-hand side (a row starts on a new line)`);
    // A name followed by ':' labels the row; hold names back one token to see it.
    if (pendingName !== null) {
      const name = pendingName;
      pendingName = null;
      if (t.kind === "op" && t.value === ":") {
        if (!terms.empty || label !== null) throw new InputError(`${where()}: a label in the middle of a row`);
        label = name;
        return;
      }
      terms.feed({ kind: "name", value: name });
    }
    if (t.kind === "name") {
      pendingName = t.value;
      return;
    }
    const s = t.kind === "op" ? senseOf(t.value) : null;
    if (!s) {
      if (!terms.feed(t)) throw new InputError(`${where()}: unexpected ${JSON.stringify(t.value)}`);
      return;
    }
    terms.finish();
    sense = s;
    if (terms.cols.length > 0 || !terms.sawConstant) {
      // terms op rhs, or op rhs alone: a row without variables.
      stage = "rhs";
      return;
    }
    // number op terms op number: a ranged row.
    if (s === "=") throw new InputError(`${where()}: a ranged row is written number <= terms <= number`);
    rangeFirst = Math.abs(terms.constant) >= 1e30 ? Math.sign(terms.constant) * Infinity : terms.constant;
    terms = new TermReader(a, where);
    stage = "middle";
  };

  const boundValue = (tokens: Token[], at: number): [number, number] => {
    let sign = 1;
    let k = at;
    while (tokens[k]?.kind === "op" && (tokens[k]!.value === "-" || tokens[k]!.value === "+")) {
      if (tokens[k]!.value === "-") sign = -sign;
      k++;
    }
    const t = tokens[k];
    if (t?.kind === "num") return [sign * (Math.abs(t.value) >= 1e30 ? Infinity : t.value), k + 1];
    if (t?.kind === "name" && isInfinity(t.value)) return [sign * Infinity, k + 1];
    throw new InputError(`${where()}: expected a bound value`);
  };

  const readBound = (tokens: Token[]) => {
    if (tokens.length === 0) return;
    const first = tokens[0]!;
    if (first.kind === "name" && !isInfinity(first.value)) {
      const col = a.col(first.value);
      const second = tokens[1];
      if (second?.kind === "name" && /^free$/i.test(second.value) && tokens.length === 2) {
        a.lower.set(col, -Infinity);
        a.upper.set(col, Infinity);
        return;
      }
      const s = second?.kind === "op" ? senseOf(second.value) : null;
      if (!s) throw new InputError(`${where()}: cannot read this bound`);
      const [value, end] = boundValue(tokens, 2);
      if (end !== tokens.length) throw new InputError(`${where()}: cannot read this bound`);
      if (s === "<=") a.upper.set(col, value);
      else if (s === ">=") a.lower.set(col, value);
      else (a.lower.set(col, value), a.upper.set(col, value));
      return;
    }
    // value op name [op value]
    const [v1, k1] = boundValue(tokens, 0);
    const op1 = tokens[k1];
    const nameTok = tokens[k1 + 1];
    const s1 = op1?.kind === "op" ? senseOf(op1.value) : null;
    if (!s1 || nameTok?.kind !== "name") throw new InputError(`${where()}: cannot read this bound`);
    const col = a.col(nameTok.value);
    const apply = (s: Sense, value: number, nameOnRight: boolean) => {
      // "v <= x" is a lower bound, "v >= x" an upper one.
      if (s === "=") (a.lower.set(col, value), a.upper.set(col, value));
      else if ((s === "<=") === nameOnRight) a.lower.set(col, value);
      else a.upper.set(col, value);
    };
    apply(s1, v1, true);
    if (tokens.length > k1 + 2) {
      const op2 = tokens[k1 + 2];
      const s2 = op2?.kind === "op" ? senseOf(op2.value) : null;
      if (!s2) throw new InputError(`${where()}: cannot read this bound`);
      const [v2, end] = boundValue(tokens, k1 + 3);
      if (end !== tokens.length) throw new InputError(`${where()}: cannot read this bound`);
      apply(s2, v2, false);
    }
  };

  for (const raw of fileLines(path)) {
    lineNo++;
    const line = raw.replace(/\\.*$/, "").trim();
    if (!line) continue;
    let content = line;
    const header: Header | undefined = section === "end" ? undefined : HEADERS.find(([re]) => re.test(line));
    if (header) {
      const re: RegExp = header[0];
      const target: Header[1] = header[1];
      if (section === "objective") finishObjective();
      if (section === "constraints" && rowOpen()) throw new InputError(`${where()}: the last row is incomplete`);
      if (target === "refuse") throw new InputError(`${where()}: ${line.split(/\s/)[0]} sections are not supported`);
      if (target === "max" || target === "min") {
        if (sawObjective) throw new InputError(`${where()}: a second objective`);
        sawObjective = true;
        a.direction = target;
        section = "objective";
      } else {
        if (!sawObjective) throw new InputError(`${where()}: expected Maximize or Minimize before ${line.split(/\s/)[0]}`);
        section = target;
      }
      content = line.replace(re, "").trim();
      if (!content) continue;
    }
    if (section === "none") throw new InputError(`${where()}: expected Maximize or Minimize`);
    if (section === "end") throw new InputError(`${where()}: text after End`);
    const tokens = tokenize(content, where);
    if (section === "objective" || section === "constraints") {
      for (const t of tokens) {
        if (section === "objective") {
          if (pendingName !== null) {
            const name = pendingName;
            pendingName = null;
            if (t.kind === "op" && t.value === ":" && terms.empty) continue;
            terms.feed({ kind: "name", value: name });
          }
          if (t.kind === "name") pendingName = t.value;
          else if (!terms.feed(t)) throw new InputError(`${where()}: unexpected ${JSON.stringify(t.value)} in the objective`);
        } else feedRowToken(t);
      }
    } else if (section === "bounds") readBound(tokens);
    else {
      for (const t of tokens) {
        if (t.kind !== "name") throw new InputError(`${where()}: expected variable names`);
        const col = a.col(t.value);
        if (section === "generals") integer.add(col);
        else if (section === "semis") semi.add(col);
        else {
          // Declared bounds stay (CBC, glpsol and HiGHS keep them); only an infinite upper bound becomes 1.
          if (a.upper.get(col) === Infinity) a.upper.set(col, 1);
          a.setKind(col, a.lower.get(col) === 0 && a.upper.get(col) === 1 ? "binary" : "integer");
        }
      }
    }
  }
  // Semi-continuous and General may come in either order: a column in both is semi-integer.
  for (const col of integer) if (a.kind.get(col) !== KIND_CODE.binary) a.setKind(col, semi.has(col) ? "semiinteger" : "integer");
  for (const col of semi) {
    if (a.kind.get(col) === KIND_CODE.binary) throw new InputError(`${path}: ${a.nameOf(col)} is both binary and semi-continuous`);
    if (!integer.has(col)) a.setKind(col, "semicontinuous");
  }
  if (section === "objective") finishObjective();
  if (section === "constraints" && rowOpen()) throw new InputError(`${path}: the last row is incomplete`);
  if (!sawObjective) throw new InputError(`${path}: no objective section (Maximize or Minimize)`);
  return a.build(basename(path).replace(/\.lp$/i, ""));
}
