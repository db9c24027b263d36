/**
 * Static evaluation of a configuration: what Terraform computes from literals
 * alone (literals inside interpolations, functions over literals, locals,
 * variables' defaults, `dynamic` blocks over literal collections) is replaced
 * by its value before any rule reads it, so that a rule judges it as it
 * judges the literal. What depends on a resource, a data source, or anything
 * only apply knows stays as written, and rules report it as unknown.
 */
import { FUNCTIONS, UNKNOWN, type Value } from "./functions";
import { parseTemplate, type Expr } from "./parse";

/** What references evaluate against. */
export interface Scope {
  /** Variables' values: their defaults, or a variable file's value; absent when a variable has none. */
  readonly variables: ReadonlyMap<string, unknown>;
  /** Locals as written (each evaluated when first read). */
  readonly locals: ReadonlyMap<string, unknown>;
  /** The instance of a resource with `count` (`count.index`) or `for_each` (`each.key`, `each.value`) being evaluated. */
  readonly instance?: { readonly index?: number; readonly key?: unknown; readonly value?: unknown };
  /** The names a `for` expression binds, to their values. */
  readonly names?: ReadonlyMap<string, unknown>;
  /** The iterators of enclosing `dynamic` blocks: name → { key, value }. */
  readonly iterators?: ReadonlyMap<string, { readonly key: unknown; readonly value: unknown }>;
}

/** Locals evaluated, per configuration (its map of locals): each once, whatever scope reads it. */
const localCache = new WeakMap<ReadonlyMap<string, unknown>, Map<string, Value>>();

/** The value of a Terraform JSON string: its literal, its template's text, or its expression's value; UNKNOWN when only Terraform knows it. */
export function evaluateString(text: string, scope: Scope): Value {
  return text.includes("${") || text.includes("%{") ? evaluate(parseTemplate(text), scope, 0) : text;
}

/** `value` with every string Terraform would compute from literals replaced by its value; unchanged parts keep their identity. */
export function evaluateValue(value: unknown, scope: Scope, depth = 0): unknown {
  if (depth > 64) return value;
  if (typeof value === "string") {
    if (!value.includes("${")) return value;
    const result = evaluateString(value, scope);
    return result === UNKNOWN ? value : result;
  }
  if (Array.isArray(value)) {
    const mapped = value.map((v) => evaluateValue(v, scope, depth + 1));
    return mapped.every((v, i) => v === value[i]) ? value : mapped;
  }
  if (value !== null && typeof value === "object") {
    let copy: Record<string, unknown> | undefined;
    for (const [key, v] of Object.entries(value)) {
      if (key === "//") continue;
      const mapped = key === "dynamic" ? v : evaluateValue(v, scope, depth + 1);
      if (mapped !== v) (copy ??= { ...(value as Record<string, unknown>) })[key] = mapped;
    }
    const expanded = expandDynamic(copy ?? (value as Record<string, unknown>), scope, depth);
    return expanded;
  }
  return value;
}

/**
 * `dynamic "<block>"` over a collection Terraform knows from literals becomes
 * the blocks it generates, appended to the block's list; one over an unknown
 * collection stays, for rules to report as unknown.
 */
