// A bare cdktf app with no envkit code: it declares, with the provider's own classes,
// exactly the resources and data sources that the example organization synthesizes
// (read from a blueprint cdktf.out), so that the benchmark compares like with like.
const fs = require("fs");
const path = require("path");
const { App, TerraformStack, LocalBackend } = require("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
// Map-valued arguments keep their keys as written.
const MAPS = new Set(["tags", "variables"]);

function toConfig(value, key) {
  if (Array.isArray(value)) return value.map((v) => toConfig(v));
  if (value && typeof value === "object") {
    if (MAPS.has(key)) return value;
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "//" || k === "depends_on") continue;
      out[camel(k)] = toConfig(v, k);
    }
    return out;
  }
  return value;
}

function classFor(type, data) {
  const module = (data ? "data-" : "") + type.replace(/_/g, "-").replace(/^aws-(?!aws)/, data ? "aws-" : "");
  const exports = require(`@cdktf/provider-aws/lib/${module}`);
  const found = Object.values(exports).find((e) => typeof e === "function" && e.tfResourceType === type);
  if (!found) throw new Error(`no provider class for ${type}`);
  return found;
}

exports.synthBare = function synthBare(blueprintDir, outdir) {
  const app = new App({ outdir });
  for (const name of fs.readdirSync(path.join(blueprintDir, "stacks")).sort()) {
    const json = JSON.parse(fs.readFileSync(path.join(blueprintDir, "stacks", name, "cdk.tf.json"), "utf8"));
    const stack = new TerraformStack(app, name);
    new AwsProvider(stack, "aws", toConfig(json.provider.aws[0]));
    new LocalBackend(stack, { path: `${name}.tfstate` });
    for (const [kind, data] of [["data", true], ["resource", false]]) {
      for (const [type, byName] of Object.entries(json[kind] || {})) {
        const Resource = classFor(type, data);
        for (const [id, attributes] of Object.entries(byName)) new Resource(stack, id, toConfig(attributes));
      }
    }
  }
  app.synth();
};
