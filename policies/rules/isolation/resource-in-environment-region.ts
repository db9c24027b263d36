import { isReference, UNKNOWN_AFTER_APPLY } from "../../model";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/**
 * Types whose `region` argument meant something else before the AWS provider 6
 * (the region a stack set instance, an authorization or a connection is for),
 * which provider 6 keeps, deprecated, under that meaning.
 */
const OLDER_REGION_ARGUMENT = new Set(["aws_cloudformation_stack_set_instance", "aws_config_aggregate_authorization", "aws_dx_hosted_connection", "aws_servicequotas_template", "aws_ssmincidents_replication_set"]);

/**
 * From the AWS provider 6, any regional resource may name its own `region`,
 * and so leave the environment's: its data, network, keys and alarms are then
 * in a region the environment does not cover.
 */
export const resourceInEnvironmentRegion: Rule = {
  id: "ENV-ISO-001",
  category: "isolation",
  title: "Resources stay in their environment's region (the AWS provider 6's per-resource region)",
  severity: SECURITY,
  appliesTo: "*",
  equivalents: {},
  remediation: "Remove the resource's region argument, so that it takes the provider's: the environment's. A resource that must live in another region (a CloudFront certificate in us-east-1) gets a waiver that says why.",
  check(resource, stack) {
    if (!resource.type.startsWith("aws_") || OLDER_REGION_ARGUMENT.has(resource.type)) return notApplicable();
    const region = resource.attributes.region;
    const home = stack.awsProvider.region;
    // Unset, or computed by the provider (a plan's unknown value, the provider 5 bucket's computed region): the provider's region.
    if (region === undefined || region === null || region === "" || region === UNKNOWN_AFTER_APPLY || home === undefined) return notApplicable();
    if (typeof region !== "string" || isReference(region)) return unknownValue(unresolved("region", region, "a region"));
    if (region === home) return pass();
    return fail(`region is ${region}, outside the environment's region ${home}: the resource's data and traffic leave the environment's region, its network, keys and alarms`);
  },
};
