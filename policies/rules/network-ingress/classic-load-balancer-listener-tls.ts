import { fail, pass, Rule } from "../../rule";
import { blocks, flag, numberValue, unknownValue, unresolved } from "../helpers";
import { EXPOSURE, securitySeverity } from "../levels";
import { literal } from "../presence";

/**
 * A classic load balancer terminates TLS on every listener. A classic ELB
 * cannot redirect, so an HTTP listener always serves in the clear. A TCP
 * listener on 443 is taken as TLS passed through to instances that terminate
 * it; TCP elsewhere is plaintext as far as the configuration shows. As with
 * listener-tls, a finding on an internet-facing ELB (`internal` unset or
 * false) is exposure, and on an internal one a security control.
 */
export const classicLoadBalancerListenerTls: Rule = {
  id: "ENV-NET-009",
  category: "network-ingress",
  title: "Classic load balancer listeners use HTTPS or SSL",
  severity: EXPOSURE,
  appliesTo: ["aws_elb"],
  equivalents: { checkov: ["CKV_AWS_127"], fsbp: ["ELB.3"] },
  remediation: 'Set lb_protocol = "HTTPS" (or "SSL") with ssl_certificate_id = <ACM certificate arn> on every listener; to redirect HTTP to HTTPS, move to an application load balancer (aws_lb).',
  check(elb, stack) {
    const listeners = blocks(elb.attributes.listener);
    const plain: string[] = [];
    let unknown: string | undefined;
    for (const [i, listener] of listeners.entries()) {
      const protocol = literal(listener.lb_protocol)?.toUpperCase();
      if (protocol === undefined) {
        unknown ??= unresolved(`listener[${i}].lb_protocol`, listener.lb_protocol, '"HTTPS" or "SSL"');
        continue;
      }
      const port = numberValue(listener.lb_port);
      if (protocol === "HTTP" || (protocol === "TCP" && port !== 443)) plain.push(`listener[${i}] (${protocol} on port ${typeof port === "number" ? port : "?"})`);
    }
    if (plain.length === 0) return unknown ? unknownValue(unknown) : pass();
    const problem = `${plain.join(", ")} ${plain.length === 1 ? "carries" : "carry"} traffic in the clear`;
    const internal = flag(elb.attributes.internal);
    if (internal === true) return fail(`${problem} inside the VPC (the load balancer is internal)`, { severity: securitySeverity(stack.tier) });
    if (internal === "unresolved") return fail(`${problem} (internal could not be judged, so the load balancer is taken as internet-facing)`);
    return fail(`${problem} to and from the internet (the load balancer is internet-facing)`);
  },
};
