import { imdsv2Required, noInternetAllPorts, noInternetDatabasePorts, noInternetRdp, noInternetSsh } from "../../../policies/rules";
import { findingsOf, flagged } from "../helpers";

const inline = (from: number | string, to: number | string, cidr: string, protocol = "tcp") => ({
  aws_security_group: { sg: { ingress: [{ from_port: from, to_port: to, protocol, cidr_blocks: cidr.includes(":") ? [] : [cidr], ipv6_cidr_blocks: cidr.includes(":") ? [cidr] : [] }] } },
});

describe("ENV-NET-001 SSH from the internet", () => {
  it("Noncompliance 1: fails on inline ingress 22 from 0.0.0.0/0", () => {
    expect(flagged(noInternetSsh, inline(22, 22, "0.0.0.0/0"))).toEqual(["aws_security_group.sg"]);
  });

  it("Noncompliance 2: fails on a port range covering 22 from ::/0", () => {
    expect(findingsOf(noInternetSsh, inline(20, 30, "::/0"))[0].message).toContain("20-30/tcp to ::/0");
  });

  it("Noncompliance 3: fails on aws_security_group_rule of type ingress", () => {
    const rule = { type: "ingress", from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"], security_group_id: "sg-1" };
    expect(flagged(noInternetSsh, { aws_security_group_rule: { r: rule } })).toEqual(["aws_security_group_rule.r"]);
  });

  it("Noncompliance 4: fails on aws_vpc_security_group_ingress_rule", () => {
    const rule = { from_port: 22, to_port: 22, ip_protocol: "tcp", cidr_ipv4: "0.0.0.0/0", security_group_id: "sg-1" };
    expect(flagged(noInternetSsh, { aws_vpc_security_group_ingress_rule: { r: rule } })).toEqual(["aws_vpc_security_group_ingress_rule.r"]);
  });

  it("Noncompliance 5: reports unresolved ports on an internet-facing rule", () => {
    expect(findingsOf(noInternetSsh, inline("${var.port}", "${var.port}", "0.0.0.0/0"))[0].message).toContain("could not be resolved");
  });

  it("Compliance: 22 from a private range", () => {
    expect(flagged(noInternetSsh, inline(22, 22, "10.0.0.0/8"))).toEqual([]);
  });

  it("Compliance: egress rules are not ingress", () => {
    const rule = { type: "egress", from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] };
    expect(flagged(noInternetSsh, { aws_security_group_rule: { r: rule } })).toEqual([]);
  });
});

describe("ENV-NET-002 RDP from the internet", () => {
  it("Noncompliance 1: fails on 3389 from 0.0.0.0/0", () => {
    expect(flagged(noInternetRdp, inline(3389, 3389, "0.0.0.0/0"))).toEqual(["aws_security_group.sg"]);
  });

  it("Compliance: 443 from 0.0.0.0/0 is not RDP", () => {
    expect(flagged(noInternetRdp, inline(443, 443, "0.0.0.0/0"))).toEqual([]);
  });
});

describe("ENV-NET-003 database ports from the internet", () => {
  it.each([3306, 5432, 1433, 1521, 27017, 6379, 9200, 5439])("Noncompliance 1: fails on port %i from 0.0.0.0/0", (port) => {
    expect(flagged(noInternetDatabasePorts, inline(port, port, "0.0.0.0/0"))).toEqual(["aws_security_group.sg"]);
  });

  it("Compliance: 5432 from the VPC", () => {
    expect(flagged(noInternetDatabasePorts, inline(5432, 5432, "10.20.0.0/16"))).toEqual([]);
  });
});

describe("ENV-NET-004 all ports from the internet", () => {
  it('Noncompliance 1: fails on protocol "-1" from 0.0.0.0/0', () => {
    expect(flagged(noInternetAllPorts, inline(0, 0, "0.0.0.0/0", "-1"))).toEqual(["aws_security_group.sg"]);
  });

  it("Noncompliance 2: fails on tcp 0-65535 from ::/0", () => {
    expect(flagged(noInternetAllPorts, inline(0, 65535, "::/0"))).toEqual(["aws_security_group.sg"]);
  });

  it("Compliance: a single port is not all ports", () => {
    expect(flagged(noInternetAllPorts, inline(443, 443, "0.0.0.0/0"))).toEqual([]);
  });
});

describe("ENV-IMDS-001 IMDSv2", () => {
  it.each(["aws_instance", "aws_launch_template"])("Noncompliance 1: fails on %s without metadata_options", (type) => {
    expect(findingsOf(imdsv2Required, { [type]: { r: {} } })[0].message).toContain("IMDSv1 stays enabled");
  });

  it('Noncompliance 2: fails on http_tokens = "optional"', () => {
    expect(flagged(imdsv2Required, { aws_instance: { r: { metadata_options: [{ http_tokens: "optional" }] } } })).toEqual(["aws_instance.r"]);
  });

  it('Compliance: http_tokens = "required"', () => {
    expect(flagged(imdsv2Required, { aws_launch_template: { r: { metadata_options: [{ http_tokens: "required" }] } } })).toEqual([]);
  });
});
