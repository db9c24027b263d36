import Ajv from "ajv";
import { renderSarif, toSarif } from "../../../policies/report";
import { sampleReport } from "./fixtures";

/** What GitHub code scanning requires of an uploaded SARIF file, written from its documentation. */
const GITHUB_SUBSET = {
  type: "object",
  required: ["version", "runs"],
  properties: {
    version: { const: "2.1.0" },
    runs: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["tool", "results"],
        properties: {
          tool: {
            type: "object",
            required: ["driver"],
            properties: {
              driver: {
                type: "object",
                required: ["name", "rules"],
                properties: {
                  name: { type: "string", minLength: 1 },
                  rules: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["id", "shortDescription", "fullDescription", "help", "defaultConfiguration", "properties"],
                      properties: {
                        id: { type: "string", minLength: 1 },
                        shortDescription: { type: "object", required: ["text"] },
                        fullDescription: { type: "object", required: ["text"] },
                        help: { type: "object", required: ["text"] },
                        defaultConfiguration: { type: "object", properties: { level: { enum: ["none", "note", "warning", "error"] } } },
                        properties: { type: "object", properties: { "security-severity": { type: "string", pattern: "^\\d+\\.\\d$" }, tags: { type: "array", items: { type: "string" } } } },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["ruleId", "level", "message", "locations"],
              properties: {
                level: { enum: ["none", "note", "warning", "error"] },
                message: { type: "object", required: ["text"], properties: { text: { type: "string", minLength: 1 } } },
                locations: {
                  type: "array",
                  minItems: 1,
                  items: {
                    type: "object",
                    required: ["physicalLocation"],
                    properties: {
                      physicalLocation: {
                        type: "object",
                        required: ["artifactLocation", "region"],
                        properties: {
                          artifactLocation: { type: "object", required: ["uri"], properties: { uri: { type: "string", pattern: "^[^/\\\\]" } } },
                          region: { type: "object", required: ["startLine"], properties: { startLine: { type: "integer", minimum: 1 } } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

describe("SARIF report", () => {
  const sarif = JSON.parse(renderSarif(sampleReport()));

  it("meets GitHub code scanning's requirements", () => {
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(GITHUB_SUBSET);
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  });

  it("rejects a broken log (the validators can fail)", () => {
    const broken = { ...sarif, runs: [{ ...sarif.runs[0], results: [{ ruleId: "X", level: "fatal", message: {} }] }] };
    expect(new Ajv().compile(GITHUB_SUBSET)(broken)).toBe(false);
  });

  it("describes each evaluated rule once, with its public equivalents", () => {
    const rules = sarif.runs[0].tool.driver.rules as { id: string; properties: Record<string, unknown> }[];
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(rules.find((r) => r.id === "ENV-NET-001")?.properties).toMatchObject({ checkov: ["CKV_AWS_24"], trivy: ["AWS-0107"] });
    expect(rules.map((r) => r.id)).toContain("ENV-WAIVER-EXPIRED");
  });

  it("maps severities to SARIF levels and points at the scanned file, the address and the construct path", () => {
    const results = sarif.runs[0].results as Record<string, any>[];
    const net = results.find((r) => r.ruleId === "ENV-NET-001");
    expect(net?.level).toBe("error");
    expect(net?.locations[0].physicalLocation.artifactLocation.uri).toBe("cdktf.out/stacks/env-prod/cdk.tf.json");
    expect(results.find((r) => r.ruleId === "ENV-IAM-001")?.level).toBe("note");
    const enc = results.find((r) => r.ruleId === "ENV-ENC-001");
    expect(enc?.locations[0].logicalLocations.map((l: { fullyQualifiedName: string }) => l.fullyQualifiedName)).toEqual(["env-prod/aws_s3_bucket.logs", "env-prod/logs/Resource"]);
  });

  it("marks waived findings as suppressed with the waiver's reason", () => {
    const results = toSarif(sampleReport()).runs as { results: Record<string, any>[] }[];
    const waived = results[0].results.find((r) => r.ruleId === "ENV-VER-001");
    expect(waived?.suppressions).toEqual([{ kind: "external", status: "accepted", justification: "Log bucket: versions would double storage (expires 2026-03-31)" }]);
  });
});
