/** The schema of one waiver, shared by waivers files and the waivers recorded in stack metadata. */
import { z } from "zod/v3";
import { parseDeadline } from "../lib/core/time";

const text = (what: string) =>
  z.string({ required_error: `${what} is missing`, invalid_type_error: `${what} must be a string` }).trim().min(1, `${what} is empty`).max(1024, `${what} is longer than 1024 characters`);

/** One waiver: which rule, what it covers, why, who answers for it, and until when. */
export const WAIVER_SCHEMA = z
  .object({
    ruleId: text("ruleId"),
    resource: text("resource").optional(),
    constructPath: text("constructPath").optional(),
    stack: text("stack").optional(),
    reason: text("reason"),
    owner: text("owner").optional(),
    ticket: text("ticket").optional(),
    expires: text("expires").refine((value) => parseDeadline(value) !== undefined, {
      message: "expires must be a real date YYYY-MM-DD or an ISO-8601 UTC instant such as 2026-03-31T18:00:00Z",
    }),
  })
  .strict()
  .superRefine((waiver, context) => {
    if (!waiver.resource && !waiver.constructPath) context.addIssue({ code: "custom", path: ["resource"], message: "resource or constructPath is missing: say what the waiver covers" });
    if (!waiver.owner && !waiver.ticket) context.addIssue({ code: "custom", path: ["owner"], message: "owner or ticket is missing: say who answers for the waiver" });
  });
