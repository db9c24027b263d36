import { Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { checkInternetIngress, INGRESS_TYPES } from "./ingress";

/** Default ports of common database engines. */
export const DATABASE_PORTS: readonly number[] = [3306, 5432, 1433, 1521, 27017, 6379, 9200, 5439];

/** Security groups do not open database ports to 0.0.0.0/0 or ::/0. */
export const noInternetDatabasePorts: Rule = {
  id: "ENV-NET-003",
  category: "network-ingress",
  title: "Security groups do not open database ports to 0.0.0.0/0 or ::/0",
  severity: EXPOSURE,
  appliesTo: INGRESS_TYPES,
  equivalents: {},
  remediation: "Allow database ports only from the application security groups (source_security_group_id / referenced_security_group_id) or private CIDRs.",
  check(resource, stack) {
    return checkInternetIngress(resource, stack, DATABASE_PORTS, "database listeners (MySQL 3306, PostgreSQL 5432, SQL Server 1433, Oracle 1521, MongoDB 27017, Redis 6379, Elasticsearch 9200, Redshift 5439)");
  },
};
