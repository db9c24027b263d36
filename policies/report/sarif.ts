/**
 * SARIF 2.1.0 report, accepted by GitHub code scanning: one rule descriptor
 * per rule, one result per finding, located in the scanned file and at the
 * resource's address and construct path. Waived findings carry a suppression.
 */
import { createHash } from "node:crypto";
import { EXPIRED_WAIVER_RULE_ID, Finding, Report, RuleDescriptor } from "../engine";
import { FindingSeverity, RuleLevel } from "../rule";

/** Options of the SARIF renderer. */
export interface SarifOptions {
  /**
   * Tool version written in the driver.
   * @default "0.0.0"
   */
  readonly toolVersion?: string;
  /**
   * File that expired-waiver findings point at, relative to the working directory.
   * @default - the first scanned file
   */
  readonly waiversFile?: string;
}

/** Builds the SARIF log object. */
export function toSarif(report: Report, options: SarifOptions = {}): Record<string, unknown> {
  const descriptors = [...report.rules];
  if (report.findings.some((f) => f.ruleId === EXPIRED_WAIVER_RULE_ID)) descriptors.push(EXPIRED_WAIVER_DESCRIPTOR);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const files = new Map(report.stacks.map((s) => [s.name, s.file ?? `cdktf.out/stacks/${s.name}/cdk.tf.json`]));
  const fallback = options.waiversFile ?? report.stacks[0]?.file ?? "cdktf.out/manifest.json";
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "envctl", semanticVersion: options.toolVersion ?? "0.0.0", rules: descriptors.map(ruleDescriptor) } },
        results: report.findings.map((f) => result(f, index.get(f.ruleId), files.get(f.stack) ?? fallback)),
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

/** Renders the SARIF log as JSON text. */
export function renderSarif(report: Report, options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(report, options), null, 2)}\n`;
}

const EXPIRED_WAIVER_DESCRIPTOR: RuleDescriptor = {
  id: EXPIRED_WAIVER_RULE_ID,
  title: "Waivers are renewed or removed before they expire",
  category: "parity",
  remediation: "Fix the finding and delete the waiver, or renew it with a new expiry and an updated reason.",
  equivalents: {},
  severity: { preview: "warning", dev: "warning", test: "warning", staging: "warning", prod: "warning" },
};

function ruleDescriptor(rule: RuleDescriptor): Record<string, unknown> {
  const equivalents = [...(rule.equivalents.checkov ?? []), ...(rule.equivalents.trivy ?? []), ...(rule.equivalents.cis ?? []).map((c) => `CIS AWS ${c}`)];
  const levels = Object.entries(rule.severity).map(([tier, level]) => `${tier}: ${level}`).join(", ");
  const help = `${rule.title}.\n\nRemediation: ${rule.remediation}\n\nSeverity by tier: ${levels}.${equivalents.length ? `\n\nEquivalent controls: ${equivalents.join(", ")}.` : ""}`;
  return {
    id: rule.id,
    name: pascal(rule.title),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title} (${rule.category}). ${rule.remediation}` },
    help: { text: help, markdown: help },
    defaultConfiguration: { level: sarifLevel(rule.severity.prod) },
    properties: {
      category: rule.category,
      tags: ["security", "terraform", rule.category],
      "security-severity": SECURITY_SEVERITY[rule.severity.prod],
      checkov: [...(rule.equivalents.checkov ?? [])],
      trivy: [...(rule.equivalents.trivy ?? [])],
      cis: [...(rule.equivalents.cis ?? [])],
    },
  };
}

function result(f: Finding, ruleIndex: number | undefined, uri: string): Record<string, unknown> {
  const logical = [{ name: f.resource, fullyQualifiedName: `${f.stack}/${f.resource}`, kind: "resource" }];
  if (f.constructPath) logical.push({ name: f.constructPath.split("/").pop() ?? f.constructPath, fullyQualifiedName: f.constructPath, kind: "module" });
  return {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: sarifLevel(f.severity),
    message: { text: `${f.resource} (stack ${f.stack}): ${f.message}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: toUri(uri) }, region: { startLine: 1 } }, logicalLocations: logical }],
    partialFingerprints: { "envctlFinding/v1": createHash("sha256").update(`${f.ruleId}\u0000${f.stack}\u0000${f.resource}`).digest("hex") },
    ...(f.waived && f.waiver ? { suppressions: [{ kind: "external", status: "accepted", justification: `${f.waiver.reason} (expires ${f.waiver.expires})` }] } : {}),
    properties: {
      stack: f.stack,
      resource: f.resource,
      ...(f.constructPath ? { constructPath: f.constructPath } : {}),
      checkov: [...(f.equivalents.checkov ?? [])],
      trivy: [...(f.equivalents.trivy ?? [])],
      cis: [...(f.equivalents.cis ?? [])],
    },
  };
}

const SECURITY_SEVERITY: Record<RuleLevel, string> = { error: "8.0", warning: "5.0", info: "2.0", off: "0.0" };

function sarifLevel(level: FindingSeverity | RuleLevel): "error" | "warning" | "note" | "none" {
  if (level === "info") return "note";
  return level === "off" ? "none" : level;
}

function toUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join("/");
}

function pascal(text: string): string {
  return text.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : "")).replace(/^./, (ch) => ch.toUpperCase());
}
