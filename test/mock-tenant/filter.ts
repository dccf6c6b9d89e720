// Parser and evaluator of the ISC `filters` query parameter (SailPoint's standard collection parameters,
// https://developer.sailpoint.com/docs/api/standard-collection-parameters).
//   filter  := or
//   or      := and ( "or" and )*
//   and     := not ( "and" not )*
//   not     := "not" not | primary
//   primary := "(" filter ")" | "pr" field | field ("pr"|"isnull") | field binop value
//            | field ("in"|"ca") "(" value ("," value)* ")"
// Operators and keywords are lower-case only ("EQ" is rejected). Strings are double-quoted with
// `\"` and `\\` escapes. Values: strings, numbers, true/false/null, unquoted date-times.

export type FilterValue = string | number | boolean | null;
export type FilterOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'co' | 'sw' | 'in' | 'ca' | 'pr' | 'isnull';

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; field: string; op: FilterOperator; values: FilterValue[]; quoted: boolean[] };

/** A filter the endpoint cannot accept (syntax, field or operator); the server answers 400. */
export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

type Token =
  | { t: 'str'; v: string; pos: number }
  | { t: 'word'; v: string; pos: number }
  | { t: '(' | ')' | ','; pos: number };

const BINARY_OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'co', 'sw']);
const LIST_OPS = new Set(['in', 'ca']);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: ch, pos: i });
      i++;
    } else if (ch === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= input.length) {
          throw new FilterError(`Unterminated string starting at position ${start}`);
        }
        const c = input[i];
        if (c === '\\') {
          const next = input[i + 1];
          if (next === '"' || next === '\\') {
            value += next;
            i += 2;
            continue;
          }
          throw new FilterError(`Invalid escape sequence at position ${i}: only \\" and \\\\ are allowed`);
        }
        if (c === '"') {
          i++;
          break;
        }
        value += c;
        i++;
      }
      tokens.push({ t: 'str', v: value, pos: start });
    } else {
      const start = i;
      while (i < input.length && !/[\s(),"]/.test(input[i])) {
        i++;
      }
      tokens.push({ t: 'word', v: input.slice(start, i), pos: start });
    }
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) {
      throw new FilterError('Empty filter expression');
    }
    const node = this.or();
    const rest = this.tokens[this.i];
    if (rest) {
      throw new FilterError(`Unexpected ${describe(rest)} at position ${rest.pos}`);
    }
    return node;
  }

  private peekWord(word: string): boolean {
    const tok = this.tokens[this.i];
    return tok !== undefined && tok.t === 'word' && tok.v === word;
  }

  private or(): FilterNode {
    return this.leftAssociative('or', () => this.and());
  }

  private and(): FilterNode {
    return this.leftAssociative('and', () => this.not());
  }

  /** `operand (word operand)*`, grouped from the left. */
  private leftAssociative(word: 'or' | 'and', operand: () => FilterNode): FilterNode {
    let left = operand();
    while (this.peekWord(word)) {
      this.i++;
      left = { kind: word, left, right: operand() };
    }
    return left;
  }

  private not(): FilterNode {
    if (this.peekWord('not')) {
      this.i++;
      return { kind: 'not', operand: this.not() };
    }
    return this.primary();
  }

  private primary(): FilterNode {
    const tok = this.next('a field name or "("');
    if (tok.t === '(') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (tok.t !== 'word') {
      throw new FilterError(`Expected a field name at position ${tok.pos} but found ${describe(tok)}`);
    }
    if (tok.v === 'pr') {
      const field = this.field();
      return { kind: 'compare', field, op: 'pr', values: [], quoted: [] };
    }
    const field = checkField(tok);
    const opTok = this.next('an operator');
    if (opTok.t !== 'word') {
      throw new FilterError(`Expected an operator after "${field}" at position ${opTok.pos}`);
    }
    const op = opTok.v;
    if (op === 'pr' || op === 'isnull') {
      return { kind: 'compare', field, op, values: [], quoted: [] };
    }
    if (BINARY_OPS.has(op)) {
      const [value, quoted] = this.value();
      return { kind: 'compare', field, op: op as FilterOperator, values: [value], quoted: [quoted] };
    }
    if (LIST_OPS.has(op)) {
      this.expect('(');
      const values: FilterValue[] = [];
      const quoted: boolean[] = [];
      for (;;) {
        const [value, q] = this.value();
        values.push(value);
        quoted.push(q);
        const sep = this.next('"," or ")"');
        if (sep.t === ')') {
          break;
        }
        if (sep.t !== ',') {
          throw new FilterError(`Expected "," or ")" at position ${sep.pos}`);
        }
      }
      return { kind: 'compare', field, op: op as FilterOperator, values, quoted };
    }
    throw new FilterError(`Unknown operator "${op}" at position ${opTok.pos} (operators are lower-case)`);
  }

  private field(): string {
    return checkField(this.next('a field name'));
  }

  private value(): [FilterValue, boolean] {
    const tok = this.next('a value');
    if (tok.t === 'str') {
      return [tok.v, true];
    }
    if (tok.t !== 'word') {
      throw new FilterError(`Expected a value at position ${tok.pos} but found ${describe(tok)}`);
    }
    if (tok.v === 'true' || tok.v === 'false') {
      return [tok.v === 'true', false];
    }
    if (tok.v === 'null') {
      return [null, false];
    }
    if (/^-?\d+(\.\d+)?$/.test(tok.v)) {
      return [Number(tok.v), false];
    }
    if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(tok.v)) {
      return [tok.v, false];
    }
    throw new FilterError(`Invalid value ${tok.v} at position ${tok.pos}: strings must be double-quoted`);
  }

  private next(what: string): Token {
    const tok = this.tokens[this.i];
    if (!tok) {
      throw new FilterError(`Unexpected end of filter: expected ${what}`);
    }
    this.i++;
    return tok;
  }

  private expect(t: '(' | ')'): void {
    const tok = this.next(`"${t}"`);
    if (tok.t !== t) {
      throw new FilterError(`Expected "${t}" at position ${tok.pos} but found ${describe(tok)}`);
    }
  }
}

