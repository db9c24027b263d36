import { StackModel, TfResource } from "../../model";
import { fail, pass, Rule, RuleResult } from "../../rule";
import { block, blocks, flag, unknownValue, unresolved } from "../helpers";
import { EXPOSURE, securitySeverity } from "../levels";

/** TLS policies that allow TLS 1.0 or 1.1 (the ELB predefined policies before 2016-08 and the TLS-1-0/1-1 families). */
const OUTDATED_TLS = /^(ELBSecurityPolicy-(2015-05|2016-08|TLS-1-0-2015-04|TLS-1-1-2017-01|FS-2018-06|FS-1-1-2019-08)|ELBSecurityPolicy-TLS13-1-(0|1)-2021-06)$/;

/** A listener that takes plain HTTP only redirects it to HTTPS; an HTTPS or TLS listener uses a modern policy. */
export const listenerTls: Rule = {
  id: "ENV-NET-005",
  category: "network-ingress",
  title: "Load balancer listeners serve HTTPS or TLS 1.2+, and plain HTTP only redirects to HTTPS",
  severity: EXPOSURE,
  appliesTo: ["aws_lb_listener", "aws_alb_listener"],
  equivalents: { checkov: ["CKV_AWS_2", "CKV_AWS_103", "CKV2_AWS_20"], trivy: ["AWS-0054", "AWS-0047"], fsbp: ["ELB.1"] },
  remediation: 'Serve HTTPS with ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"; make a port-80 listener\'s default_action a redirect { protocol = "HTTPS", status_code = "HTTP_301" }.',
  check(listener, stack) {
    // An application load balancer's listener without a protocol is HTTP; on port 80 nothing else is plausible.
    const written = listener.attributes.protocol;
    if (typeof written === "string" && written.includes("${")) return unknownValue(unresolved("protocol", written, "HTTP, HTTPS, TCP or TLS"));
    if (written === undefined && typeof listener.attributes.port === "string" && listener.attributes.port.includes("${")) return unknownValue(unresolved("port", listener.attributes.port, "a port (without a protocol, port 80 is HTTP)"));
    const protocol = written ?? (Number(listener.attributes.port) === 80 ? "HTTP" : undefined);
    if (protocol === "HTTP") {
      const actions = blocks(listener.attributes.default_action);
      const redirects = actions.length > 0 && actions.every((a) => a.type === "redirect" && block(a.redirect)?.protocol === "HTTPS");
      if (redirects) return pass();
      return inFrontOf(listener, stack, "an HTTP listener forwards traffic in the clear; its default action must redirect to HTTPS");
    }
    if (protocol === "HTTPS" || protocol === "TLS") {
      const policy = listener.attributes.ssl_policy;
      if (typeof policy === "string" && OUTDATED_TLS.test(policy)) return inFrontOf(listener, stack, `ssl_policy ${policy} accepts TLS 1.0 or 1.1, which leak and can be downgraded`);
      return pass();
    }
    return pass();
  },
};


/**
 * A listener is judged with its load balancer: in front of an internet-facing
 * one (`internal` unset or false) the finding is exposure, an error in every
 * tier; behind an internal one it is a security control, a warning below staging.
 */
function inFrontOf(listener: TfResource, stack: StackModel, problem: string): RuleResult {
  const [lb] = stack.referencedResources(listener.attributes.load_balancer_arn).filter((r) => r.type === "aws_lb" || r.type === "aws_alb");
  if (!lb) return fail(problem);
  const internal = flag(lb.attributes.internal);
  if (internal === true) return fail(`${problem} (behind the internal load balancer ${lb.address})`, { severity: securitySeverity(stack.tier) });
  if (internal === "unresolved") return fail(`${problem} (${lb.address}.internal could not be resolved, so it is judged as internet-facing)`);
  return fail(`${problem}, in front of the internet-facing load balancer ${lb.address}`);
}