function expandDynamic(body: Record<string, unknown>, scope: Scope, depth: number): Record<string, unknown> {
  const dynamic = body.dynamic;
  if (dynamic === undefined || dynamic === null || typeof dynamic !== "object") return body;
  const out: Record<string, unknown> = { ...body };
  const remaining: Record<string, unknown> = {};
  const specs = Array.isArray(dynamic) ? dynamic : [dynamic];
  for (const spec of specs) {
    for (const [blockName, raw] of Object.entries(spec as Record<string, unknown>)) {
      const definitions = Array.isArray(raw) ? raw : [raw];
      for (const definition of definitions) {
        const d = (definition ?? {}) as Record<string, unknown>;
        const iterator = typeof d.iterator === "string" ? d.iterator : blockName;
        const collection = typeof d.for_each === "string" ? evaluateString(d.for_each, scope) : evaluateValue(d.for_each, scope, depth + 1);
        const items = Array.isArray(collection) ? collection.map((v, i) => [i, v] as const) : collection !== null && typeof collection === "object" ? Object.entries(collection as Record<string, unknown>) : undefined;
        if (!items) {
          remaining[blockName] = raw;
          continue;
        }
        const content = Array.isArray(d.content) ? d.content[0] : d.content;
        const generated = items.map(([key, value]) => evaluateValue(content, { ...scope, iterators: new Map([...(scope.iterators ?? []), [iterator, { key, value }]]) }, depth + 1));
        const existing = out[blockName];
        out[blockName] = [...(Array.isArray(existing) ? existing : existing === undefined ? [] : [existing]), ...generated];
      }
    }
  }
  if (Object.keys(remaining).length > 0) out.dynamic = remaining;
  else delete out.dynamic;
  return out;
}

/**
 * The instances Terraform creates of a resource whose `count` or `for_each`
 * it knows from literals: each with its key (`0`, `"a"`) and the scope its
 * arguments evaluate in. Undefined when the collection is unknown, or too
 * large to judge instance by instance (more than `limit`).
 */
export function instancesOf(body: Readonly<Record<string, unknown>>, scope: Scope, limit = 256): { readonly key: number | string; readonly scope: Scope }[] | undefined {
  if (body.count !== undefined) {
    const count = typeof body.count === "string" ? evaluateString(body.count, scope) : body.count;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > limit) return undefined;
    return Array.from({ length: count }, (_, index) => ({ key: index, scope: { ...scope, instance: { index } } }));
  }
  if (body.for_each !== undefined) {
    const collection = typeof body.for_each === "string" ? evaluateString(body.for_each, scope) : deepEvaluate(body.for_each, scope, 0);
    // A set of strings is keyed by its values; a map by its keys.
    const entries: [string, unknown][] | undefined = Array.isArray(collection)
      ? collection.every((v) => typeof v === "string")
        ? [...new Set(collection as string[])].map((v) => [v, v])
        : undefined
      : isMap(collection)
        ? Object.entries(collection)
        : undefined;
    if (!entries || entries.length > limit) return undefined;
    return entries.map(([key, value]) => ({ key, scope: { ...scope, instance: { key, value } } }));
  }
  return undefined;
}

/** A scope of a configuration's variables (with values) and locals. */
export function scopeOf(variables: Iterable<readonly [string, { readonly default?: unknown }]>, locals: Iterable<readonly [string, unknown]>): Scope {
  const values = new Map<string, unknown>();
  for (const [name, variable] of variables) if ("default" in variable && variable.default !== undefined && variable.default !== null) values.set(name, variable.default);
  return { variables: values, locals: new Map(locals) };
}

