/** Picks a renderer by format name. */
import { Report } from "../engine";
import { renderCsv } from "./csv";
import { renderJson } from "./json";
import { renderJunit } from "./junit";
import { renderMarkdown } from "./markdown";
import { renderSarif, SarifOptions } from "./sarif";
import { renderText, TextOptions } from "./text";

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
      return renderText(report, options);
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report, options);
    case "junit":
      return renderJunit(report);
    case "markdown":
      return renderMarkdown(report);
    case "csv":
      return renderCsv(report);
  }
}
