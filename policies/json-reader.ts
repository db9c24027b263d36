/**
 * Reading Terraform JSON as Terraform does. Terraform's JSON syntax lets a
 * document repeat a key (`"resource"` twice declares both sets of resources),
 * which `JSON.parse` would silently reduce to the last one: this reader keeps
 * every repeated key, so the policy layer reads everything Terraform plans.
 * It is iterative (no recursion, so no stack overflow on deep input), limits
 * nesting depth, and reports syntax errors by line and column without ever
 * echoing the input (which may hold secrets).
 */
import { createScanner } from "jsonc-parser";
import { positionOf } from "../lib/core/json";
import { PolicyInputError } from "./errors";

/** Deepest nesting the reader accepts; Terraform JSON is a few dozen levels deep. */
export const MAX_JSON_DEPTH = 1000;

/** Every value of each key that an object repeats, in document order (the object's own property holds the last). */
const REPEATED = new WeakMap<object, Map<string, unknown[]>>();

/** Every [key, value] pair of an object, repeated keys included, in document order. */
export function entriesOf(value: unknown): [string, unknown][] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
  const repeated = REPEATED.get(value);
  const entries = Object.entries(value as Record<string, unknown>);
  if (!repeated) return entries;
  return entries.flatMap(([key, v]) => (repeated.has(key) ? (repeated.get(key) as unknown[]).map((each) => [key, each] as [string, unknown]) : [[key, v] as [string, unknown]]));
}

/** The keys an object repeats (empty for most). */
export function repeatedKeys(value: object): string[] {
  return [...(REPEATED.get(value)?.keys() ?? [])];
}

// Token kinds of jsonc-parser's scanner (a const enum there).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const COLON = 6;
const NULL = 7;
const TRUE = 8;
const FALSE = 9;
const STRING = 10;
const NUMBER = 11;
const LINE_BREAK = 14;
const TRIVIA = 15;
const EOF = 17;

type Expect = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close";
type Frame = { readonly kind: "object"; readonly value: Record<string, unknown>; key?: string } | { readonly kind: "array"; readonly value: unknown[] };

/**
 * Parses JSON text, keeping repeated keys (see `entriesOf`). A syntax error,
 * or nesting deeper than `MAX_JSON_DEPTH`, is a `PolicyInputError` naming
 * `where`, the line and the column.
 */
export function readTerraformJsonText(text: string, where: string): unknown {
  const scanner = createScanner(text, true);
  const stack: Frame[] = [];
  let root: unknown;
  let done = false;
  // What the grammar allows next (a property of an object, so that closures can change it).
  const state: { expect: Expect } = { expect: "value" };

  const fail = (what: string): never => {
    const { line, column } = positionOf(text, scanner.getTokenOffset());
    throw new PolicyInputError(`${where}: not valid JSON (${what} at line ${line}, column ${column}). Expected Terraform configuration JSON or \`terraform show -json\` output.`);
  };
  const put = (value: unknown) => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = value;
      done = true;
    } else if (top.kind === "array") {
      top.value.push(value);
    } else {
      const key = top.key as string;
      if (Object.prototype.hasOwnProperty.call(top.value, key)) {
        let repeated = REPEATED.get(top.value);
        if (!repeated) REPEATED.set(top.value, (repeated = new Map()));
        const all = repeated.get(key) ?? [top.value[key]];
        all.push(value);
        repeated.set(key, all);
      }
      Object.defineProperty(top.value, key, { value, writable: true, enumerable: true, configurable: true });
      top.key = undefined;
    }
    state.expect = stack.length === 0 ? "value" : "comma-or-close";
  };
  const open = (frame: Frame) => {
    if (stack.length >= MAX_JSON_DEPTH) fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    stack.push(frame);
    state.expect = frame.kind === "object" ? "key-or-close" : "value-or-close";
  };

  for (;;) {
    const token = scanner.scan();
    if (token === TRIVIA || token === LINE_BREAK) continue;
    if (scanner.getTokenError() !== 0) fail("a malformed string or number");
    if (token === EOF) break;
    if (done) fail("more content after the end of the document");
    const wantsValue = state.expect === "value" || state.expect === "value-or-close";
    switch (token) {
      case OPEN_BRACE:
      case OPEN_BRACKET:
      case NULL:
      case TRUE:
      case FALSE:
      case NUMBER:
        if (!wantsValue) fail(state.expect === "colon" ? "a colon expected" : state.expect.startsWith("key") ? "a property name expected" : "a comma or a closing bracket expected");
        if (token === OPEN_BRACE) open({ kind: "object", value: {} });
        else if (token === OPEN_BRACKET) open({ kind: "array", value: [] });
        else put(token === NULL ? null : token === TRUE ? true : token === FALSE ? false : Number(scanner.getTokenValue()));
        break;
      case STRING:
        if (state.expect === "key" || state.expect === "key-or-close") {
          (stack[stack.length - 1] as { key?: string }).key = scanner.getTokenValue();
          state.expect = "colon";
        } else if (wantsValue) {
          put(scanner.getTokenValue());
        } else {
          fail(state.expect === "colon" ? "a colon expected" : "a comma or a closing bracket expected");
        }
        break;
      case COLON:
        if (state.expect !== "colon") fail("an unexpected colon");
        state.expect = "value";
        break;
      case COMMA:
        if (state.expect !== "comma-or-close") fail("an unexpected comma");
        state.expect = stack[stack.length - 1].kind === "object" ? "key" : "value";
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET: {
        const top = stack[stack.length - 1];
        const closes = token === CLOSE_BRACE ? "object" : "array";
        if (!top || top.kind !== closes || !(state.expect === "comma-or-close" || state.expect === `${closes === "object" ? "key" : "value"}-or-close`)) fail(`an unexpected closing ${token === CLOSE_BRACE ? "brace" : "bracket"}`);
        stack.pop();
        put(top.value);
        break;
      }
      default:
        fail(token === 12 || token === 13 ? "a comment (JSON has none)" : "an unexpected character");
    }
  }
  if (!done) fail(stack.length > 0 ? "the document ends before it is complete" : "no value");
  return root;
}
