import { fail, pass, Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { isLiteralSecretValue, SECRET_KEY_NAME, secretsInText } from "../../../lib/core/credentials";

/** Secret-named Terraform variables get no literal default: it would be committed with the code. */
export const noSecretVariableDefaults: Rule = {
  id: "ENV-SEC-003",
  category: "secrets",
  title: "Terraform variables have no plaintext secret defaults",
  severity: EXPOSURE,
  appliesTo: ["variable"],
  equivalents: {},
  remediation: "Remove the default and pass the value at apply time (TF_VAR_<name> from your secret store), or read it with a data source from Secrets Manager.",
  unwaivableIn: ["prod"],
  check(variable) {
    const value = variable.attributes.default;
    if (SECRET_KEY_NAME.test(variable.name) && isLiteralSecretValue(value)) return fail(`variable ${variable.name} has a literal default`);
    if (typeof value === "string" && secretsInText(value).length > 0) return fail(`the default of variable ${variable.name} contains ${secretsInText(value).join(", ")}`);
    return pass();
  },
};
