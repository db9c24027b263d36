/**
 * When a resource policy lets anyone in: an Allow statement whose principal
 * is everyone (`"*"`, `{ AWS: "*" }`) and whose conditions do not narrow who
 * the caller is or where the call comes from. A condition that only asks for
 * TLS (`aws:SecureTransport`) or a time window leaves the resource public.
 */
import { blocks } from "../helpers";
import { Statement } from "./policy-document";
import { internetSources } from "../network-ingress/internet";

/** Condition keys that name the caller, its account or organization, or its network origin. */
const NARROWING_KEYS = new Set(
  [
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalServiceName",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceIp",
    "aws:VpcSourceIp",
    "aws:userid",
    "aws:username",
    "kms:CallerAccount",
    "kms:ViaService",
  ].map((k) => k.toLowerCase()),
);

/** True when `principal` is everyone: `"*"`, or `"*"` among the AWS principals. */
export function isEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  if (principal === null || typeof principal !== "object" || Array.isArray(principal)) return false;
  const aws = (principal as Record<string, unknown>).AWS;
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

/** Labels (`Sid` or `#n`) of the statements that allow everyone with no narrowing condition. */
export function openStatements(statements: readonly Statement[]): string[] {
  return statements.flatMap((s, i) => (isOpen(s) ? [s.Sid ?? `#${i + 1}`] : []));
}

function isOpen(statement: Statement): boolean {
  return statement.Effect === "Allow" && isEveryone(statement.Principal) && !narrows(statement.Condition);
}

/**
 * Whether a condition narrows the caller. It reads the JSON form
 * (`{ StringEquals: { "aws:SourceAccount": "1" } }`) and the form of
 * `aws_iam_policy_document` blocks (`[{ test, variable, values }]`). Negated
 * operators, `ForAllValues` (true when the key is absent), `Null` and
 * wildcard-only values do not narrow.
 */
function narrows(condition: unknown): boolean {
  if (condition === undefined || condition === null) return false;
  if (Array.isArray(condition)) return blocks(condition).some((c) => narrowingTest(String(c.test ?? ""), String(c.variable ?? ""), c.values));
  if (typeof condition !== "object") return false;
  return Object.entries(condition as Record<string, unknown>).some(([operator, keys]) =>
    keys !== null && typeof keys === "object" && Object.entries(keys as Record<string, unknown>).some(([key, values]) => narrowingTest(operator, key, values)),
  );
}

function narrowingTest(operator: string, key: string, values: unknown): boolean {
  if (/Not|^Null$|^ForAllValues:/i.test(operator)) return false;
  if (!NARROWING_KEYS.has(key.toLowerCase())) return false;
  const list = (Array.isArray(values) ? values : [values]).map(String);
  // A source range that is the whole internet, in any spelling or as ranges that together cover it, narrows nothing.
  return list.length > 0 && !list.some((v) => v === "*") && internetSources(list).length === 0;
}
