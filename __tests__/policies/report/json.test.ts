import Ajv from "ajv";
import { renderJson } from "../../../policies/report";
import { sampleReport } from "./fixtures";

/** The JSON contract: exactly these keys, no more. */
const JSON_REPORT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["findings", "summary"],
  properties: {
    findings: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["ruleId", "category", "severity", "resource", "stack", "message", "remediation", "waived"],
        properties: {
          ruleId: { type: "string" },
          category: { type: "string" },
          severity: { enum: ["error", "warning", "info"] },
          resource: { type: "string" },
          stack: { type: "string" },
          message: { type: "string" },
          remediation: { type: "string" },
          waived: { type: "boolean" },
        },
      },
    },
    summary: {
      type: "object",
      additionalProperties: false,
      required: ["errors", "warnings", "waived", "resources", "stacks", "rules"],
      properties: { errors: { type: "integer" }, warnings: { type: "integer" }, waived: { type: "integer" }, resources: { type: "integer" }, stacks: { type: "integer" }, rules: { type: "integer" } },
    },
  },
};

describe("JSON report", () => {
  const validate = new Ajv({ allErrors: true }).compile(JSON_REPORT_SCHEMA);
  const json = JSON.parse(renderJson(sampleReport()));

  it("has exactly the documented keys", () => {
    expect(validate(json) ? [] : validate.errors).toEqual([]);
  });

  it("leaves out construct paths, equivalents and waiver details (they live in SARIF)", () => {
    expect(validate({ ...json, findings: [{ ...json.findings[0], constructPath: "x" }] })).toBe(false);
  });

  it("carries the summary with waived findings excluded from errors", () => {
    expect(json.summary).toEqual({ errors: 4, warnings: 1, waived: 1, resources: 4, stacks: 2, rules: 136 });
    expect(json.findings.find((f: { ruleId: string }) => f.ruleId === "ENV-VER-001")).toMatchObject({ waived: true, severity: "error" });
  });
});
