/** A price table given on the command line (`--prices`), and how figures in US dollars read. */
import { resolve } from "node:path";
import type { FileSystem } from "../../lib/core/fs";
import { parseJsonText } from "../../lib/core/json";
import { parsePriceTable, type PriceTable } from "../../policies/cost/price-table";
import { DEFAULT_MAX_INPUT_MIB, readBounded } from "../checks/inputs";
import { displayPath } from "../manifest/output";

/** The price table at `path` (relative to `cwd`); a problem names `--prices <path>` and the field. */
export function readPriceTableFile(fs: FileSystem, cwd: string, path: string): PriceTable {
  const shown = `--prices ${displayPath(cwd, path)}`;
  const text = readBounded(fs, resolve(cwd, path), shown, DEFAULT_MAX_INPUT_MIB);
  return parsePriceTable(parseJsonText(text, shown, "a price table (JSON)"), shown);
}

const USD = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `$1,234.50`. */
export function dollars(usd: number): string {
  return `$${USD.format(usd)}`;
}
