/**
 * Issue 17, class 1: what Terraform computes from literals alone is judged as
 * the literal. The evaluator (literals inside interpolations, functions,
 * locals, variables' defaults, dynamic blocks), the issue's bypasses through
 * the whole policy, and a property test over random expression wrappings.
 */
import * as fc from "fast-check";
import { evaluate, Finding, loadTerraformJson } from "../../policies/engine";
import { evaluateString, evaluateValue, scopeOf } from "../../policies/hcl/evaluate";
import { UNKNOWN } from "../../policies/hcl/functions";
import { cidrRange, internetSources } from "../../policies/rules/network-ingress/internet";
import { definePolicy } from "../../policies/packs";
import { waiverMatches } from "../../policies/waiver-match";
import { compliantTags, NOW } from "./helpers";

const scope = scopeOf(
  [
    ["open", { default: "0.0.0.0/0" }],
    ["env", { default: "prod" }],
    ["ports", { default: [22, 3389] }],
    ["unset", {}],
  ],
  [
    ["cidr", "${local.base}"],
    ["base", "0.0.0.0/0"],
    ["loop", "${local.loop}"],
    ["leaky", "${v}"],
    ["rules", { ssh: { port: 22, cidr: "${var.open}" } }],
  ],
);

describe("the static evaluator", () => {
  it.each([
    ['${"0.0.0.0/0"}', "0.0.0.0/0"],
    ['${join("", ["0.0.0.0", "/0"])}', "0.0.0.0/0"],
    ['${format("%s/%d", "0.0.0.0", 0)}', "0.0.0.0/0"],
    ['${cidrsubnet("0.0.0.0/0", 0, 0)}', "0.0.0.0/0"],
    ['${cidrsubnet("10.0.0.0/16", 8, 2)}', "10.0.2.0/24"],
    ["${local.cidr}", "0.0.0.0/0"],
    ["${var.open}", "0.0.0.0/0"],
    ["${local.rules.ssh.cidr}", "0.0.0.0/0"],
    ['${local.rules["ssh"].port}', 22],
    ["${var.ports[1]}", 3389],
    ['${var.env == "prod" ? "public-read" : "private"}', "public-read"],
    ['${lookup({a = "x"}, "a", "y")}', "x"],
    ['${element(["a", "b"], 3)}', "b"],
    ['${upper("public-read")}', "PUBLIC-READ"],
    ['${trimspace("  0.0.0.0/0 ")}', "0.0.0.0/0"],
    ['${tostring(22)}', "22"],
    ["${20 + 2}", 22],
    ['${!false}', true],
    ['${concat(["a"], ["b"])}', ["a", "b"]],
    ['${merge({a = 1}, {b = 2})}', { a: 1, b: 2 }],
    ['${jsonencode({"a" = "b"})}', '{"a":"b"}'],
    ["prefix-${var.env}-suffix", "prefix-prod-suffix"],
    ['${"a\\"b"}', 'a"b'],
    ["$${var.env}", "${var.env}"],
    ['${[for c in ["0.0.0.0/0", "10.0.0.0/8"] : c if c != "10.0.0.0/8"]}', ["0.0.0.0/0"]],
    ['${{for k, r in local.rules : k => r.cidr}}', { ssh: "0.0.0.0/0" }],
    ['${{for p in var.ports : (p > 100 ? "high" : "low") => p...}}', { low: [22], high: [3389] }],
    ["${[for i, p in var.ports : i]}", [0, 1]],
    ['${[{c = "0.0.0.0/0"}, {c = "::/0"}][*].c}', ["0.0.0.0/0", "::/0"]],
    ["${var.ports.*}", [22, 3389]],
    ['${try("0.0.0.0/0", "10.0.0.0/8")}', "0.0.0.0/0"],
    ['${can(var.open)}', true],
    ['${one(["public-read"])}', "public-read"],
    ['${slice(["a", "b", "c"], 1, 2)}', ["b"]],
    ['${setunion(["a"], ["b", "a"])}', ["a", "b"]],
    ['${formatlist("%s/0", ["0.0.0.0", "::"])}', ["0.0.0.0/0", "::/0"]],
    ['${base64decode(base64encode("public-read"))}', "public-read"],
    ["${sum([1, 2])}", 3],
  ])("%s is %j", (expression, value) => {
    expect(evaluateString(expression, scope)).toEqual(value);
  });

  it.each([
    ["a variable without a default (only the caller knows it)", "${var.unset}"],
    ["an undeclared variable", "${var.nope}"],
    ["another resource's attribute (only apply knows it)", "${aws_vpc.main.cidr_block}"],
    ["a data source", "${data.aws_ip_ranges.all.cidr_blocks[0]}"],
    ["a function this evaluator does not know", '${cidrhost("10.0.0.0/8", 1)}'],
    ["a for expression over what only the caller knows", "${[for c in var.unset : c]}"],
    ["a splat over what only the caller knows", "${var.unset[*].cidr}"],
    ["try over what may be an error or an unknown", "${try(var.unset, \"0.0.0.0/0\")}"],
    ["a template directive", "%{ if true }x%{ endif }"],
    ["a local that refers to itself", "${local.loop}"],
    ["a local that names a for expression's variable (a local cannot see it)", '${[for v in ["a"] : local.leaky][0]}'],
    ["an index out of range", "${var.ports[5]}"],
    ["a division by zero", "${1 / 0}"],
    ["an unterminated interpolation", "${var.open"],
    ["a regular expression replace (RE2)", '${replace("a", "/a/", "b")}'],
  ])("%s is unknown, never guessed", (_what, expression) => {
    expect(evaluateString(expression, scope)).toBe(UNKNOWN);
  });

  it("survives hostile nesting without a crash", () => {
    expect(evaluateString(`\${${"(".repeat(5000)}1${")".repeat(5000)}}`, scope)).not.toBeUndefined();
    expect(evaluateString(`\${${"[".repeat(5000)}`, scope)).toBe(UNKNOWN);
    expect(() => evaluateValue(JSON.parse(`${"[".repeat(500)}"\${var.open}"${"]".repeat(500)}`), scope)).not.toThrow();
  });

  it("leaves what it cannot evaluate as written, for rules to report as unknown", () => {
    const body = { a: "${aws_vpc.main.id}", b: "${var.open}", c: ["${var.unset}"] };
    expect(evaluateValue(body, scope)).toEqual({ a: "${aws_vpc.main.id}", b: "0.0.0.0/0", c: ["${var.unset}"] });
  });

  it("expands a dynamic block over a literal collection, with its iterator, and keeps one over an unknown collection", () => {
    const body = {
      ingress: [{ from_port: 443, to_port: 443 }],
      dynamic: {
        ingress: { for_each: "${var.ports}", iterator: "port", content: { from_port: "${port.value}", to_port: "${port.value}", description: "n${port.key}" } },
        egress: { for_each: "${var.unset}", content: { from_port: 0 } },
      },
    };
    expect(evaluateValue(body, scope)).toEqual({
      ingress: [
        { from_port: 443, to_port: 443 },
        { from_port: 22, to_port: 22, description: "n0" },
        { from_port: 3389, to_port: 3389, description: "n1" },
      ],
      dynamic: { egress: { for_each: "${var.unset}", content: { from_port: 0 } } },
    });
  });
});

