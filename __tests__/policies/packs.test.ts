import { TIERS, type Tier } from "../../lib/core/profile";
import { fail, PolicyInputError, Rule } from "../../policies/engine";
import { baseline, BUILT_IN_PACKS, definePack, definePolicy, kubernetes, Pack, production, rulesForTier } from "../../policies/packs";
import { ALL_RULES } from "../../policies/rules";

/**
 * The exact rules and levels of each pack. Levels are written per tier in the
 * order preview, dev, test, staging, prod: E error, W warning, I info, - off.
 * Changing a pack means changing this table on purpose.
 */
const PINNED: Record<string, { tiers: Tier[]; rules: Record<string, string> }> = {
  baseline: {
    tiers: ["preview","dev","test","staging","prod"],
    rules: {
      "ENV-TAG-001": "EEEEE",
      "ENV-TAG-002": "EEEEE",
      "ENV-TTL-001": "EEEEE",
      "ENV-TTL-002": "EEEEE",
      "ENV-TTL-003": "WWWWW",
      "ENV-TTL-004": "EEEEE",
      "ENV-TTL-005": "EEEEE",
      "ENV-TTL-006": "EEEEE",
      "ENV-ENC-001": "WWWEE",
      "ENV-ENC-002": "WWWEE",
      "ENV-ENC-003": "WWWEE",
      "ENV-ENC-004": "WWWEE",
      "ENV-ENC-005": "WWWEE",
      "ENV-ENC-006": "WWWEE",
      "ENV-ENC-007": "WWWEE",
      "ENV-ENC-008": "WWWEE",
      "ENV-ENC-009": "WWWEE",
      "ENV-ENC-010": "WWWEE",
      "ENV-ENC-011": "WWWEE",
      "ENV-ENC-012": "WWWEE",
      "ENV-ENC-013": "WWWEE",
      "ENV-ENC-014": "WWWEE",
      "ENV-ENC-015": "WWWEE",
      "ENV-KMS-001": "WWWEE",
      "ENV-PUB-001": "EEEEE",
      "ENV-PUB-002": "EEEEE",
      "ENV-PUB-003": "EEEEE",
      "ENV-PUB-004": "EEEEE",
      "ENV-PUB-005": "EEEEE",
      "ENV-PUB-006": "EEEEE",
      "ENV-PUB-007": "EEEEE",
      "ENV-NET-001": "EEEEE",
      "ENV-NET-002": "EEEEE",
      "ENV-NET-003": "EEEEE",
      "ENV-NET-004": "EEEEE",
      "ENV-IMDS-001": "WWWEE",
      "ENV-ISO-001": "WWWEE",
      "ENV-COST-001": "EEEEE",
      "ENV-BAK-003": "WWWEE",
      "ENV-ENC-016": "WWWEE",
      "ENV-ENC-017": "WWWEE",
      "ENV-ENC-018": "WWWEE",
      "ENV-KMS-002": "--IWE",
      "ENV-NET-005": "EEEEE",
      "ENV-VER-002": "WWWEE",
      "ENV-ENC-019": "WWWEE",
      "ENV-ENC-020": "WWWEE",
      "ENV-ENC-021": "WWWEE",
      "ENV-ENC-022": "WWWEE",
      "ENV-IAM-004": "WWWEE",
      "ENV-PUB-008": "EEEEE",
      "ENV-BAK-001": "WWWEE",
      "ENV-BAK-002": "WWWEE",
      "ENV-VER-001": "WWWEE",
      "ENV-IAM-001": "WWWEE",
      "ENV-IAM-002": "WWWEE",
      "ENV-IAM-003": "WWWEE",
      "ENV-SEC-001": "EEEEE",
      "ENV-SEC-002": "EEEEE",
      "ENV-SEC-003": "EEEEE",
      "ENV-SEC-004": "EEEEE",
      "ENV-SEC-005": "EEEEE",
      "ENV-SEC-006": "EEEEE",
      "ENV-SEC-007": "EEEEE",
      "ENV-ENC-039": "WWWEE",
      "ENV-ENC-023": "WWWEE",
      "ENV-ENC-024": "WWWEE",
      "ENV-ENC-025": "WWWEE",
      "ENV-ENC-026": "WWWEE",
      "ENV-ENC-027": "WWWEE",
      "ENV-ENC-028": "WWWEE",
      "ENV-ENC-029": "WWWEE",
      "ENV-ENC-030": "WWWEE",
      "ENV-ENC-031": "WWWEE",
      "ENV-ENC-032": "WWWEE",
      "ENV-ENC-033": "EEEEE",
      "ENV-ENC-034": "WWWEE",
      "ENV-ENC-035": "WWWEE",
      "ENV-ENC-036": "WWWEE",
      "ENV-ENC-037": "WWWEE",
      "ENV-ENC-038": "WWWEE",
      "ENV-PUB-014": "EEEEE",
      "ENV-PUB-009": "EEEEE",
      "ENV-PUB-010": "EEEEE",
      "ENV-PUB-011": "EEEEE",
      "ENV-PUB-012": "EEEEE",
      "ENV-PUB-013": "EEEEE",
      "ENV-IAM-008": "WWWEE",
      "ENV-NET-006": "EEEEE",
      "ENV-NET-007": "EEEEE",
      "ENV-NET-008": "WWWEE",
      "ENV-NET-009": "EEEEE",
      "ENV-NET-010": "--IWE",
      "ENV-LOG-013": "--IWE",
      "ENV-LOG-014": "--IWE",
      "ENV-LOG-018": "--IWE",
      "ENV-BAK-004": "WWWEE",
      "ENV-BAK-005": "WWWEE",
      "ENV-VER-003": "--IWE",
      "ENV-VER-004": "WWWEE",
      "ENV-IAM-005": "WWWEE",
      "ENV-IAM-006": "EEEEE",
      "ENV-IAM-007": "WWWEE",
      "ENV-SEC-008": "EEEEE",
    },
  },
  production: {
    tiers: ["staging","prod"],
    rules: {
      "ENV-LOG-001": "---EE",
      "ENV-LOG-002": "---EE",
      "ENV-LOG-003": "---EE",
      "ENV-LOG-004": "--IWE",
      "ENV-DEL-003": "---EE",
      "ENV-LOG-005": "---EE",
      "ENV-LOG-006": "---EE",
      "ENV-LOG-007": "---EE",
      "ENV-LOG-008": "---EE",
      "ENV-DEL-001": "---EE",
      "ENV-DEL-002": "---EE",
      "ENV-LOG-009": "---EE",
      "ENV-LOG-010": "---EE",
      "ENV-LOG-011": "---EE",
      "ENV-LOG-012": "---EE",
      "ENV-LOG-015": "---EE",
      "ENV-LOG-016": "---EE",
      "ENV-LOG-017": "---EE",
      "ENV-LOG-019": "---EE",
      "ENV-LOG-020": "---EE",
      "ENV-DEL-004": "---EE",
      "ENV-NET-011": "---EE",
    },
  },
  kubernetes: {
    tiers: ["preview","dev","test","staging","prod"],
    rules: {
      "ENV-K8S-001": "WWWEE",
      "ENV-K8S-002": "WWWEE",
      "ENV-K8S-003": "WWWEE",
      "ENV-K8S-004": "WWWEE",
      "ENV-K8S-005": "WWWEE",
      "ENV-K8S-006": "WWWEE",
      "ENV-K8S-007": "WWWEE",
      "ENV-K8S-008": "WWWEE",
      "ENV-K8S-009": "WWWEE",
      "ENV-K8S-010": "WWWEE",
    },
  },
};

