/**
 * A parser of Terraform's expression syntax, for the expressions a
 * configuration can compute from literals alone: literals, tuples and
 * objects, `var.` and `local.` references, function calls, operators,
 * conditionals, indexes and attributes, splats, `for` expressions, and string
 * templates. Anything else (a template directive, a heredoc) parses as an
 * `opaque` node, which evaluates to unknown: never guessed.
 */

/** A parsed expression. */
export type Expr =
  | { readonly kind: "literal"; readonly value: unknown }
  | { readonly kind: "template"; readonly parts: readonly (string | Expr)[] }
  | { readonly kind: "tuple"; readonly items: readonly Expr[] }
  | { readonly kind: "object"; readonly entries: readonly { readonly key: Expr; readonly value: Expr }[] }
  | { readonly kind: "ref"; readonly root: string; readonly path: readonly string[] }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expr[]; readonly expand: boolean }
  | { readonly kind: "index"; readonly target: Expr; readonly index: Expr }
  | { readonly kind: "attr"; readonly target: Expr; readonly name: string }
  | { readonly kind: "unary"; readonly op: "-" | "!"; readonly operand: Expr }
  | { readonly kind: "binary"; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "conditional"; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr }
  | { readonly kind: "splat"; readonly target: Expr; readonly each: readonly Accessor[] }
  | {
      readonly kind: "for";
      readonly keyName?: string;
      readonly valueName: string;
      readonly collection: Expr;
      readonly key?: Expr;
      readonly value: Expr;
      readonly condition?: Expr;
      readonly grouped: boolean;
    }
  | { readonly kind: "opaque" };

/** One step after a splat, applied to every element: an attribute or an index. */
export type Accessor = { readonly attr: string } | { readonly index: Expr };

const OPAQUE: Expr = { kind: "opaque" };
class Unparsable extends Error {}

/**
 * Parses a Terraform JSON string as the template it is: literal text, `${ }`
 * interpolations, and `%{ }` directives (opaque). A string without them is a literal.
 */
export function parseTemplate(text: string): Expr {
  const parts: (string | Expr)[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      literal += text.slice(i + 1, i + 3);
      i += 3;
    } else if (text.startsWith("${", i) || text.startsWith("%{", i)) {
      const directive = text[i] === "%";
      const end = closingBrace(text, i + 2);
      if (end < 0) return OPAQUE;
      if (literal) parts.push(literal);
      literal = "";
      parts.push(directive ? OPAQUE : parseExpression(text.slice(i + 2, end).replace(/^~|~$/g, "")));
      i = end + 1;
    } else literal += text[i++];
  }
  if (literal) parts.push(literal);
  if (parts.length === 1 && typeof parts[0] !== "string") return parts[0];
  return parts.every((p) => typeof p === "string") ? { kind: "literal", value: parts.join("") } : { kind: "template", parts };
}

/** Where the `}` closing an interpolation that starts at `from` is, skipping strings and nested braces; -1 when none. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = endOfString(text, i + 1);
      if (i < 0) return -1;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function endOfString(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text.startsWith("${", i)) {
      const end = closingBrace(text, i + 2);
      if (end < 0) return -1;
      i = end;
    } else if (text[i] === '"') return i;
  }
  return -1;
}

type Token = { readonly type: "num" | "str" | "ident" | "op" | "eof"; readonly value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) i++;
    else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ type: "num", value: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ type: "ident", value: m[0] });
      i += m[0].length;
    } else if (c === '"') {
      const end = endOfString(source, i + 1);
      if (end < 0) throw new Unparsable();
      tokens.push({ type: "str", value: source.slice(i + 1, end) });
      i = end + 1;
    } else {
      const op = ["...", "==", "!=", "<=", ">=", "&&", "||", "=>", "::"].find((o) => source.startsWith(o, i)) ?? c;
      tokens.push({ type: "op", value: op });
      i += op.length;
    }
  }
  tokens.push({ type: "eof", value: "" });
  return tokens;
}

/** Unescapes the body of a quoted HCL string into its template (escapes resolved, interpolations kept). */
function stringTemplate(body: string): Expr {
  let text = "";
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "\\") {
      text += body[i];
      continue;
    }
    const next = body[++i];
    const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
    if (next in simple) text += simple[next];
    else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      text += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (next === "U" && /^[0-9a-fA-F]{8}$/.test(body.slice(i + 1, i + 9))) {
      text += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16));
      i += 8;
    } else throw new Unparsable();
  }
  return parseTemplate(text);
}

