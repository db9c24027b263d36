import { fail, pass, Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { credentialFindings } from "../../../lib/core/credentials";

/** Outputs are printed by every apply and stored in the state, readable by every consumer of remote state. */
export const noSecretsInOutputs: Rule = {
  id: "ENV-SEC-006",
  category: "secrets",
  title: "Outputs hold no literal credentials",
  severity: EXPOSURE,
  appliesTo: ["output"],
  equivalents: {},
  remediation: "Output the secret's ARN or name instead of its value; if a value must be output, mark it sensitive and take it from Secrets Manager rather than a literal.",
  unwaivableIn: ["prod"],
  check(output) {
    const found = credentialFindings(output.name, output.attributes.value);
    if (found.length === 0) return pass();
    return fail(`output ${output.name} looks like a credential (${found.join(", ")})${output.attributes.sensitive === true ? "; sensitive only hides it from the console, not from the state" : ""}`);
  },
};