const LEVEL = { error: "E", warning: "W", info: "I", off: "-" } as const;

function levels(rule: Rule): string {
  return TIERS.map((t) => LEVEL[rule.severity[t]]).join("");
}

describe.each(BUILT_IN_PACKS.map((p) => [p.name, p] as const))("pack %s", (name, pack: Pack) => {
  it("applies to exactly the pinned tiers", () => {
    expect(pack.tiers).toEqual(PINNED[name].tiers);
  });

  it("holds exactly the pinned rules at the pinned levels", () => {
    expect(Object.fromEntries(pack.rules.map((r) => [r.id, levels(r)]))).toEqual(PINNED[name].rules);
  });
});

describe("built-in packs", () => {
  it("cover every built-in rule exactly once", () => {
    const ids = BUILT_IN_PACKS.flatMap((p) => p.rules.map((r) => r.id));
    expect([...ids].sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
  });

  it("give every rule a unique id of the form ENV-<AREA>-<NNN>", () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^ENV-[A-Z0-9]+-\d{3}$/);
  });

  it("give every rule a title, a remediation and an explicit level in every tier", () => {
    for (const rule of ALL_RULES) {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.remediation.length).toBeGreaterThan(20);
      expect(Object.keys(rule.severity).sort()).toEqual([...TIERS].sort());
    }
  });

  it("list only well-formed public control ids", () => {
    for (const rule of ALL_RULES) {
      for (const id of rule.equivalents.checkov ?? []) expect(id).toMatch(/^CKV2?_(AWS|K8S)_\d+$/);
      for (const id of rule.equivalents.trivy ?? []) expect(id).toMatch(/^(AWS|KSV)-\d{4}$/);
      for (const id of rule.equivalents.cis ?? []) expect(id).toMatch(/^v\d+\.\d+\.\d+ \d+(\.\d+)*$/);
      // An FSBP control is named by its service and number, and matches the rule's resource's service.
      for (const id of rule.equivalents.fsbp ?? []) expect(id).toMatch(/^(APIGateway|CloudFront|CloudTrail|DataFirehose|DocumentDB|DynamoDB|EC2|ECR|ECS|EKS|ELB|ES|Kinesis|KMS|Lambda|MSK|Neptune|Opensearch|RDS|Redshift|S3|SecretsManager)\.\d+$/);
    }
  });
});

