import { renderCsv, renderMarkdown, renderReport, renderText, REPORT_FORMATS } from "../../../policies/report";
import { field } from "../../../policies/report/csv";
import { sampleReport } from "./fixtures";

const report = sampleReport();

describe("text report", () => {
  it("lists every finding and the totals without colors by default", () => {
    const text = renderText(report);
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toContain("ENV-NET-001");
    expect(text).toContain("env-prod/logs/Resource");
    expect(text).toContain("FAILED: 4 errors, 1 warning, 1 waived — 4 resources of 2 files checked against 136 rules.");
    expect(text).toContain("Expired waiver: ENV-ENC-012 for aws_cloudwatch_log_group.old expired on 2025-12-31.");
  });

  it("colors severities when asked", () => {
    expect(renderText(report, { color: true })).toMatch(/\u001b\[31merror/);
  });
});

describe("markdown report", () => {
  it("has a summary table and a findings table with pipes escaped", () => {
    const md = renderMarkdown(report);
    expect(md).toContain("| 4 | 1 | 1 | 4 | 2 | 136 |");
    expect(md).toContain("| error | ENV-NET-001 | CKV_AWS_24 AWS-0107 | `aws_security_group.web`");
    for (const line of md.split("\n").filter((l) => l.startsWith("| error"))) expect(line.split(/(?<!\\)\|/).length).toBe(9);
  });

  it("lists the waivers in force, expired and unused", () => {
    const md = renderMarkdown(report);
    expect(md).toContain("### Waivers");
    for (const w of report.waivers.inForce) expect(md).toContain(`- In force: ${w.ruleId} for`);
  });
});

describe("CSV report", () => {
  it("quotes fields per RFC 4180 and ends lines with CRLF", () => {
    expect(field('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(field("plain")).toBe("plain");
    const csv = renderCsv(report);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("ruleId,category,severity,resource,stack,message,remediation,waived,constructPath,checkov,trivy,waiverReason,waiverExpires");
    expect(lines).toHaveLength(report.findings.length + 2);
    expect(csv.endsWith("\r\n")).toBe(true);
  });
});

describe("renderReport", () => {
  it.each(REPORT_FORMATS)("renders %s as non-empty text", (format) => {
    expect(renderReport(format, report).length).toBeGreaterThan(50);
  });
});

describe("text report: waivers and equivalents", () => {
  it("lists each waiver in force with its reason, owner or ticket, and expiry", () => {
    expect(renderText(report)).toContain("Waiver in force: ENV-VER-001 for aws_s3_bucket.logs until 2026-03-31 (OPS-12): Log bucket: versions would double storage.");
  });

  it("shows the checkov and trivy ids under the rule id", () => {
    const rows = renderText(report).split("\n");
    const at = rows.findIndex((r) => r.includes("ENV-NET-001"));
    expect(rows.slice(at + 1, at + 3).join("\n")).toMatch(/CKV_AWS_24[\s\S]*AWS-0107/);
  });
});
