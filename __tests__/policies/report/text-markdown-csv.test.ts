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

  it("breaks a resource address, construct path or stack name longer than its column across lines, never cutting it short", () => {
    const long = sampleReport();
    const address = "aws_s3_bucket_server_side_encryption_configuration.environment_data_encryption_8A1B2C3D";
    const path = "env-preview-feature-branch/environment/data/encryption-configuration-of-the-bucket";
    const stack = "env-preview-feature-branch-with-a-long-name";
    const finding = { ...long.findings[0], resource: address, constructPath: path, stack };
    for (const color of [false, true]) {
      const text = renderText({ ...long, findings: [finding] }, { color });
      expect(text).not.toContain("…");
      // The table's cells of a column, read top to bottom, give the whole value back.
      const rows = text.split("\n").filter((l) => l.startsWith("│") && !l.includes("Severity"));
      const column = (i: number) =>
        rows
          .map((r) =>
            r
              .split("│")
              [i].trim()
              .replace(/\u001b\[\d+m/g, "")
          )
          .join("");
      expect(column(3)).toBe(`${address}${path}`);
      expect(column(4)).toBe(stack);
    }
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