function checkField(tok: Token): string {
  if (tok.t !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(tok.v)) {
    throw new FilterError(`Expected a field name at position ${tok.pos} but found ${describe(tok)}`);
  }
  return tok.v;
}

function describe(tok: Token): string {
  return tok.t === 'str' ? `string "${tok.v}"` : tok.t === 'word' ? `"${tok.v}"` : `"${tok.t}"`;
}

/** Parses a filter expression; throws FilterError on a syntax error. */
export function parseFilter(input: string): FilterNode {
  return new Parser(tokenize(input)).parse();
}

/** Which operators each field of an endpoint supports. */
export type FilterSupport = Record<string, readonly FilterOperator[]>;

/** Throws FilterError if the expression uses a field or operator the endpoint does not support. */
export function checkSupported(node: FilterNode, support: FilterSupport): void {
  if (node.kind === 'and' || node.kind === 'or') {
    checkSupported(node.left, support);
    checkSupported(node.right, support);
  } else if (node.kind === 'not') {
    checkSupported(node.operand, support);
  } else if (node.kind === 'compare') {
    const ops = Object.prototype.hasOwnProperty.call(support, node.field) ? support[node.field] : undefined;
    if (!ops) {
      throw new FilterError(`Unsupported filter field "${node.field}". Supported fields: ${Object.keys(support).join(', ')}`);
    }
    if (!ops.includes(node.op)) {
      throw new FilterError(`Unsupported operator "${node.op}" for field "${node.field}". Supported: ${ops.join(', ')}`);
    }
  }
}

/** A record's field values: strings, booleans, string collections, or absent. */
export type FilterRecord = Record<string, string | boolean | string[] | null | undefined>;

function lower(v: FilterValue): string {
  return String(v).toLowerCase();
}

function compareOne(actual: string | boolean, op: FilterOperator, expected: FilterValue): boolean {
  if (typeof actual === 'boolean') {
    // Booleans accept `true` and `"true"` alike.
    const want = typeof expected === 'boolean' ? expected : typeof expected === 'string' ? expected.toLowerCase() === 'true' ? true : expected.toLowerCase() === 'false' ? false : undefined : undefined;
    if (want === undefined) {
      throw new FilterError(`Invalid boolean value ${JSON.stringify(expected)}`);
    }
    return op === 'ne' ? actual !== want : actual === want;
  }
  const a = actual.toLowerCase();
  const e = lower(expected);
  switch (op) {
    case 'eq': return a === e;
    case 'ne': return a !== e;
    case 'co': return a.includes(e);
    case 'sw': return a.startsWith(e);
    case 'gt': return a > e;
    case 'ge': return a >= e;
    case 'lt': return a < e;
    case 'le': return a <= e;
    default: return false;
  }
}

/** Evaluates a parsed filter against one record (string comparisons are case-insensitive). */
export function evaluateFilter(node: FilterNode, record: FilterRecord): boolean {
  switch (node.kind) {
    case 'and': return evaluateFilter(node.left, record) && evaluateFilter(node.right, record);
    case 'or': return evaluateFilter(node.left, record) || evaluateFilter(node.right, record);
    case 'not': return !evaluateFilter(node.operand, record);
    default: break;
  }
  const actual = record[node.field];
  switch (node.op) {
    case 'pr': return actual !== undefined && actual !== null;
    case 'isnull': return actual === undefined || actual === null;
    case 'ca': {
      const have = new Set((Array.isArray(actual) ? actual : []).map((s) => s.toLowerCase()));
      return node.values.every((v) => have.has(lower(v)));
    }
    case 'in':
      return actual !== undefined && actual !== null && !Array.isArray(actual) && node.values.some((v) => compareOne(actual, 'eq', v));
    default:
      if (actual === undefined || actual === null) {
        return node.op === 'ne';
      }
      if (Array.isArray(actual)) {
        return actual.some((a) => compareOne(a, node.op, node.values[0]));
      }
      return compareOne(actual, node.op, node.values[0]);
  }
}
