/**
 * JUnit XML report: a test suite per stack and a test case per rule evaluated
 * there. Unwaived error findings are failures; warnings, notes and waived
 * findings go to the case's system-out.
 */
import { EXPIRED_WAIVER_RULE_ID, Finding, Report } from "../engine";

/** Renders the report as JUnit XML. */
export function renderJunit(report: Report): string {
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  const byCase = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = `${f.stack}\u0000${f.ruleId}`;
    const list = byCase.get(key);
    if (list) list.push(f);
    else byCase.set(key, [f]);
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const stack of report.stacks) {
    const cases = stack.ruleIds.map((id) => testCase(stack.name, id, titles.get(id) ?? id, byCase.get(`${stack.name}\u0000${id}`) ?? []));
    suites.push(suite(stack.name, cases, [["tier", stack.tier], ["resources", String(stack.resources)], ...(stack.file ? [["file", stack.file] as [string, string]] : [])]));
    tests += cases.length;
    failures += cases.filter((c) => c.failed).length;
  }
  const expired = report.findings.filter((f) => f.ruleId === EXPIRED_WAIVER_RULE_ID);
  if (expired.length > 0) {
    const cases = [testCase("waivers", EXPIRED_WAIVER_RULE_ID, "Waivers are renewed or removed before they expire", expired)];
    suites.push(suite("waivers", cases, []));
    tests += 1;
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="envctl check" tests="${tests}" failures="${failures}" errors="0" skipped="0">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}

interface Case {
  readonly xml: string;
  readonly failed: boolean;
}

function testCase(stack: string, ruleId: string, title: string, findings: readonly Finding[]): Case {
  const isFailure = (f: Finding) => !f.waived && f.severity === "error";
  const failing = findings.filter(isFailure);
  const other = findings.filter((f) => !isFailure(f));
  const lines = [`    <testcase classname="${esc(stack)}" name="${esc(`${ruleId} ${title}`)}">`];
  if (failing.length > 0) {
    const body = failing.map((f) => `${f.resource}: ${f.message}\nFix: ${f.remediation}`).join("\n\n");
    lines.push(`      <failure message="${esc(`${failing.length} resource${failing.length === 1 ? "" : "s"} fail ${ruleId}`)}" type="error">${esc(body)}</failure>`);
  }
  if (other.length > 0) {
    const body = other.map((f) => `${f.waived ? `${f.severity} (waived)` : f.severity}: ${f.resource}: ${f.message}`).join("\n");
    lines.push(`      <system-out>${esc(body)}</system-out>`);
  }
  lines.push("    </testcase>");
  return { xml: lines.join("\n"), failed: failing.length > 0 };
}

function suite(name: string, cases: readonly Case[], properties: readonly (readonly [string, string])[]): string {
  const failures = cases.filter((c) => c.failed).length;
  const props = properties.length === 0 ? [] : ["    <properties>", ...properties.map(([k, v]) => `      <property name="${esc(k)}" value="${esc(v)}"/>`), "    </properties>"];
  return [`  <testsuite name="${esc(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`, ...props, ...cases.map((c) => c.xml), "  </testsuite>"].join("\n");
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 forbids. */
export function esc(text: string): string {
  return text
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
