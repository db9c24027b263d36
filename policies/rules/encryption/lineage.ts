/**
 * Encryption by lineage: a snapshot, a snapshot copy, a read replica or a
 * restored copy is encrypted as its source is, unless it sets encryption of
 * its own. This reads the chain back through the stack (a snapshot copy of a
 * snapshot of a volume) and says what the storage ends up as, or why that
 * cannot be known from this configuration.
 */
import { StackModel, TfResource } from "../../model";
import { fail, pass, RuleResult } from "../../rule";
import { flag, isSet, unknownValue, unresolved } from "../helpers";

/** What a resource's storage is: encrypted, unencrypted (and through which resource), or unknown (and why). */
export type Encryption =
  | { readonly kind: "encrypted" }
  | { readonly kind: "unencrypted"; readonly source: TfResource }
  | { readonly kind: "unknown"; readonly why: string };

/** How one resource type is encrypted: its own setting, and where it inherits from when that is unset. */
interface Lineage {
  /** The attribute that encrypts the resource itself (`true` encrypts), if it has one. */
  readonly flag?: string;
  /** An attribute that, when set, encrypts the copy with that key (snapshot copies with `kms_key_id`). */
  readonly key?: string;
  /** Attributes naming the source, in the order AWS uses them, with the source's types. */
  readonly sources: readonly (readonly [attribute: string, types: readonly string[]])[];
  /** Whether storage with neither setting nor source is encrypted anyway (e.g. by the account's EBS default). */
  readonly defaultEncrypted?: (stack: StackModel) => boolean;
}

const RDS_CLUSTERS = ["aws_rds_cluster"];
const LINEAGES: Readonly<Record<string, Lineage>> = {
  aws_ebs_volume: { flag: "encrypted", sources: [["snapshot_id", ["aws_ebs_snapshot", "aws_ebs_snapshot_copy"]]], defaultEncrypted: ebsEncryptedByDefault },
  aws_ebs_snapshot: { sources: [["volume_id", ["aws_ebs_volume"]]] },
  aws_ebs_snapshot_copy: { flag: "encrypted", sources: [["source_snapshot_id", ["aws_ebs_snapshot", "aws_ebs_snapshot_copy"]]] },
  aws_db_instance: {
    flag: "storage_encrypted",
    sources: [
      ["replicate_source_db", ["aws_db_instance"]],
      ["snapshot_identifier", ["aws_db_snapshot", "aws_db_snapshot_copy"]],
    ],
  },
  aws_db_snapshot: { sources: [["db_instance_identifier", ["aws_db_instance"]]] },
  aws_db_snapshot_copy: { key: "kms_key_id", sources: [["source_db_snapshot_identifier", ["aws_db_snapshot", "aws_db_snapshot_copy"]]] },
  aws_rds_cluster: {
    flag: "storage_encrypted",
    sources: [
      ["snapshot_identifier", ["aws_db_cluster_snapshot"]],
      ["replication_source_identifier", RDS_CLUSTERS],
    ],
  },
  aws_db_cluster_snapshot: { sources: [["db_cluster_identifier", RDS_CLUSTERS]] },
  aws_neptune_cluster: { flag: "storage_encrypted", sources: [["snapshot_identifier", ["aws_neptune_cluster_snapshot"]], ["replication_source_identifier", ["aws_neptune_cluster"]]] },
  aws_neptune_cluster_snapshot: { sources: [["db_cluster_identifier", ["aws_neptune_cluster"]]] },
  aws_docdb_cluster: { flag: "storage_encrypted", sources: [["snapshot_identifier", ["aws_docdb_cluster_snapshot"]]] },
  aws_docdb_cluster_snapshot: { sources: [["db_cluster_identifier", ["aws_docdb_cluster"]]] },
};

/** Resource types whose encryption this module can trace. */
export const TRACED_TYPES: readonly string[] = Object.freeze(Object.keys(LINEAGES));

/** Types that carry no encryption setting of their own: only their source decides. */
export const DERIVED_ONLY_TYPES: readonly string[] = Object.freeze(Object.entries(LINEAGES).filter(([, l]) => !l.flag).map(([type]) => type));

/** The attribute that names where `resource` was derived from, when it names one. */
export function sourceAttribute(resource: TfResource): string | undefined {
  return LINEAGES[resource.type]?.sources.find(([attribute]) => isSet(resource.attributes[attribute]))?.[0];
}

/**
 * What `resource`'s storage is. Its own setting decides when written; a
 * source decides otherwise; with neither, it is unencrypted (or encrypted by
 * an account default the stack declares).
 */
export function encryptionOf(resource: TfResource, stack: StackModel, seen: ReadonlySet<TfResource> = new Set()): Encryption {
  const lineage = LINEAGES[resource.type];
  if (!lineage) return { kind: "unknown", why: `${resource.address} is a ${resource.type}, whose encryption is not traced` };
  if (seen.has(resource)) return { kind: "unknown", why: `${resource.address} is its own source through a cycle` };
  const own = lineage.flag ? flag(resource.attributes[lineage.flag]) : undefined;
  if (own === true) return { kind: "encrypted" };
  if (own === "unresolved") return { kind: "unknown", why: `${resource.address}.${lineage.flag} is ${JSON.stringify(resource.attributes[lineage.flag as string])}, which could not be resolved` };
  if (own === false) return { kind: "unencrypted", source: resource };
  if (lineage.key && isSet(resource.attributes[lineage.key])) return { kind: "encrypted" };
  const attribute = sourceAttribute(resource);
  if (attribute !== undefined) {
    const types = lineage.sources.find(([a]) => a === attribute)?.[1] ?? [];
    const value = resource.attributes[attribute];
    const [source] = types.flatMap((t) => stack.referencedResources(value, t));
    if (!source) return { kind: "unknown", why: `${resource.address}.${attribute} (${JSON.stringify(value)}) names a source outside this configuration` };
    return encryptionOf(source, stack, new Set([...seen, resource]));
  }
  if (lineage.defaultEncrypted?.(stack)) return { kind: "encrypted" };
  return { kind: "unencrypted", source: resource };
}

/**
 * The verdict of an encryption rule on a resource that may inherit its
 * encryption: its own setting, or else its source's. `consequence` says what
 * an unencrypted resource leaves in the clear.
 */
export function requireEncryption(resource: TfResource, stack: StackModel, consequence: string): RuleResult {
  const lineage = LINEAGES[resource.type];
  const field = lineage?.flag;
  if (field && flag(resource.attributes[field]) === "unresolved") return unknownValue(unresolved(field, resource.attributes[field], "true or false"));
  const verdict = encryptionOf(resource, stack);
  if (verdict.kind === "encrypted") return pass();
  if (verdict.kind === "unknown") return unknownValue(`${verdict.why}; whether it is encrypted cannot be verified`);
  if (verdict.source !== resource) {
    const via = sourceAttribute(resource);
    return fail(`its source ${verdict.source.address} is not encrypted (${resource.type} inherits encryption through ${via}): ${consequence}`);
  }
  if (!field) return fail(`it sets no encryption of its own: ${consequence}`);
  const value = flag(resource.attributes[field]);
  return fail(`${field} is ${value === false ? "false" : "not set (the provider default is false)"}: ${consequence}`);
}

/** Whether the stack turns on EBS encryption by default for the account and region. */
function ebsEncryptedByDefault(stack: StackModel): boolean {
  return stack.resourcesOfType("aws_ebs_encryption_by_default").some((d) => flag(d.attributes.enabled) !== false && flag(d.attributes.enabled) !== "unresolved");
}
