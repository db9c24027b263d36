import { Construct } from "constructs";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";

/** Props of `ConfigParameters`. */
export interface ConfigParametersProps {
  /** Path prefix, e.g. `/acme/dev`; each value is published as `<prefix>/<key>`. */
  readonly prefix: string;
  /** Settings to publish; keys may hold letters, digits, `_`, `.`, `-` and `/`. */
  readonly values: Readonly<Record<string, string>>;
  /**
   * KMS key ARN: values are stored as `SecureString` encrypted with it.
   * Leave it out only with an explicit `encrypted: false`, which stores plain `String` parameters.
   */
  readonly kmsKeyArn?: string;
  /** @default true */
  readonly encrypted?: boolean;
}

/**
 * Names the construct tree keeps for itself (construct children live in a
 * plain object): a key with one of these names gets a prefixed construct id.
 * Every other key keeps its id, so that logical ids, and state, never move.
 */
const RESERVED_IDS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"]);

function constructIdFor(key: string): string {
  return RESERVED_IDS.has(key) ? `param-${key}` : key.replace(/\//g, "-");
}

/** An environment's settings as SSM parameters under one path, encrypted by default. */
export class ConfigParameters extends Construct {
  /** Parameters by key. */
  readonly parameters: Readonly<Record<string, SsmParameter>>;
  /** The path every parameter is under, e.g. `/acme/dev`. */
  readonly prefix: string;

  constructor(scope: Construct, id: string, props: ConfigParametersProps) {
    super(scope, id);
    const encrypted = props.encrypted ?? true;
    this.prefix = props.prefix;
    const problems: string[] = [];
    if (!/^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.-]$/.test(props.prefix)) problems.push(`prefix "${props.prefix}" must start with / and not end with /`);
    if (encrypted && !props.kmsKeyArn) problems.push("kmsKeyArn is required unless encrypted is false");
    const bad = Object.keys(props.values).filter((k) => !/^[A-Za-z0-9_.-][A-Za-z0-9_.\-/]*$/.test(k));
    if (bad.length > 0) problems.push(`keys ${bad.map((k) => `"${k}"`).join(", ")} may hold only letters, digits, _ . - /`);
    if (problems.length > 0) throw new Error(`ConfigParameters ${this.node.path}: ${problems.join("; ")}`);

    const parameters: Record<string, SsmParameter> = Object.create(null);
    for (const key of Object.keys(props.values).sort()) {
      parameters[key] = new SsmParameter(this, constructIdFor(key), {
        name: `${props.prefix}/${key}`,
        type: encrypted ? "SecureString" : "String",
        keyId: encrypted ? props.kmsKeyArn : undefined,
        value: props.values[key],
        tier: "Standard",
      });
    }
    this.parameters = parameters;
  }
}
