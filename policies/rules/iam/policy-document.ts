/**
 * Reading IAM policy documents: JSON strings, decoded objects (plans),
 * `${jsonencode(...)}` literals (cdktf's `Fn.jsonencode`), and references to `data.aws_iam_policy_document` in the same stack, which is how
 * cdktf code usually writes policies.
 */
import { isReference, StackModel, TfResource } from "../../model";
import { blocks } from "../helpers";
import { readJsonencode } from "./hcl-literal";

/** One statement of an IAM policy document, as written. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

/** The statements of a policy document, or undefined when it is a reference or not a JSON policy. */
export function parsePolicyDocument(value: unknown): Statement[] | undefined {
  let document: unknown = value;
  if (typeof value === "string") {
    const encoded = readJsonencode(value);
    if (encoded !== undefined) return parsePolicyDocument(encoded);
    // A JSON document may hold references in its values (a Resource ARN of
    // another resource): they are read as the strings they are. A bare
    // reference is not JSON and stays unresolved.
    try {
      document = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (document === null || typeof document !== "object" || Array.isArray(document)) return undefined;
  const statement = (document as Record<string, unknown>).Statement;
  const list = Array.isArray(statement) ? statement : statement !== undefined ? [statement] : undefined;
  if (!list || !list.every((s) => s !== null && typeof s === "object")) return undefined;
  return list as Statement[];
}

/** Why a policy value could not be read, for messages: an unresolved reference, or not a JSON document. */
export function unreadablePolicy(value: unknown): string {
  return isReference(value) ? `a reference (${String(value)}) that could not be resolved` : "not a JSON policy document";
}

/** True when an Action/Resource value is, or includes, the wildcard `*`. */
export function includesWildcard(value: unknown): boolean {
  return value === "*" || (Array.isArray(value) && value.includes("*"));
}

/**
 * The statements of a policy given as JSON, or as a reference to the `json`
 * of an `aws_iam_policy_document` data source of the stack (resolved from its
 * statement blocks). Undefined when it cannot be resolved.
 */
export function resolvePolicyDocument(value: unknown, stack: StackModel): Statement[] | undefined {
  const direct = parsePolicyDocument(value);
  if (direct !== undefined || typeof value !== "string") return direct;
  const match = DATA_DOCUMENT.exec(value.trim());
  const document = match ? documentsOf(stack).get(match[1]) : undefined;
  if (!document) return undefined;
  const rendered = parsePolicyDocument(document.attributes.json);
  if (rendered !== undefined) return rendered;
  const a = document.attributes;
  if (blocks(a.source_policy_documents).length > 0 || nonEmpty(a.source_policy_documents) || nonEmpty(a.override_policy_documents)) return undefined;
  return blocks(a.statement).map(toStatement);
}

const DATA_DOCUMENT = /^\$\{((?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*data\.aws_iam_policy_document\.[A-Za-z0-9_-]+)\.(?:json|minified_json)\}$/;

const documentIndexes = new WeakMap<StackModel, Map<string, TfResource>>();

function documentsOf(stack: StackModel): Map<string, TfResource> {
  let index = documentIndexes.get(stack);
  if (!index) {
    index = new Map(stack.dataSources.filter((d) => d.type === "aws_iam_policy_document").map((d) => [d.address, d]));
    documentIndexes.set(stack, index);
  }
  return index;
}

function toStatement(block: Record<string, unknown>): Statement {
  const principals = blocks(block.principals);
  const conditions = blocks(block.condition);
  return {
    ...(typeof block.sid === "string" ? { Sid: block.sid } : {}),
    Effect: block.effect ?? "Allow",
    Action: block.actions,
    NotAction: block.not_actions,
    Resource: block.resources,
    Principal: principalOf(principals),
    Condition: conditions.length > 0 ? conditions : undefined,
  };
}

function principalOf(principals: Record<string, unknown>[]): unknown {
  if (principals.length === 0) return undefined;
  if (principals.some((p) => p.type === "*" && includesWildcard(p.identifiers))) return "*";
  return Object.fromEntries(principals.map((p) => [String(p.type), p.identifiers]));
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
}
