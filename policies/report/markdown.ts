/** Markdown report for pull-request comments and job summaries. */
import { Report } from "../engine";
import { describeWaiver } from "./text";

/** Renders a summary table and a findings table. */
export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const lines = [
    `## Policy check: ${s.errors > 0 ? "failed" : "passed"}`,
    "",
    "| Errors | Warnings | Waived | Resources | Files | Rules |",
    "| ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${s.errors} | ${s.warnings} | ${s.waived} | ${s.resources} | ${s.stacks} | ${s.rules} |`,
    "",
  ];
  if (report.findings.length === 0) lines.push("No findings.");
  else {
    lines.push("| Severity | Rule | Equivalents | Resource | Stack | Finding | Fix |", "| --- | --- | --- | --- | --- | --- | --- |");
    for (const f of report.findings) {
      const severity = f.waived ? `${f.severity} (waived)` : f.severity;
      const equivalents = [...(f.equivalents.checkov ?? []), ...(f.equivalents.trivy ?? [])].join(" ");
      const resource = f.constructPath ? `\`${cell(f.resource)}\`<br>${cell(f.constructPath)}` : `\`${cell(f.resource)}\``;
      lines.push(`| ${severity} | ${cell(f.ruleId)} | ${cell(equivalents)} | ${resource} | ${cell(f.stack)} | ${cell(f.message)} | ${cell(f.remediation)} |`);
    }
  }
  const { inForce, expired, unused } = report.waivers;
  if (inForce.length > 0 || expired.length > 0 || unused.length > 0) {
    lines.push("", "### Waivers", "");
    for (const w of inForce) lines.push(`- In force: ${cell(describeWaiver(w))}`);
    for (const w of report.waivers.expired) lines.push(`- Expired: ${cell(w.ruleId)} for \`${cell(w.resource ?? `${w.constructPath}/*`)}\` on ${w.expires}`);
    for (const w of report.waivers.unused) lines.push(`- Unused: ${cell(w.ruleId)} for \`${cell(w.resource ?? `${w.constructPath}/*`)}\``);
  }
  if (report.notes.length > 0) lines.push("", ...report.notes.map((note) => `> ${cell(note)}`));
  return `${lines.join("\n")}\n`;
}

function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, "<br>").replace(/`/g, "'");
}
