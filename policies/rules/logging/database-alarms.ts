import { fail, pass, Rule } from "../../rule";
import { PROD_ADVISORY } from "../levels";
import { block } from "../helpers";
import type { StackModel, TfResource } from "../../model";

const BY_IDENTIFIER = new WeakMap<StackModel, Map<string, TfResource[]>>();

/** The stack's alarms by the literal DBInstanceIdentifier they watch, indexed once per stack. */
function alarmsByLiteralIdentifier(stack: StackModel): Map<string, TfResource[]> {
  let index = BY_IDENTIFIER.get(stack);
  if (!index) {
    index = new Map();
    for (const alarm of stack.resourcesOfType("aws_cloudwatch_metric_alarm")) {
      const name = block(alarm.attributes.dimensions)?.DBInstanceIdentifier;
      if (typeof name === "string") index.set(name, [...(index.get(name) ?? []), alarm]);
    }
    BY_IDENTIFIER.set(stack, index);
  }
  return index;
}

/** The RDS metrics a watched database has alarms on. */
export const WATCHED_DATABASE_METRICS = Object.freeze(["CPUUtilization", "FreeStorageSpace", "DatabaseConnections"] as const);

/** A database in prod has alarms on its CPU, free storage and connections. */
export const databaseAlarms: Rule = {
  id: "ENV-LOG-004",
  category: "logging",
  title: "Databases have CPU, free storage and connection alarms (an error in prod)",
  severity: PROD_ADVISORY,
  appliesTo: ["aws_db_instance"],
  equivalents: {},
  remediation: "Use the Environment construct (its Monitoring adds the alarms), or add aws_cloudwatch_metric_alarm resources in namespace AWS/RDS on CPUUtilization, FreeStorageSpace and DatabaseConnections with dimensions.DBInstanceIdentifier = this instance's identifier",
  check(db, stack) {
    const identifier = db.attributes.identifier;
    // In a plan, a map built from references (dimensions = { DBInstanceIdentifier = <db>.identifier }) is one reference expression.
    const dimension = (alarm: TfResource) => (typeof alarm.attributes.dimensions === "string" ? alarm.attributes.dimensions : block(alarm.attributes.dimensions)?.DBInstanceIdentifier);
    const byReference = stack.referrersOf(db, "aws_cloudwatch_metric_alarm").filter((a) => stack.refersTo(dimension(a), db));
    const byName = typeof identifier === "string" ? (alarmsByLiteralIdentifier(stack).get(identifier) ?? []) : [];
    const watched = new Set([...byReference, ...byName].filter((a) => a.attributes.namespace === "AWS/RDS").map((a) => a.attributes.metric_name));
    const missing = WATCHED_DATABASE_METRICS.filter((m) => !watched.has(m));
    if (missing.length === 0) return pass();
    return fail(`no alarm watches its ${missing.join(", ")}: an outage would be noticed by its users first`);
  },
};