function evaluate(expr: Expr, scope: Scope, depth: number): Value {
  if (depth > 64) return UNKNOWN;
  const sub = (e: Expr) => evaluate(e, scope, depth + 1);
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "template": {
      let text = "";
      for (const part of expr.parts) {
        if (typeof part === "string") text += part;
        else {
          const v = sub(part);
          if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") text += String(v);
          else return UNKNOWN;
        }
      }
      return text;
    }
    case "tuple": {
      const items = expr.items.map(sub);
      return items.includes(UNKNOWN) ? UNKNOWN : items;
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (const entry of expr.entries) {
        const key = sub(entry.key);
        const value = sub(entry.value);
        if (typeof key !== "string" || value === UNKNOWN) return UNKNOWN;
        out[key] = value;
      }
      return out;
    }
    case "ref":
      return reference(expr.root, expr.path, scope, depth);
    case "call": {
      // try and can: a first argument known from literals is the answer; one that is not may be an error or an unknown, which only Terraform tells apart.
      if ((expr.name === "try" || expr.name === "can") && expr.args.length > 0 && !expr.expand) {
        const first = sub(expr.args[0]);
        return first === UNKNOWN ? UNKNOWN : expr.name === "try" ? first : true;
      }
      const fn = FUNCTIONS[expr.name];
      if (!fn) return UNKNOWN;
      let args = expr.args.map(sub);
      if (args.includes(UNKNOWN)) return UNKNOWN;
      if (expr.expand) {
        const last = args[args.length - 1];
        if (!Array.isArray(last)) return UNKNOWN;
        args = [...args.slice(0, -1), ...last];
      }
      return fn(...args);
    }
    case "index":
      return indexInto(sub(expr.target), sub(expr.index));
    case "attr": {
      const target = sub(expr.target);
      return isMap(target) && expr.name in target ? target[expr.name] : UNKNOWN;
    }
    case "unary": {
      const v = sub(expr.operand);
      if (expr.op === "-") return typeof v === "number" ? -v : UNKNOWN;
      return typeof v === "boolean" ? !v : UNKNOWN;
    }
    case "binary":
      return binary(expr.op, sub(expr.left), sub(expr.right));
    case "conditional": {
      const test = sub(expr.test);
      return typeof test === "boolean" ? sub(test ? expr.then : expr.otherwise) : UNKNOWN;
    }
    case "splat": {
      const target = sub(expr.target);
      if (target === UNKNOWN) return UNKNOWN;
      // A splat over null is an empty tuple, over one value a tuple of it.
      const items = target === null ? [] : Array.isArray(target) ? target : [target];
      const out = items.map((item) => expr.each.reduce<Value>((v, step) => (v === UNKNOWN ? UNKNOWN : "attr" in step ? (isMap(v) && step.attr in v ? v[step.attr] : UNKNOWN) : indexInto(v, sub(step.index))), item));
      return out.includes(UNKNOWN) ? UNKNOWN : out;
    }
    case "for":
      return forEach(expr, scope, depth);
    case "opaque":
      return UNKNOWN;
  }
}

function indexInto(target: Value, index: Value): Value {
  if (Array.isArray(target) && typeof index === "number") return index in target ? target[index] : UNKNOWN;
  if (isMap(target) && (typeof index === "string" || typeof index === "number")) return String(index) in target ? target[String(index)] : UNKNOWN;
  return UNKNOWN;
}

/** A `for` expression over a collection known from literals: a tuple, or an object (grouped with `...`). Maps are walked in key order, as Terraform walks them. */
function forEach(expr: Extract<Expr, { kind: "for" }>, scope: Scope, depth: number): Value {
  const collection = evaluate(expr.collection, scope, depth + 1);
  const pairs: [unknown, unknown][] | undefined = Array.isArray(collection) ? collection.map((v, i) => [i, v]) : isMap(collection) ? Object.keys(collection).sort().map((k) => [k, collection[k]]) : undefined;
  if (!pairs) return UNKNOWN;
  const tuple: unknown[] = [];
  const object: Record<string, unknown> = {};
  for (const [k, v] of pairs) {
    const names = new Map(scope.names ?? []);
    if (expr.keyName) names.set(expr.keyName, k);
    names.set(expr.valueName, v);
    const inner: Scope = { ...scope, names };
    if (expr.condition) {
      const keep = evaluate(expr.condition, inner, depth + 1);
      if (typeof keep !== "boolean") return UNKNOWN;
      if (!keep) continue;
    }
    const value = evaluate(expr.value, inner, depth + 1);
    if (value === UNKNOWN) return UNKNOWN;
    if (!expr.key) {
      tuple.push(value);
      continue;
    }
    const key = evaluate(expr.key, inner, depth + 1);
    if (typeof key !== "string" && typeof key !== "number") return UNKNOWN;
    if (expr.grouped) object[String(key)] = [...((object[String(key)] as unknown[]) ?? []), value];
    else if (String(key) in object) return UNKNOWN; // Terraform refuses a duplicate key without `...`.
    else object[String(key)] = value;
  }
  return expr.key ? object : tuple;
}

