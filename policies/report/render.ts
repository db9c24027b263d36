/**
 * Picks a renderer by format name. Each renderer is loaded when its format is
 * asked for, so that a synth (which renders nothing) never loads the table
 * and color libraries of the text report.
 */
import type { Report } from "../engine";
import type { SarifOptions } from "./sarif";
import type { TextOptions } from "./text";

/** Every report format, as named on the command line. */
export const REPORT_FORMATS = ["text", "json", "sarif", "junit", "markdown", "csv"] as const;

/** A report format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Options passed to the renderers that take any. */
export type RenderOptions = TextOptions & SarifOptions;

/** True when `value` names a report format. */
export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === "string" && (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Renders `report` in `format`. */
export function renderReport(format: ReportFormat, report: Report, options: RenderOptions = {}): string {
  switch (format) {
    case "text":
      return (require("./text") as typeof import("./text")).renderText(report, options);
    case "json":
      return (require("./json") as typeof import("./json")).renderJson(report);
    case "sarif":
      return (require("./sarif") as typeof import("./sarif")).renderSarif(report, options);
    case "junit":
      return (require("./junit") as typeof import("./junit")).renderJunit(report);
    case "markdown":
      return (require("./markdown") as typeof import("./markdown")).renderMarkdown(report);
    case "csv":
      return (require("./csv") as typeof import("./csv")).renderCsv(report);
  }
}
