/** Reading the environment manifest back: validated, versioned, with errors that name the file. */
import { z } from "zod/v3";
import { EnvkitInputError } from "../../lib/core/errors";
import { TIERS } from "../../lib/core/profile";
import { MANIFEST_FORMAT_VERSION, type EnvironmentManifest } from "../../stacks/app/manifest";

const stackSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(["aws", "kubernetes"]),
  file: z.string().min(1),
  policy: z.object({
    packs: z.array(z.object({ name: z.string(), tiers: z.array(z.enum(TIERS)), rules: z.array(z.string()) })),
    customRules: z.array(z.string()),
    tiers: z.record(z.enum(TIERS), z.record(z.string(), z.enum(["error", "warning", "info", "off"]))),
  }),
  waivers: z.array(z.record(z.string(), z.unknown())),
  synthFindings: z.array(z.record(z.string(), z.unknown())),
});

const manifestSchema = z.object({
  formatVersion: z.literal(MANIFEST_FORMAT_VERSION),
  libraryVersion: z.string(),
  environments: z.array(
    z.object({
      name: z.string().min(1),
      tier: z.enum(TIERS),
      owner: z.string(),
      lifecycle: z.union([z.object({ kind: z.literal("ephemeral"), createdAt: z.string(), expiresAt: z.string() }), z.object({ kind: z.literal("persistent"), reason: z.string() })]),
      expiresAt: z.string().nullable(),
      backend: z.object({ type: z.enum(["local", "s3", "hcp"]) }).passthrough(),
      stacks: z.array(stackSchema),
      weakenedControls: z.array(z.object({ field: z.string() }).passthrough()),
      resolved: z.object({ name: z.string() }).passthrough(),
      release: z
        .object({
          id: z.string().regex(/^rel-[0-9a-f]{12}$/),
          digest: z.string().regex(/^[0-9a-f]{64}$/),
          policy: z.object({ soakHours: z.number().min(0), approvals: z.number().int().min(0), requiresPromotion: z.boolean() }),
          promoted: z.boolean(),
          lastPromoted: z.string().optional(),
          refusal: z.string().optional(),
          breakGlass: z.string().optional(),
        })
        .optional(),
    })
  ),
  declaredOnly: z
    .array(
      z.object({
        name: z.string().min(1),
        tier: z.enum(TIERS),
        owner: z.string(),
        lifecycle: z.object({ kind: z.enum(["ephemeral", "persistent"]) }).passthrough(),
        expiresAt: z.string().nullable(),
        backend: z.object({ type: z.enum(["local", "s3", "hcp"]) }).passthrough(),
        stacks: z.array(z.object({ name: z.string().min(1), kind: z.enum(["aws", "kubernetes"]) })),
        resolved: z.object({ name: z.string() }).passthrough(),
        promotion: z.object({ soakHours: z.number().min(0), approvals: z.number().int().min(0), requiresPromotion: z.boolean() }),
      })
    )
    .optional(),
  order: z.array(z.string()).optional(),
  previews: z.object({ account: z.string().regex(/^\d{12}$/), region: z.string().optional(), deployRole: z.string().optional() }).optional(),
});

/** Reads an environment manifest; a file from another format version or a damaged one is refused with the reason. */
export function parseEnvironmentManifest(json: unknown, where: string): EnvironmentManifest {
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === "number" && version !== MANIFEST_FORMAT_VERSION) {
    throw new EnvkitInputError(`${where}: format version ${version} is not one this library reads (${MANIFEST_FORMAT_VERSION}); re-run \`cdktf synth\` with this version of the library.`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new EnvkitInputError(`${where}: not a valid environment manifest (${problems.join("; ")}). Re-run \`cdktf synth\`; never edit it by hand.`);
  }
  return parsed.data as unknown as EnvironmentManifest;
}
