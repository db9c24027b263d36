/** Report renderers: pure functions from a report to text. */
export { renderText, type TextOptions } from "./text";
export { renderJson, toJsonReport, type JsonReport, type JsonFinding } from "./json";
export { renderSarif, toSarif, type SarifOptions } from "./sarif";
export { renderJunit } from "./junit";
export { renderMarkdown } from "./markdown";
export { renderCsv } from "./csv";
export { REPORT_FORMATS, type ReportFormat, renderReport, isReportFormat, type RenderOptions } from "./render";
