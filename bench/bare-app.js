// A bare cdktf app with no envkit code: it declares, with the provider's own classes,
// exactly the resources and data sources that the example organization synthesizes
// (read from a blueprint cdktf.out), so that the benchmark compares like with like.
// With `tokens`, references between them are passed as cdktf tokens (`vpc.id`), the
// way hand-written code passes them; without, as the "${...}" strings of the JSON.
const fs = require("fs");
const path = require("path");
const { App, DataResource, DataTerraformRemoteStateLocal, TerraformOutput, TerraformStack, LocalBackend } = require("cdktf");

/** The provider packages of the blueprint's stacks: the AWS stacks and the Kubernetes stacks. */
const PACKAGES = { aws: "@cdktf/provider-aws", kubernetes: "@cdktf/provider-kubernetes" };

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
// Map-valued arguments keep their keys as written.
const MAPS = new Set(["tags", "variables"]);
const REF = /\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;

function toConfig(value, key, constructs) {
  if (typeof value === "string" && constructs) return value.replace(REF, (whole, address, attribute) => (constructs.has(address) ? constructs.get(address).getStringAttribute(attribute) : whole));
  if (Array.isArray(value)) return value.map((v) => toConfig(v, undefined, constructs));
  if (value && typeof value === "object") {
    if (MAPS.has(key)) return value;
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "//" || k === "depends_on") continue;
      out[camel(k)] = toConfig(v, k, constructs);
    }
    return out;
  }
  return value;
}

function classFor(type, data) {
  // Terraform's built-in resource (the expiry and promotion guards) is cdktf's own class.
  if (type === "terraform_data" && !data) return DataResource;
  const [provider, ...rest] = type.split("_");
  if (!PACKAGES[provider]) throw new Error(`no provider package for ${type}`);
  // Resources drop the provider's prefix (s3-bucket, config-map-v1); data sources keep it (data-aws-caller-identity).
  const module = data ? `data-${type.replace(/_/g, "-")}` : rest.join("-");
  const exports = require(`${PACKAGES[provider]}/lib/${module}`);
  const found = Object.values(exports).find((e) => typeof e === "function" && e.tfResourceType === type);
  if (!found) throw new Error(`no provider class for ${type}`);
  return found;
}

function providerClass(provider) {
  if (!PACKAGES[provider]) throw new Error(`no provider package for provider ${provider}`);
  const exports = require(`${PACKAGES[provider]}/lib/provider`);
  return Object.values(exports).find((e) => typeof e === "function" && e.tfResourceType === provider);
}

/** Addresses ("type.name" or "data.type.name") referenced anywhere in a value. */
function referencesOf(value, out = new Set()) {
  if (typeof value === "string") for (const m of value.matchAll(REF)) out.add(m[1]);
  else if (Array.isArray(value)) value.forEach((v) => referencesOf(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => referencesOf(v, out));
  return out;
}

exports.synthBare = function synthBare(blueprintDir, outdir, { tokens = false } = {}) {
  const app = new App({ outdir });
  for (const name of fs.readdirSync(path.join(blueprintDir, "stacks")).sort()) {
    const json = JSON.parse(fs.readFileSync(path.join(blueprintDir, "stacks", name, "cdk.tf.json"), "utf8"));
    const stack = new TerraformStack(app, name);
    for (const [provider, [config]] of Object.entries(json.provider)) {
      const Provider = providerClass(provider);
      new Provider(stack, provider, toConfig(config));
    }
    new LocalBackend(stack, { path: `${name}.tfstate` });
    // The Kubernetes stacks read the AWS stacks' outputs through their state.
    for (const [id, remote] of Object.entries(json.data?.terraform_remote_state ?? {})) new DataTerraformRemoteStateLocal(stack, id, remote.config);
    const pending = [];
    for (const [kind, data] of [["data", true], ["resource", false]]) {
      for (const [type, byName] of Object.entries(json[kind] || {})) {
        if (type === "terraform_remote_state") continue;
        for (const [id, attributes] of Object.entries(byName)) pending.push({ address: `${data ? "data." : ""}${type}.${id}`, type, id, data, attributes, needs: tokens ? referencesOf(attributes) : new Set() });
      }
    }
    // With tokens, each element is created after the ones it refers to, as code that uses tokens must be.
    const constructs = new Map();
    while (pending.length > 0) {
      const ready = pending.findIndex((p) => [...p.needs].every((n) => constructs.has(n) || !pending.some((q) => q.address === n)));
      const next = pending.splice(ready === -1 ? 0 : ready, 1)[0];
      const Element = classFor(next.type, next.data);
      constructs.set(next.address, new Element(stack, next.id, toConfig(next.attributes, undefined, tokens ? constructs : undefined)));
    }
    for (const [id, output] of Object.entries(json.output ?? {})) {
      new TerraformOutput(stack, id, { value: toConfig(output.value, undefined, tokens ? constructs : undefined), sensitive: output.sensitive, description: output.description });
    }
  }
  app.synth();
};