function reference(root: string, path: readonly string[], scope: Scope, depth: number): Value {
  let value: Value;
  let rest = path;
  if (scope.names?.has(root)) {
    value = scope.names.get(root);
  } else if (root === "var" && path.length > 0) {
    if (!scope.variables.has(path[0])) return UNKNOWN;
    value = scope.variables.get(path[0]);
    rest = path.slice(1);
  } else if (root === "local" && path.length > 0) {
    value = local(path[0], scope, depth);
    rest = path.slice(1);
  } else if (root === "count" && path[0] === "index" && scope.instance?.index !== undefined) {
    value = scope.instance.index;
    rest = path.slice(1);
  } else if (root === "each" && (path[0] === "key" || path[0] === "value") && scope.instance && "key" in scope.instance) {
    value = path[0] === "key" ? scope.instance.key : scope.instance.value;
    rest = path.slice(1);
  } else if (scope.iterators?.has(root) && path.length > 0 && (path[0] === "key" || path[0] === "value")) {
    const iterator = scope.iterators.get(root) as { key: unknown; value: unknown };
    value = path[0] === "key" ? iterator.key : iterator.value;
    rest = path.slice(1);
  } else return UNKNOWN;
  for (const key of rest) {
    if (value === UNKNOWN) return UNKNOWN;
    value = isMap(value) && key in value ? value[key] : Array.isArray(value) && /^\d+$/.test(key) ? (value[Number(key)] ?? UNKNOWN) : UNKNOWN;
  }
  return value;
}

/**
 * A local's value, evaluated once per configuration in the configuration's own
 * scope (no `each`, `count` or `for` names: a local cannot see them); a local
 * that refers back to itself is unknown.
 */
function local(name: string, scope: Scope, depth: number): Value {
  if (!scope.locals.has(name)) return UNKNOWN;
  let cache = localCache.get(scope.locals);
  if (!cache) localCache.set(scope.locals, (cache = new Map()));
  if (cache.has(name)) return cache.get(name);
  cache.set(name, UNKNOWN);
  const raw = scope.locals.get(name);
  const own: Scope = { variables: scope.variables, locals: scope.locals };
  const value = typeof raw === "string" ? evaluateString(raw, own) : deepEvaluate(raw, own, depth + 1);
  cache.set(name, value);
  return value;
}

/** A whole value, every string evaluated; UNKNOWN when any part is. */
function deepEvaluate(value: unknown, scope: Scope, depth: number): Value {
  if (depth > 64) return UNKNOWN;
  if (typeof value === "string") return evaluateString(value, scope);
  if (Array.isArray(value)) {
    const items = value.map((v) => deepEvaluate(v, scope, depth + 1));
    return items.includes(UNKNOWN) ? UNKNOWN : items;
  }
  if (isMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const e = deepEvaluate(v, scope, depth + 1);
      if (e === UNKNOWN) return UNKNOWN;
      out[k] = e;
    }
    return out;
  }
  return value;
}

function binary(op: string, left: Value, right: Value): Value {
  if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
  if (op === "==") return JSON.stringify(left) === JSON.stringify(right);
  if (op === "!=") return JSON.stringify(left) !== JSON.stringify(right);
  if (op === "&&" || op === "||") return typeof left === "boolean" && typeof right === "boolean" ? (op === "&&" ? left && right : left || right) : UNKNOWN;
  if (typeof left !== "number" || typeof right !== "number") return UNKNOWN;
  switch (op) {
    case "+":
      return left + right;
    case "-":
      return left - right;
    case "*":
      return left * right;
    case "/":
      return right === 0 ? UNKNOWN : left / right;
    case "%":
      return right === 0 ? UNKNOWN : left % right;
    case "<":
      return left < right;
    case ">":
      return left > right;
    case "<=":
      return left <= right;
    case ">=":
      return left >= right;
    default:
      return UNKNOWN;
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
