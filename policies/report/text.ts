/** The terminal report: a table of findings and a summary, colored when asked. */
import Table from "cli-table3";
import { createColors } from "picocolors";
import { terminalSafe as safe } from "../../lib/core/text";
import { Finding, Report } from "../engine";
import type { Waiver } from "../waivers";

/** Options of the text renderer. */
export interface TextOptions {
  /**
   * Use ANSI colors. The CLI decides (TTY and no NO_COLOR); the renderer stays pure.
   * @default false
   */
  readonly color?: boolean;
}

/** Most findings shown as a table; beyond, one block of lines per finding (a table that long is unreadable, and slow to lay out). */
export const TEXT_TABLE_MAX_FINDINGS = 100;

/** Renders findings as a table (or, when there are many, as lines) followed by totals and waiver notes. */
export function renderText(report: Report, options: TextOptions = {}): string {
  const c = createColors(options.color ?? false);
  const lines: string[] = [];
  if (report.findings.length > TEXT_TABLE_MAX_FINDINGS) {
    for (const f of report.findings) {
      lines.push(`${severityLabel(f, c)} ${safe(f.ruleId)} ${safe(f.resource)} (${safe(f.stack)})${f.constructPath ? ` ${c.dim(safe(f.constructPath))}` : ""}`);
      lines.push(`  ${safe(f.message)}`, `  ${c.dim(`Fix: ${safe(f.remediation)}`)}`);
    }
  } else if (report.findings.length > 0) {
    const table = new Table({
      head: ["Severity", "Rule", "Resource", "Stack", "Finding"],
      style: { head: options.color ? ["bold"] : [], border: [] },
      wordWrap: true,
      colWidths: [10, 20, 36, 18, 64],
    });
    for (const f of report.findings) {
      const resource = f.constructPath ? `${safe(f.resource)}\n${c.dim(safe(f.constructPath))}` : safe(f.resource);
      // An address or a path is one long word: broken across lines, never cut short.
      table.push([severityLabel(f, c), ruleCell(f, c), whole(resource), whole(safe(f.stack)), `${safe(f.message)}\n${c.dim(`Fix: ${safe(f.remediation)}`)}`]);
    }
    lines.push(table.toString());
  }
  const s = report.summary;
  const verdict = s.errors > 0 ? c.red("FAILED") : c.green("PASSED");
  lines.push(`${verdict}: ${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${s.waived} waived — ${plural(s.resources, "resource")} of ${plural(s.stacks, "file")} checked against ${plural(s.rules, "rule")}.`);
  for (const w of report.waivers.inForce) lines.push(`Waiver in force: ${safe(describeWaiver(w))}.`);
  for (const w of report.waivers.expired) lines.push(c.yellow(safe(`Expired waiver: ${w.ruleId} for ${w.resource ?? `${w.constructPath}/*`} expired on ${w.expires}.`)));
  for (const w of report.waivers.unused) lines.push(c.dim(safe(`Unused waiver: ${w.ruleId} for ${w.resource ?? `${w.constructPath}/*`} matched no finding; delete it.`)));
  for (const note of report.notes) lines.push(`Note: ${safe(note)}`);
  return `${lines.join("\n")}\n`;
}

/** A cell whose words longer than its column are broken across lines (cli-table3 cuts them short with "…" otherwise). */
function whole(content: string): { content: string; wrapOnWordBoundary: false } {
  return { content, wrapOnWordBoundary: false };
}

/** The rule id with its public equivalents (checkov, trivy) below it. */
function ruleCell(f: Finding, c: ReturnType<typeof createColors>): string {
  const equivalents = [...(f.equivalents.checkov ?? []), ...(f.equivalents.trivy ?? [])];
  return equivalents.length > 0 ? `${safe(f.ruleId)}\n${c.dim(equivalents.join(" "))}` : safe(f.ruleId);
}

/** One line about a waiver: rule, target, reason, who, until when. */
export function describeWaiver(w: Waiver): string {
  const who = [w.owner, w.ticket].filter(Boolean).join(", ");
  return `${w.ruleId} for ${w.resource ?? `${w.constructPath}/*`}${w.stack ? ` in ${w.stack}` : ""} until ${w.expires} (${who}): ${w.reason}`;
}

function severityLabel(f: Finding, c: ReturnType<typeof createColors>): string {
  if (f.waived) return c.dim(`${f.severity} (waived)`);
  if (f.severity === "error") return c.red("error");
  return f.severity === "warning" ? c.yellow("warning") : c.cyan("info");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