describe("CIDRs in every spelling", () => {
  it.each(["0.0.0.0/0", "::/0", "0::0/0", "0:0:0:0:0:0:0:0/0", "::0/0", " 0.0.0.0/0", "1.2.3.4/0", "ffff::/0"])("%s is the internet", (cidr) => {
    expect(internetSources([cidr])).toEqual([cidr]);
  });

  it("sets of ranges that together cover every address are the internet; gaps are not", () => {
    expect(internetSources(["0.0.0.0/1", "128.0.0.0/1"])).toEqual(["0.0.0.0/1", "128.0.0.0/1"]);
    expect(internetSources(["128.0.0.0/2", "0.0.0.0/1", "192.0.0.0/2", "10.0.0.0/8"])).toHaveLength(4);
    expect(internetSources(["::/1", "8000::/1"])).toEqual(["::/1", "8000::/1"]);
    expect(internetSources(["0.0.0.0/1", "128.0.0.0/2"])).toEqual([]);
    expect(internetSources(["0.0.0.0/1", "::/1", "8000::/1"])).toEqual(["::/1", "8000::/1"]);
  });

  it("reads what is not a CIDR as nothing", () => {
    for (const text of ["0.0.0.0", "0.0.0.0/33", "::/129", "256.0.0.0/0", "1:2:3/0", "::1::/0", "sg-123", ""]) expect(cidrRange(text)).toBeUndefined();
  });
});