describe("definePolicy", () => {
  it("uses the built-in packs by default, with production rules only in staging and prod", () => {
    const policy = definePolicy();
    expect(policy.rulesFor("dev").map((r) => r.id)).not.toContain("ENV-LOG-001");
    expect(policy.rulesFor("staging").map((r) => r.id)).toContain("ENV-LOG-001");
    expect(rulesForTier(policy, "prod")).toHaveLength(ALL_RULES.length);
  });

  it("turns a rule off for the listed tiers only", () => {
    const policy = definePolicy({ packs: [baseline, production], disable: { "ENV-ENC-001": ["dev"] } });
    expect(policy.rulesFor("dev").map((r) => r.id)).not.toContain("ENV-ENC-001");
    expect(policy.rulesFor("test").map((r) => r.id)).toContain("ENV-ENC-001");
  });

  it("turns a rule off everywhere with \"*\"", () => {
    const policy = definePolicy({ disable: { "ENV-K8S-008": "*" } });
    for (const tier of TIERS) expect(policy.rulesFor(tier).map((r) => r.id)).not.toContain("ENV-K8S-008");
  });

  it("overrides a severity for one tier without touching the rule", () => {
    const policy = definePolicy({ severity: { "ENV-ENC-001": { dev: "error" } } });
    expect(policy.rulesFor("dev").find((r) => r.id === "ENV-ENC-001")?.severity.dev).toBe("error");
    expect(ALL_RULES.find((r) => r.id === "ENV-ENC-001")?.severity.dev).toBe("warning");
  });

  it("adds a custom pack and custom rules", () => {
    const custom: Rule = {
      id: "ACME-COST-001",
      category: "cost",
      title: "No gp2 volumes (gp3 is cheaper)",
      severity: { preview: "warning", dev: "warning", test: "warning", staging: "warning", prod: "warning" },
      appliesTo: ["aws_ebs_volume"],
      equivalents: {},
      remediation: "Set type = \"gp3\" on the volume.",
      check: (r) => (r.attributes.type === "gp2" ? fail("type is gp2") : { kind: "pass" }),
    };
    const acme = definePack({ name: "acme", description: "ACME cost rules", tiers: ["prod"], rules: [custom] });
    expect(definePolicy({ packs: [baseline, acme] }).rulesFor("prod").map((r) => r.id)).toContain("ACME-COST-001");
    expect(definePolicy({ packs: [baseline, acme] }).rulesFor("dev").map((r) => r.id)).not.toContain("ACME-COST-001");
    expect(definePolicy({ packs: [kubernetes], rules: [custom] }).rulesFor("dev").map((r) => r.id)).toContain("ACME-COST-001");
  });

  it("rejects unknown rule ids in disable and severity, all at once", () => {
    expect(() => definePolicy({ disable: { "ENV-NOPE-001": ["dev"] }, severity: { "ENV-NOPE-002": { dev: "off" } } })).toThrow(
      /ENV-NOPE-001, ENV-NOPE-002/,
    );
    expect(() => definePolicy({ disable: { "ENV-NOPE-001": ["dev"] } })).toThrow(PolicyInputError);
  });

  it("rejects a pack with duplicate rule ids", () => {
    expect(() => definePack({ name: "dup", description: "", tiers: ["dev"], rules: [ALL_RULES[0], ALL_RULES[0]] })).toThrow(/ENV-TAG-001/);
  });
});
