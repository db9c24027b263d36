/**
 * CSV report (RFC 4180: CRLF line ends, fields quoted when they hold commas,
 * quotes or line breaks). No cell can start a formula when the file is opened
 * in a spreadsheet: values from the input are what an attacker controls.
 */
import { spreadsheetSafe } from "../../lib/core/text";
import { Report } from "../engine";

const COLUMNS = ["ruleId", "category", "severity", "resource", "stack", "message", "remediation", "waived", "constructPath", "checkov", "trivy", "waiverReason", "waiverExpires"] as const;

/** Renders one row per finding, with a header row. */
export function renderCsv(report: Report): string {
  const rows = report.findings.map((f) => [f.ruleId, f.category, f.severity, f.resource, f.stack, f.message, f.remediation, String(f.waived), f.constructPath ?? "", (f.equivalents.checkov ?? []).join(" "), (f.equivalents.trivy ?? []).join(" "), f.waived ? (f.waiver?.reason ?? "") : "", f.waived ? (f.waiver?.expires ?? "") : ""]);
  return [[...COLUMNS], ...rows].map((row) => row.map((value) => field(spreadsheetSafe(value))).join(",")).join("\r\n") + "\r\n";
}

/** Quotes a field when RFC 4180 requires it. */
export function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