const PRECEDENCE: Record<string, number> = { "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6 };

/** Parses one expression; one this parser does not know parses as opaque. */
export function parseExpression(source: string): Expr {
  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch {
    return OPAQUE;
  }
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const expect = (value: string) => {
    if (next().value !== value) throw new Unparsable();
  };

  const primary = (): Expr => {
    const token = next();
    if (token.type === "num") return { kind: "literal", value: Number(token.value) };
    if (token.type === "str") return stringTemplate(token.value);
    if (token.type === "ident") {
      if (token.value === "true" || token.value === "false") return { kind: "literal", value: token.value === "true" };
      if (token.value === "null") return { kind: "literal", value: null };
      if (token.value === "for") throw new Unparsable();
      if (peek().value === "(") {
        next();
        const args: Expr[] = [];
        let expand = false;
        while (peek().value !== ")") {
          args.push(expression());
          if (peek().value === "...") {
            next();
            expand = true;
          }
          if (peek().value === ",") next();
          else if (peek().value !== ")") throw new Unparsable();
        }
        next();
        return { kind: "call", name: token.value, args, expand };
      }
      return { kind: "ref", root: token.value, path: [] };
    }
    if (token.value === "(") {
      const inner = expression();
      expect(")");
      return inner;
    }
    if (token.value === "[") {
      if (peek().type === "ident" && peek().value === "for") return forExpression("]");
      const items: Expr[] = [];
      while (peek().value !== "]") {
        items.push(expression());
        if (peek().value === ",") next();
        else if (peek().value !== "]") throw new Unparsable();
      }
      next();
      return { kind: "tuple", items };
    }
    if (token.value === "{") {
      if (peek().type === "ident" && peek().value === "for") return forExpression("}");
      const entries: { key: Expr; value: Expr }[] = [];
      while (peek().value !== "}") {
        const keyToken = peek();
        const key: Expr = keyToken.type === "ident" && (tokens[at + 1].value === "=" || tokens[at + 1].value === ":") ? (next(), { kind: "literal", value: keyToken.value }) : expression();
        const separator = next().value;
        if (separator !== "=" && separator !== ":") throw new Unparsable();
        entries.push({ key, value: expression() });
        if (peek().value === ",") next();
      }
      next();
      return { kind: "object", entries };
    }
    if (token.value === "-" || token.value === "!") return { kind: "unary", op: token.value, operand: postfix(primary()) };
    throw new Unparsable();
  };

  /** `for k, v in coll : value if cond` (tuple) or `for k, v in coll : key => value... if cond` (object), after its opening bracket. */
  const forExpression = (closing: "]" | "}"): Expr => {
    next();
    const first = next();
    if (first.type !== "ident") throw new Unparsable();
    let keyName: string | undefined;
    let valueName = first.value;
    if (peek().value === ",") {
      next();
      const second = next();
      if (second.type !== "ident") throw new Unparsable();
      keyName = first.value;
      valueName = second.value;
    }
    if (next().value !== "in") throw new Unparsable();
    const collection = expression();
    expect(":");
    let key: Expr | undefined;
    let value = expression();
    let grouped = false;
    if (closing === "}") {
      expect("=>");
      key = value;
      value = expression();
      if (peek().value === "...") {
        next();
        grouped = true;
      }
    }
    let condition: Expr | undefined;
    if (peek().type === "ident" && peek().value === "if") {
      next();
      condition = expression();
    }
    expect(closing);
    return { kind: "for", keyName, valueName, collection, key, value, condition, grouped };
  };

  /** The accessors after a splat: `.name` and `[index]`, each applied to every element. */
  const splatAccessors = (): Accessor[] => {
    const each: Accessor[] = [];
    for (;;) {
      if (peek().value === "." && tokens[at + 1].type === "ident") {
        next();
        each.push({ attr: next().value });
      } else if (peek().value === "[" && tokens[at + 1].value !== "*") {
        next();
        each.push({ index: expression() });
        expect("]");
      } else return each;
    }
  };

  const postfix = (base: Expr): Expr => {
    let expr = base;
    for (;;) {
      if (peek().value === ".") {
        next();
        const name = next();
        if (name.value === "*") {
          // The legacy attribute splat `.*` applies only the attributes after it.
          const each: Accessor[] = [];
          while (peek().value === "." && tokens[at + 1].type === "ident") {
            next();
            each.push({ attr: next().value });
          }
          expr = { kind: "splat", target: expr, each };
          continue;
        }
        if (name.type === "num") expr = { kind: "index", target: expr, index: { kind: "literal", value: Number(name.value) } };
        else if (expr.kind === "ref") expr = { kind: "ref", root: expr.root, path: [...expr.path, name.value] };
        else expr = { kind: "attr", target: expr, name: name.value };
      } else if (peek().value === "[") {
        next();
        if (peek().value === "*") {
          next();
          expect("]");
          expr = { kind: "splat", target: expr, each: splatAccessors() };
          continue;
        }
        const index = expression();
        expect("]");
        expr = { kind: "index", target: expr, index };
      } else return expr;
    }
  };

  const binary = (minimum: number): Expr => {
    let left = postfix(primary());
    for (;;) {
      const op = peek().value;
      const precedence = peek().type === "op" ? PRECEDENCE[op] : undefined;
      if (precedence === undefined || precedence < minimum) return left;
      next();
      left = { kind: "binary", op, left, right: binary(precedence + 1) };
    }
  };

  const expression = (): Expr => {
    const test = binary(1);
    if (peek().value !== "?") return test;
    next();
    const then = expression();
    expect(":");
    return { kind: "conditional", test, then, otherwise: expression() };
  };

  try {
    const result = expression();
    return peek().type === "eof" ? result : OPAQUE;
  } catch {
    return OPAQUE;
  }
}