const TAGS = compliantTags("prod");
const stack = (json: Record<string, unknown>) => loadTerraformJson({ provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags: TAGS }] }] }, ...json }, { stackName: "env-prod", tier: "prod", now: NOW });
const errors = (json: Record<string, unknown>) =>
  evaluate(definePolicy(), [stack(json)], { now: NOW })
    .findings.filter((f) => f.severity !== "info")
    .map((f) => `${f.ruleId} ${f.resource}`);
const sshFrom = (cidrs: Record<string, unknown>) => ({ aws_security_group: { web: { name: "web", description: "web", vpc_id: "vpc-1", ingress: [{ protocol: "tcp", from_port: 22, to_port: 22, ...cidrs }] } } });

describe("the issue's bypasses are found by the whole policy", () => {
  it.each([
    ["an interpolated literal", { resource: sshFrom({ cidr_blocks: ['${"0.0.0.0/0"}'] }) }],
    ["join over literals", { resource: sshFrom({ cidr_blocks: ['${join("", ["0.0.0.0/0"])}'] }) }],
    ["a local", { locals: { open: "0.0.0.0/0" }, resource: sshFrom({ cidr_blocks: ["${local.open}"] }) }],
    ["a variable's default", { variable: { cidr: { type: "string", default: "0.0.0.0/0" } }, resource: sshFrom({ cidr_blocks: ["${var.cidr}"] }) }],
    ["a whole list from a variable's default", { variable: { cidrs: { type: "list(string)", default: ["0.0.0.0/0"] } }, resource: sshFrom({ cidr_blocks: "${var.cidrs}" }) }],
    ["0::0/0", { resource: sshFrom({ ipv6_cidr_blocks: ["0::0/0"] }) }],
    ["two halves of the internet", { resource: sshFrom({ cidr_blocks: ["0.0.0.0/1", "128.0.0.0/1"] }) }],
    ["cidrsubnet of the internet", { resource: sshFrom({ cidr_blocks: ['${cidrsubnet("0.0.0.0/0", 0, 0)}'] }) }],
    [
      "an inline dynamic ingress over a literal list",
      { resource: { aws_security_group: { web: { name: "web", description: "web", dynamic: { ingress: { for_each: "${[22]}", content: { protocol: "tcp", from_port: "${ingress.value}", to_port: "${ingress.value}", cidr_blocks: ["0.0.0.0/0"] } } } } } } },
    ],
    ["aws_vpc_security_group_ingress_rule", { resource: { aws_vpc_security_group_ingress_rule: { web: { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 22, to_port: 22, cidr_ipv4: '${"0.0.0.0/0"}' } } } }],
    ["aws_vpc_security_group_ingress_rule over IPv6", { resource: { aws_vpc_security_group_ingress_rule: { web: { security_group_id: "sg-1", ip_protocol: "-1", cidr_ipv6: "0::/0" } } } }],
    ["aws_security_group_rule", { resource: { aws_security_group_rule: { web: { type: '${"ingress"}', security_group_id: "sg-1", protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["${local.all}"] } } }, locals: { all: "0.0.0.0/0" } }],
  ])("open SSH through %s is an error in prod", (_form, json) => {
    expect(errors(json as Record<string, unknown>)).toEqual(expect.arrayContaining([expect.stringMatching(/^ENV-NET-001 /)]));
  });

  it("every rule that compares CIDRs reads them as ranges: EKS public endpoints, and source-IP conditions of resource policies", () => {
    const eks = (cidrs: unknown) => ({ resource: { aws_eks_cluster: { c: { name: "c", role_arn: "arn:aws:iam::1:role/eks", vpc_config: [{ subnet_ids: ["s-1"], endpoint_public_access: true, public_access_cidrs: cidrs }] } } } });
    expect(errors(eks(["0.0.0.0/1", "128.0.0.0/1"]))).toContain("ENV-PUB-006 aws_eks_cluster.c");
    expect(errors(eks(['${"0.0.0.0/0"}']))).toContain("ENV-PUB-006 aws_eks_cluster.c");
    expect(errors(eks(["203.0.113.0/24"]))).not.toContain("ENV-PUB-006 aws_eks_cluster.c");
    const queue = (sourceIp: unknown) => ({
      resource: { aws_sqs_queue_policy: { p: { queue_url: "https://sqs.eu-west-1.amazonaws.com/1/q", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": sourceIp } } }] }) } } },
    });
    expect(errors(queue(["0.0.0.0/1", "128.0.0.0/1"]))).toContain("ENV-PUB-014 aws_sqs_queue_policy.p");
    expect(errors(queue("0::0/0"))).toContain("ENV-PUB-014 aws_sqs_queue_policy.p");
    expect(errors(queue("203.0.113.0/24"))).not.toContain("ENV-PUB-014 aws_sqs_queue_policy.p");
  });

  it("a prod aws_s3_bucket_acl written ${\"public-read\"} is an error no waiver lifts", () => {
    const json = { resource: { aws_s3_bucket_acl: { a: { bucket: "b", acl: '${"public-read"}' } } } };
    expect(errors(json)).toContain("ENV-PUB-001 aws_s3_bucket_acl.a");
    const waived = evaluate(definePolicy(), [stack(json)], { now: NOW, waivers: [{ ruleId: "ENV-PUB-001", resource: "aws_s3_bucket_acl.a", reason: "a static site", expires: "2026-02-01" }] });
    expect(waived.findings.find((f) => f.ruleId === "ENV-PUB-001")).toMatchObject({ severity: "error", waived: false });
  });

  it("a variable's default is the value applied: another default, another verdict", () => {
    const open = { variable: { cidr: { default: "0.0.0.0/0" } }, resource: sshFrom({ cidr_blocks: ["${var.cidr}"] }) };
    expect(errors(open)).toContain("ENV-NET-001 aws_security_group.web");
    expect(errors({ ...open, variable: { cidr: { default: "10.0.0.0/8" } } })).not.toContain("ENV-NET-001 aws_security_group.web");
  });

  it("what only apply or the caller knows is reported as unknown (info), never passed in silence", () => {
    const info = (json: Record<string, unknown>) =>
      evaluate(definePolicy(), [stack(json)], { now: NOW })
        .findings.filter((f) => f.ruleId === "ENV-NET-001")
        .map((f) => `${f.severity} ${f.message}`);
    expect(info({ variable: { cidr: { type: "string" } }, resource: sshFrom({ cidr_blocks: ["${var.cidr}"] }) })).toEqual([expect.stringMatching(/^info .*ingress\[0\] admits \$\{var\.cidr\}, which could not be resolved/)]);
    const dynamic = { variable: { ports: { type: "list(number)" } }, resource: { aws_security_group: { web: { name: "web", description: "web", dynamic: { ingress: { for_each: "${var.ports}", content: { protocol: "tcp", from_port: "${ingress.value}", to_port: "${ingress.value}", cidr_blocks: ["0.0.0.0/0"] } } } } } } };
    expect(info(dynamic)).toEqual([expect.stringMatching(/^info .*dynamic "ingress" generates rules from "\$\{var\.ports\}", which could not be resolved/)]);
    expect(info({ variable: { t: { type: "string" } }, resource: { aws_security_group_rule: { r: { type: "${var.t}", security_group_id: "sg-1", protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] } } } })).toEqual([expect.stringMatching(/^info .*could not be resolved to ingress or egress/)]);
    expect(info({ variable: { acl: { type: "string" } }, resource: { aws_s3_bucket_acl: { a: { bucket: "b", acl: "${var.acl}" } } } })).toEqual([]);
    const acl = evaluate(definePolicy(), [stack({ variable: { acl: { type: "string" } }, resource: { aws_s3_bucket_acl: { a: { bucket: "b", acl: "${var.acl}" } } } })], { now: NOW }).findings.find((f) => f.ruleId === "ENV-PUB-001");
    expect(acl).toMatchObject({ severity: "info", message: expect.stringContaining('acl is "${var.acl}", which could not be resolved') });
  });

  it("a resource over a literal count or for_each is judged instance by instance, addressed as Terraform addresses them", () => {
    const rule = (extra: Record<string, unknown>) => ({ aws_vpc_security_group_ingress_rule: { ssh: { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 22, to_port: 22, ...extra } } });
    expect(errors({ variable: { allowed: { default: ["10.0.0.0/8", "0.0.0.0/0"] } }, resource: rule({ for_each: "${toset(var.allowed)}", cidr_ipv4: "${each.value}" }) })).toEqual(
      expect.arrayContaining(['ENV-NET-001 aws_vpc_security_group_ingress_rule.ssh["0.0.0.0/0"]']),
    );
    expect(errors({ variable: { allowed: { default: ["10.0.0.0/8", "0.0.0.0/0"] } }, resource: rule({ for_each: "${toset(var.allowed)}", cidr_ipv4: "${each.value}" }) })).not.toContain('ENV-NET-001 aws_vpc_security_group_ingress_rule.ssh["10.0.0.0/8"]');
    expect(errors({ locals: { open: { a: "0.0.0.0/0" } }, resource: rule({ for_each: "${local.open}", cidr_ipv4: "${each.value}" }) })).toContain('ENV-NET-001 aws_vpc_security_group_ingress_rule.ssh["a"]');
    expect(errors({ resource: rule({ count: 2, cidr_ipv4: '${element(["10.0.0.0/8", "0.0.0.0/0"], count.index)}' }) })).toEqual(expect.arrayContaining(["ENV-NET-001 aws_vpc_security_group_ingress_rule.ssh[1]"]));
    // Over a collection only the caller knows, the resource is judged once, and its source is unknown.
    const unknown = evaluate(definePolicy(), [stack({ variable: { allowed: { type: "set(string)" } }, resource: rule({ for_each: "${var.allowed}", cidr_ipv4: "${each.value}" }) })], { now: NOW }).findings.filter((f) => f.ruleId === "ENV-NET-001");
    expect(unknown).toMatchObject([{ resource: "aws_vpc_security_group_ingress_rule.ssh", severity: "info" }]);
  });

  it("a waiver of a resource covers its instances; one of an instance covers that instance only", () => {
    const finding = (resource: string) => ({ ruleId: "ENV-NET-001", resource, stack: "env-prod" });
    const waiver = (resource: string) => ({ ruleId: "ENV-NET-001", resource, reason: "r", expires: "2026-02-01" });
    expect(waiverMatches(waiver("aws_security_group.web"), finding('aws_security_group.web["a"]'))).toBe(true);
    expect(waiverMatches(waiver("aws_security_group.web"), finding("aws_security_group.web[1]"))).toBe(true);
    expect(waiverMatches(waiver("aws_security_group.web[1]"), finding("aws_security_group.web[1]"))).toBe(true);
    expect(waiverMatches(waiver("aws_security_group.web[1]"), finding("aws_security_group.web[0]"))).toBe(false);
    expect(waiverMatches(waiver("aws_security_group.we"), finding("aws_security_group.web[0]"))).toBe(false);
  });

  it("a source naming another resource's argument is judged by what that resource was configured with", () => {
    const vpc = (cidr: string) => ({ resource: { aws_vpc: { main: { cidr_block: cidr } }, ...sshFrom({ cidr_blocks: ["${aws_vpc.main.cidr_block}"] }) } });
    expect(errors(vpc("10.0.0.0/16"))).not.toContain("ENV-NET-001 aws_security_group.web");
    expect(evaluate(definePolicy(), [stack(vpc("10.0.0.0/16"))], { now: NOW }).findings.filter((f) => f.ruleId === "ENV-NET-001")).toEqual([]);
    expect(errors(vpc("0.0.0.0/0"))).toContain("ENV-NET-001 aws_security_group.web");
  });
});

/** A way to write a literal that Terraform evaluates back to it. */
type Wrapper = (hcl: string, kind: "string" | "number" | "boolean", defs: Definitions, value: string | number | boolean) => string;
interface Definitions {
  readonly locals: Record<string, unknown>;
  readonly variables: Record<string, unknown>;
  next: number;
}

const hcl = (value: string | number | boolean) => (typeof value === "string" ? JSON.stringify(value).replace(/\$\{/g, "$$$${") : String(value));
const WRAPPERS: Readonly<Record<string, Wrapper>> = {
  parentheses: (x) => `(${x})`,
  tuple: (x) => `[${x}][0]`,
  object: (x) => `{k = ${x}}.k`,
  lookup: (x) => `lookup({k = ${x}}, "k", ${x})`,
  element: (x) => `element([${x}], 0)`,
  conditional: (x) => `true ? ${x} : ${x}`,
  comparison: (x) => `1 < 2 ? ${x} : null`,
  coalesce: (x, kind) => (kind === "string" ? `coalesce("", ${x})` : x),
  join: (x, kind) => (kind === "string" ? `join("", [${x}])` : x),
  format: (x, kind) => (kind === "string" ? `format("%s", ${x})` : kind === "number" ? `tonumber(format("%d", ${x}))` : x),
  trimspace: (x, kind) => (kind === "string" ? `trimspace(" ${"${"}${x}} ")` : x),
  concat: (x) => `concat([${x}], [])[0]`,
  forTuple: (x) => `[for v in [${x}] : v][0]`,
  forObject: (x) => `{for k, v in {a = ${x}} : k => v}.a`,
  splat: (x) => `([{v = ${x}}][*].v)[0]`,
  try: (x) => `try(${x}, null)`,
  one: (x) => `one([${x}])`,
  arithmetic: (x, kind) => (kind === "number" ? `${x} * 1 + 0` : kind === "boolean" ? `!!${x}` : x),
  local: (x, _kind, defs) => {
    const name = `l${defs.next++}`;
    defs.locals[name] = `\${${x}}`;
    return `local.${name}`;
  },
  // A variable's default is a literal (Terraform evaluates no expression there): the value itself.
  variable: (_x, _kind, defs, value) => {
    const name = `v${defs.next++}`;
    defs.variables[name] = { default: value };
    return `var.${name}`;
  },
};

/**
 * Violating and passing fixtures across rules whose findings depend on
 * literals: ingress in its three forms, ACLs, encryption flags, ports, ages.
 */
const FIXTURES: readonly Record<string, Record<string, Record<string, unknown>>>[] = [
  sshFrom({ cidr_blocks: ["0.0.0.0/0"] }),
  sshFrom({ cidr_blocks: ["10.0.0.0/8"], ipv6_cidr_blocks: ["::/0"] }),
  { aws_security_group_rule: { r: { type: "ingress", security_group_id: "sg-1", protocol: "tcp", from_port: 3389, to_port: 3389, cidr_blocks: ["0.0.0.0/1", "128.0.0.0/1"] } } },
  { aws_vpc_security_group_ingress_rule: { r: { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 5432, to_port: 5432, cidr_ipv4: "0.0.0.0/0" } } },
  { aws_vpc_security_group_ingress_rule: { r: { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" } } },
  { aws_s3_bucket_acl: { a: { bucket: "b", acl: "public-read" } }, aws_s3_bucket: { b: { bucket: "b", acl: "authenticated-read" } } },
  { aws_s3_bucket_acl: { a: { bucket: "b", acl: "private" } } },
  { aws_db_instance: { db: { engine: "postgres", engine_version: "14.12", instance_class: "db.t4g.micro", storage_encrypted: false, publicly_accessible: true, backup_retention_period: 1 } } },
  { aws_ebs_volume: { v: { availability_zone: "eu-west-1a", size: 10, encrypted: false } } },
  { aws_cloudwatch_log_group: { g: { name: "app", retention_in_days: 1 } } },
  { aws_sqs_queue: { q: { name: "jobs", sqs_managed_sse_enabled: false } } },
];

/** Wraps the literal leaves of `value`, chosen by `picks`, each in the wrappers `chains` gives. */
function wrapSome(value: unknown, picks: readonly boolean[], chains: readonly (readonly string[])[], defs: Definitions, at = { i: 0 }): unknown {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    const i = at.i++;
    if (!picks[i % picks.length]) return value;
    const kind = typeof value as "string" | "number" | "boolean";
    const expression = chains[i % chains.length].reduce((inner, name) => WRAPPERS[name](`(${inner})`, kind, defs, value), hcl(value));
    return `\${${expression}}`;
  }
  if (Array.isArray(value)) return value.map((v) => wrapSome(v, picks, chains, defs, at));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrapSome(v, picks, chains, defs, at)]));
  return value;
}

describe("property: a finding on a literal is found when the literal is written as any expression of literals", () => {
  const comparable = (findings: readonly Finding[]) => findings.map((f) => `${f.ruleId} ${f.resource} ${f.severity} ${f.message}`).sort();
  const judged = (resources: unknown, defs?: Definitions) =>
    comparable(evaluate(definePolicy(), [stack({ resource: resources, ...(defs && Object.keys(defs.locals).length > 0 ? { locals: defs.locals } : {}), ...(defs ? { variable: defs.variables } : {}) })], { now: NOW }).findings.filter((f) => !f.resource.startsWith("var.")));

  it("holds over random fixtures, leaves and chains of wrappers", () => {
    const literal = FIXTURES.map((f) => judged(f));
    // The fixtures are not vacuous: most carry a violation, one passes clean of its own rule.
    expect(literal.filter((l) => l.some((f) => / error /.test(f))).length).toBeGreaterThanOrEqual(9);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: FIXTURES.length - 1 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.array(fc.constantFrom(...Object.keys(WRAPPERS)), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        (index, picks, chains) => {
          const defs: Definitions = { locals: {}, variables: {}, next: 0 };
          const wrapped = wrapSome(FIXTURES[index], picks, chains, defs);
          expect(judged(wrapped, defs)).toEqual(literal[index]);
        },
      ),
      { numRuns: 400, seed: 17 },
    );
  });
});

describe("fuzz: any expression text", () => {
  const token = fc.constantFrom("${", "}", "%{", '"', "\\", "(", ")", "[", "]", "{", "=", "=>", ":", "?", ",", ".", "*", "...", "for", "in", "if", "var.open", "local.cidr", "local.loop", "join", "format", "try", "0", "1e9", "-", "!", "+", "/", "%", "==", "&&", "0.0.0.0/0", " ", "a", "each.value", "count.index");
  it("evaluates to a value or unknown, and loading and judging a resource holding it never crashes", () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (tokens) => {
        const text = `\${${tokens.join("")}}`;
        evaluateString(text, scope);
        const model = stack({ locals: { open: text }, resource: { ...sshFrom({ cidr_blocks: [text, "${local.open}"] }), aws_s3_bucket_acl: { a: { bucket: "b", acl: text, count: text } } } });
        evaluate(definePolicy(), [model], { now: NOW });
      }),
      { numRuns: 1500, seed: 17 },
    );
  });
});
