import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ZodTypeAny } from "zod/v3";
import * as api from "../api";
import * as kubernetesApi from "../api/kubernetes";
import { buildProgram } from "../controller/cli/main";
import { tierProfileSchema } from "../lib/core/profile";
import { environmentSpecSchema, serviceSchema } from "../lib/environments/schema";
import { ALL_RULES } from "../policies/rules/all-rules";

/**
 * Every hint the library gives must point at something that exists: a
 * construct the package exports, an envctl command it has, a spec or tier
 * field it reads, a cdktf command. As later work adds constructs and
 * commands, their names become valid here by existing.
 */
const ROOT = resolve(__dirname, "..");

/** Words in CamelCase that name AWS or Terraform things, not our constructs. */
const AWS_TERMS = new Set(["DocumentDB", "DynamoDB", "CloudWatch", "OpenSearch", "BucketOwnerEnforced", "SourceVpce", "PrincipalOrgID", "SecureString", "SecretsManager", "ElastiCache", "CloudTrail", "CloudFront", "ApiGateway", "GuardDuty", "SecurityHub", "FreeStorageSpace", "DatabaseConnections", "CPUUtilization", "PostgreSQL", "MySQL", "MariaDB", "InvokeFunctionUrl", "PrivateLink", "AmazonRDSEnhancedMonitoringRole", "PutTraceSegments", "PutTelemetryRecords", "SourceArn", "SourceAccount", "PrincipalArn", "NotAction", "AdministratorAccess", "GetObject", "PutObject", "CodeBuild"]);
const CDKTF_COMMANDS = new Set(["synth", "deploy", "destroy", "diff", "list", "get", "init", "output", "watch"]);

function sourceTexts(): { file: string; text: string }[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : e.endsWith(".ts") ? [join(dir, e)] : []));
  return ["lib", "policies", "stacks"].flatMap((d) => walk(join(ROOT, d))).map((file) => ({ file, text: readFileSync(file, "utf8") }));
}

/** String literals and template literals of a source file: what a user can see. */
function literals(text: string): string[] {
  // Template expressions (`${...}`) are code, not text: they are left out.
  return [...text.matchAll(/"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)].map((m) => (m[1] ?? m[2]).replace(/\$\{[^}]*\}/g, " "));
}

function unwrap(schema: ZodTypeAny): ZodTypeAny {
  let current = schema;
  for (;;) {
    const def = current._def as { innerType?: ZodTypeAny; schema?: ZodTypeAny; in?: ZodTypeAny };
    const next = def.innerType ?? def.schema ?? def.in;
    if (!next) return current;
    current = next;
  }
}

/** True when `path` names a field of `schema` (objects, unions, records). */
function hasPath(schema: ZodTypeAny, path: readonly string[]): boolean {
  if (path.length === 0) return true;
  const inner = unwrap(schema);
  const def = inner._def as { typeName: string; shape?: () => Record<string, ZodTypeAny>; options?: ZodTypeAny[]; valueType?: ZodTypeAny };
  if (def.typeName === "ZodObject") {
    const child = def.shape?.()[path[0]];
    return child !== undefined && hasPath(child, path.slice(1));
  }
  if (def.typeName === "ZodUnion" || def.typeName === "ZodDiscriminatedUnion") return (def.options ?? []).some((o) => hasPath(o, path));
  if (def.typeName === "ZodRecord") return def.valueType !== undefined && hasPath(def.valueType, path.slice(1));
  return false;
}

const hints = [...ALL_RULES.flatMap((r) => [r.remediation, r.title]), ...sourceTexts().flatMap((s) => literals(s.text))];

describe("messages point at things that exist", () => {
  it("names only constructs and classes the package exports (or AWS terms)", () => {
    const exported = new Set([...Object.keys(api), ...Object.keys(kubernetesApi)]);
    const unknown = new Set<string>();
    for (const text of ALL_RULES.map((r) => r.remediation)) {
      for (const [word] of text.matchAll(/\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\b/g)) if (!exported.has(word) && !AWS_TERMS.has(word)) unknown.add(word);
    }
    expect([...unknown]).toEqual([]);
  });

  it("names only envctl commands that exist", () => {
    const program = buildProgram({ cwd: ROOT, now: () => new Date(), stdout: () => undefined, stderr: () => undefined, stdoutIsTty: false, env: {} }, () => undefined);
    const commands = new Set(program.commands.map((c) => c.name()));
    const pages = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => join("docs", f))].map((f) => readFileSync(join(ROOT, f), "utf8"));
    const mentioned = new Set([...hints, ...pages].flatMap((t) => [...t.matchAll(/(?:npx |`)envctl ([a-z][a-z-]*)/g)].map((m) => m[1])));
    expect([...mentioned].filter((c) => !commands.has(c))).toEqual([]);
  });

  it("names only cdktf commands that exist", () => {
    const mentioned = new Set(hints.flatMap((t) => [...t.matchAll(/`(?:npx )?cdktf ([a-z]+)/g)].map((m) => m[1])));
    expect(mentioned.size).toBeGreaterThan(0);
    expect([...mentioned].filter((c) => !CDKTF_COMMANDS.has(c))).toEqual([]);
  });

  it("names only spec fields and tier fields that exist", () => {
    // A path starts a word of its own: "pod-security.kubernetes.io/enforce" is a label, not a field.
    // A page of the docs (lifecycle.md) is not a field either.
    const paths = new Set(hints.flatMap((t) => [...t.matchAll(/(?<![-\w.])((?:overrides|lifecycle|sizing|security)(?:\.[a-zA-Z][a-zA-Z0-9]*)+)/g)].map((m) => m[1]).filter((p) => !p.endsWith(".md"))));
    expect(paths.size).toBeGreaterThan(3);
    const missing = [...paths].filter((p) => {
      const parts = p.split(".");
      return !hasPath(environmentSpecSchema, parts) && !hasPath(environmentSpecSchema.shape.overrides, parts) && !hasPath(tierProfileSchema, parts) && !hasPath(serviceSchema, parts);
    });
    expect(missing).toEqual([]);
  });
});
