/** The JSON report: a stable contract of exactly these keys, for scripts and dashboards. */
import { Report } from "../engine";

/** One finding in the JSON report. */
export interface JsonFinding {
  readonly ruleId: string;
  readonly category: string;
  readonly severity: "error" | "warning" | "info";
  readonly resource: string;
  readonly stack: string;
  readonly message: string;
  readonly remediation: string;
  readonly waived: boolean;
}

/** The JSON report document. */
export interface JsonReport {
  readonly findings: readonly JsonFinding[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly waived: number; readonly resources: number; readonly stacks: number; readonly rules: number };
}

/** The report as a JSON document with exactly the keys of `JsonReport` (other details live in SARIF). */
export function toJsonReport(report: Report): JsonReport {
  return {
    findings: report.findings.map((f) => ({
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      resource: f.resource,
      stack: f.stack,
      message: f.message,
      remediation: f.remediation,
      waived: f.waived,
    })),
    summary: {
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      waived: report.summary.waived,
      resources: report.summary.resources,
      stacks: report.summary.stacks,
      rules: report.summary.rules,
    },
  };
}

/** Renders the JSON report, pretty-printed, with a trailing newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
