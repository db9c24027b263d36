/** Markdown report for pull-request comments and job summaries. */
import { Report } from "../engine";

/** Renders a summary table and a findings table. */
export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const lines = [
    `## Policy check: ${s.errors > 0 ? "failed" : "passed"}`,
    "",
    "| Errors | Warnings | Waived | Resources | Rules |",
    "| ---: | ---: | ---: | ---: | ---: |",
    `| ${s.errors} | ${s.warnings} | ${s.waived} | ${s.resources} | ${s.rules} |`,
    "",
  ];
  if (report.findings.length === 0) lines.push("No findings.");
  else {
    lines.push("| Severity | Rule | Resource | Stack | Finding | Fix |", "| --- | --- | --- | --- | --- | --- |");
    for (const f of report.findings) {
      const severity = f.waived ? `${f.severity} (waived)` : f.severity;
      lines.push(`| ${severity} | ${cell(f.ruleId)} | \`${cell(f.resource)}\` | ${cell(f.stack)} | ${cell(f.message)} | ${cell(f.remediation)} |`);
    }
  }
  if (report.waivers.expired.length > 0 || report.waivers.unused.length > 0) {
    lines.push("", "### Waivers", "");
    for (const w of report.waivers.expired) lines.push(`- Expired: ${cell(w.ruleId)} for \`${cell(w.resource ?? `${w.constructPath}/*`)}\` on ${w.expires}`);
    for (const w of report.waivers.unused) lines.push(`- Unused: ${cell(w.ruleId)} for \`${cell(w.resource ?? `${w.constructPath}/*`)}\``);
  }
  return `${lines.join("\n")}\n`;
}

function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>").replace(/`/g, "'");
}
