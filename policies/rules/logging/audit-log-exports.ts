/** Whether a cluster exports its audit log to CloudWatch, shared by the Neptune and DocumentDB rules (their attributes differ by one letter). */
import { TfResource } from "../../model";
import { fail, pass, RuleResult } from "../../rule";
import { unknownValue } from "../helpers";

/** Passes when the list in `attribute` holds `audit`; a list that is one unresolved expression is reported as unknown. */
export function requireAuditExport(cluster: TfResource, attribute: string, consequence: string): RuleResult {
  const exports = cluster.attributes[attribute];
  if (typeof exports === "string" && exports.includes("${")) return unknownValue(`${attribute} is ${JSON.stringify(exports)}, which could not be resolved; set it to a literal list so the policy can verify it`);
  const list = Array.isArray(exports) ? exports : [];
  if (list.includes("audit")) return pass();
  if (list.some((t) => typeof t === "string" && t.includes("${"))) return unknownValue(`${attribute} is ${JSON.stringify(exports)}, which could not be resolved; set it to a literal list so the policy can verify it`);
  return fail(`${attribute} ${list.length === 0 ? "is not set (no logs are exported by default)" : `lacks audit (it holds ${list.join(", ")})`}: ${consequence}`);
}
