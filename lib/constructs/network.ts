import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { formatCidr, parseCidr, subnetOf } from "../core/cidr";
import { MAX_AVAILABILITY_ZONES as MAX_NETWORK_ZONES, natGatewayZones, type NatStrategy } from "../core/profile";
import type { LogGroup } from "./log-group";

/** Extra prefix bits per subnet: the VPC range is cut into 8 equal blocks, 4 public and 4 private. */
const SUBNET_EXTRA_BITS = 3;

/** Props of a `Network`. */
export interface NetworkProps {
  /** Name prefix of the network's resources, e.g. `acme-dev`. */
  readonly name: string;
  /** VPC range, /16 to /24. */
  readonly cidr: string;
  /** Zones to span, one public and one private subnet in each (1 to 4). */
  readonly availabilityZones: readonly string[];
  /** `single`: one NAT gateway shared by all zones; `per-az`: one per zone. */
  readonly nat: NatStrategy;
  /**
   * Log group that receives the VPC flow logs (all traffic).
   * Leave it out only with an explicit `flowLogs: false`.
   */
  readonly flowLogGroup?: LogGroup;
  /** Record VPC flow logs. @default true */
  readonly flowLogs?: boolean;
  /** Account that owns the flow logs, to scope the delivery role's trust. @default - no account condition */
  readonly account?: string;
}

/**
 * A VPC with public and private subnets across zones, NAT per the tier, a
 * default security group with no rules, and VPC flow logs to an encrypted log group.
 *
 * Subnet layout: the VPC range is cut in 8; public subnets take blocks 0-3 and
 * private subnets blocks 4-7, in zone order. Public subnets never assign public IPs.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[] = [];
  readonly privateSubnets: Subnet[] = [];
  readonly natGateways: NatGateway[] = [];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const parent = parseCidr(props.cidr);
    const problems: string[] = [];
    if (typeof parent === "string") problems.push(`cidr: ${parent}`);
    const zones = props.availabilityZones;
    if (zones.length < 1 || zones.length > MAX_NETWORK_ZONES) problems.push(`availabilityZones: ${zones.length} given, 1 to ${MAX_NETWORK_ZONES} allowed`);
    const flowLogs = props.flowLogs ?? true;
    if (flowLogs && !props.flowLogGroup) problems.push("flowLogGroup is required unless flowLogs is false");
    if (problems.length > 0 || typeof parent === "string") throw new Error(`Network ${this.node.path}: ${problems.join("; ")}`);

    this.vpc = new Vpc(this, "vpc", { cidrBlock: props.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: props.name } });
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: this.vpc.id, ingress: [], egress: [], tags: { Name: `${props.name}-default-deny` } });
    const gateway = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: { Name: props.name } });
    const publicRoutes = new RouteTable(this, "public-routes", {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }],
      tags: { Name: `${props.name}-public` },
    });

    const natZones = natGatewayZones(zones, props.nat);
    zones.forEach((zone, i) => {
      const publicSubnet = new Subnet(this, `public-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: formatCidr(subnetOf(parent, SUBNET_EXTRA_BITS, i)),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${zone}`, "subnet-tier": "public" },
      });
      const privateSubnet = new Subnet(this, `private-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: formatCidr(subnetOf(parent, SUBNET_EXTRA_BITS, i + MAX_NETWORK_ZONES)),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-private-${zone}`, "subnet-tier": "private" },
      });
      this.publicSubnets.push(publicSubnet);
      this.privateSubnets.push(privateSubnet);
      new RouteTableAssociation(this, `public-${zone}-routes`, { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });
      if (natZones.includes(zone)) {
        const ip = new Eip(this, `nat-ip-${zone}`, { domain: "vpc", tags: { Name: `${props.name}-nat-${zone}` } });
        this.natGateways.push(
          new NatGateway(this, `nat-${zone}`, { allocationId: ip.allocationId, subnetId: publicSubnet.id, tags: { Name: `${props.name}-${zone}` }, dependsOn: [gateway] }),
        );
      }
      const nat = this.natGateways[this.natGateways.length - 1];
      const privateRoutes = new RouteTable(this, `private-${zone}-routes`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
        tags: { Name: `${props.name}-private-${zone}` },
      });
      new RouteTableAssociation(this, `private-${zone}-association`, { subnetId: privateSubnet.id, routeTableId: privateRoutes.id });
    });

    if (flowLogs && props.flowLogGroup) this.addFlowLogs(props.name, props.flowLogGroup, props.account);
  }

  /** CIDR of the VPC. */
  get cidrBlock(): string {
    return this.vpc.cidrBlock;
  }

  private addFlowLogs(name: string, group: LogGroup, account?: string): void {
    const trust = new DataAwsIamPolicyDocument(this, "flow-logs-trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
          condition: account ? [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }] : undefined,
        },
      ],
    });
    const role = new IamRole(this, "flow-logs-role", { name: `${name}-vpc-flow-logs`, assumeRolePolicy: trust.json });
    const write = new DataAwsIamPolicyDocument(this, "flow-logs-write", {
      statement: [
        {
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
          resources: [group.arn, `${group.arn}:*`],
        },
      ],
    });
    new IamRolePolicy(this, "flow-logs-policy", { name: "write-flow-logs", role: role.id, policy: write.json });
    new FlowLog(this, "flow-logs", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${name}-flow-logs` },
    });
  }
}
