/** Backup retention against the tier's minimum, shared by the instance and cluster rules. */
import { tierProfile } from "../../../lib/core/tiers";
import { StackModel, TfResource } from "../../model";
import { fail, notApplicable, pass, RuleResult } from "../../rule";
import { isSet, numberValue, unknownValue, unresolved } from "../helpers";

/**
 * Passes when backup_retention_period is at least the tier's
 * lifecycle.backupRetentionDays. A read replica in the same region keeps no
 * automated backups of its own worth judging (its source does): not applicable.
 */
export function checkRetention(resource: TfResource, stack: StackModel, providerDefaultDays: number): RuleResult {
  const raw = resource.attributes.backup_retention_period;
  const value = numberValue(raw);
  if (value === undefined && resource.type === "aws_db_instance" && isSet(resource.attributes.replicate_source_db)) return notApplicable();
  if (value === "unresolved") return unknownValue(unresolved("backup_retention_period", raw, "a number of days"));
  const minimum = tierProfile(stack.tier).lifecycle.backupRetentionDays;
  const days = value ?? providerDefaultDays;
  if (days >= minimum) return pass();
  const shown = value === undefined ? `not set (the default is ${providerDefaultDays} day${providerDefaultDays === 1 ? "" : "s"})` : `${days} day${days === 1 ? "" : "s"}`;
  return fail(`backup_retention_period is ${shown}; the ${stack.tier} tier requires at least ${minimum} day${minimum === 1 ? "" : "s"}`);
}
