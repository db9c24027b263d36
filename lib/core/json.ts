/**
 * Reading JSON text that a user handed us, without ever echoing it back: an
 * error names the file, the line and the column, and what was expected there,
 * never the content (a waivers or plan file may hold secrets).
 */
import type { ParseError } from "jsonc-parser";
import { EnvkitInputError } from "./errors";

/** Where a parse failed: 1-based line and column. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** Parses JSON text; a syntax error becomes an `EnvkitInputError` naming `where`, the line and the column. */
export function parseJsonText(text: string, where: string, expected = "JSON"): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new EnvkitInputError(`${where}: not valid JSON (${describeSyntaxError(text)}). Expected ${expected}.`);
  }
}

/** The first syntax error of `text`, as `<what> at line L, column C`, without quoting the text. */
export function describeSyntaxError(text: string): string {
  if (text.trim() === "") return "the file is empty";
  // Loaded only when there is an error to explain.
  const { parse: parseTolerant, printParseErrorCode } = require("jsonc-parser") as typeof import("jsonc-parser");
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return "a syntax error";
  const { line, column } = positionOf(text, first.offset);
  return `${humanize(printParseErrorCode(first.error))} at line ${line}, column ${column}`;
}

/** The 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function humanize(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
