import { StackModel, TfResource } from "../../model";
import { fail, notApplicable, pass, Rule, RuleResult } from "../../rule";
import { designated, unknownValue } from "../helpers";
import { SECURITY } from "../levels";
import { atLeast, familyOf, KnownParameterGroup, parameterGroupOf, parameterOf, versionOf } from "./parameter-groups";

/** How an engine requires TLS: the parameter, the values that turn it on, and the version from which AWS turns it on by default. */
interface TlsParameter {
  readonly name: string;
  readonly on: readonly string[];
  /** First version whose default parameter group requires TLS; undefined when no version does. */
  readonly onByDefaultFrom?: readonly number[];
}

const FORCE_SSL = { name: "rds.force_ssl", on: ["1"] } as const;
const SECURE_TRANSPORT = { name: "require_secure_transport", on: ["1", "on"] } as const;

/** Engines whose TLS requirement is a parameter; Oracle (an option group), Db2 and the rest are not judged. */
const ENGINES: Readonly<Record<string, TlsParameter>> = {
  postgres: { ...FORCE_SSL, onByDefaultFrom: [15] },
  "aurora-postgresql": FORCE_SSL,
  mysql: { ...SECURE_TRANSPORT, onByDefaultFrom: [9, 7] },
  "aurora-mysql": SECURE_TRANSPORT,
  mariadb: { ...SECURE_TRANSPORT, onByDefaultFrom: [11, 8] },
  "sqlserver-ee": FORCE_SSL,
  "sqlserver-se": FORCE_SSL,
  "sqlserver-ex": FORCE_SSL,
  "sqlserver-web": FORCE_SSL,
};

/** The group field and type of each database type. */
const GROUPS: Readonly<Record<string, readonly [field: string, type: string]>> = {
  aws_db_instance: ["parameter_group_name", "aws_db_parameter_group"],
  aws_rds_cluster: ["db_cluster_parameter_group_name", "aws_rds_cluster_parameter_group"],
};

const CONSEQUENCE = "clients may connect without TLS, and credentials and query results cross the network in the clear";

/** RDS databases refuse connections that do not use TLS. */
export const rdsRequireTls: Rule = {
  id: "ENV-ENC-024",
  category: "encryption",
  title: "RDS instances and clusters require TLS through their parameter group (rds.force_ssl or require_secure_transport)",
  severity: SECURITY,
  appliesTo: Object.keys(GROUPS),
  equivalents: { checkov: ["CKV2_AWS_69"] },
  remediation:
    "Use the Database construct, or attach a parameter group (aws_db_parameter_group; aws_rds_cluster_parameter_group for clusters) with parameter rds.force_ssl = 1 (PostgreSQL, SQL Server) or require_secure_transport = 1 (MySQL, MariaDB).",
  check(db, stack) {
    const source = replicaSource(db, stack);
    const engine = db.attributes.engine ?? source?.attributes.engine;
    if (typeof engine === "string" && engine.includes("${")) return unknownValue(`engine is ${JSON.stringify(engine)}, which could not be resolved; whether the database requires TLS depends on the engine, so set it to a literal so the policy can verify it`);
    const tls = typeof engine === "string" ? ENGINES[engine] : undefined;
    if (!tls) return notApplicable();
    const [field, groupType] = GROUPS[db.type];
    // A same-region read replica without a group of its own uses its source's.
    const owner = db.attributes[field] === undefined && source ? source : db;
    if (owner === db && db.attributes[field] === undefined && typeof db.attributes.replicate_source_db === "string") {
      return unknownValue(`replicate_source_db ${JSON.stringify(db.attributes.replicate_source_db)} names a database outside this stack, whose parameter group this replica uses; give the replica a ${field} so the policy can verify it`);
    }
    const group = parameterGroupOf(owner, field, groupType, stack);
    if (group.kind === "unknown") return unknownValue(`${group.why}; whether it sets ${tls.name} cannot be verified`);
    return judge(group, tls, owner.attributes.engine_version ?? db.attributes.engine_version, field);
  },
};

function judge(group: KnownParameterGroup, tls: TlsParameter, engineVersion: unknown, field: string): RuleResult {
  if (group.kind === "group") {
    const parameter = parameterOf(group.group, tls.name);
    if (parameter.kind === "unresolved") return unknownValue(parameter.why);
    if (parameter.kind === "value") return tls.on.includes(parameter.value.toLowerCase()) ? pass() : fail(`${group.group.address} sets ${tls.name} to ${parameter.value}: ${CONSEQUENCE}`);
  }
  const family = familyOf(group);
  const version = versionOf(family) ?? (family === undefined ? versionOf(engineVersion) : undefined);
  const where = group.kind === "group" ? `${group.group.address} does not set ${tls.name}` : group.name ? `${field} is ${group.name}, an AWS default group` : `${field} is not set`;
  if (!tls.onByDefaultFrom) return fail(`${where}, and ${tls.name} is off by default: ${CONSEQUENCE}`);
  if (!version) return unknownValue(`${where}, and whether ${tls.name} is on by default depends on the engine version, which is not a literal; set engine_version, or ${tls.name} in a parameter group, so the policy can verify it`);
  return atLeast(version, tls.onByDefaultFrom) ? pass() : fail(`${where}, and ${tls.name} is off by default before version ${tls.onByDefaultFrom.join(".")}: ${CONSEQUENCE}`);
}

/** The instance a read replica copies, when this stack declares it (by reference or by its literal identifier). */
function replicaSource(db: TfResource, stack: StackModel): TfResource | undefined {
  const source = db.attributes.replicate_source_db;
  if (db.type !== "aws_db_instance" || typeof source !== "string") return undefined;
  return designated(stack, source, "aws_db_instance", "identifier")[0];
}
