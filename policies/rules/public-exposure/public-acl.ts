/** Recognizes public canned ACLs and grants to the AllUsers / AuthenticatedUsers groups. */
import { block, blocks, unresolved } from "../helpers";

/** Canned ACLs that open a bucket beyond the account. */
export const PUBLIC_CANNED_ACLS: readonly string[] = ["public-read", "public-read-write", "authenticated-read"];

const PUBLIC_GROUPS = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

/** What makes an ACL public, or undefined when it is not. */
export function publicAclProblem(acl: unknown, accessControlPolicy: unknown): string | undefined {
  if (typeof acl === "string" && PUBLIC_CANNED_ACLS.includes(acl)) {
    return `acl is "${acl}", which grants access to ${acl === "authenticated-read" ? "every AWS account" : "everyone on the internet"}; allowed: private, bucket-owner-full-control and other non-public canned ACLs`;
  }
  for (const grant of blocks(block(accessControlPolicy)?.grant)) {
    const uri = block(grant.grantee)?.uri;
    if (typeof uri === "string" && PUBLIC_GROUPS.includes(uri)) return `access_control_policy grants ${String(grant.permission)} to ${uri}`;
  }
  return undefined;
}

/** Why an ACL cannot be judged (a canned ACL or a grantee only apply knows), or undefined when it can. */
export function unresolvedAcl(acl: unknown, accessControlPolicy: unknown): string | undefined {
  if (typeof acl === "string" && acl.includes("${")) return unresolved("acl", acl, "a canned ACL");
  for (const grant of blocks(block(accessControlPolicy)?.grant)) {
    const uri = block(grant.grantee)?.uri;
    if (typeof uri === "string" && uri.includes("${")) return unresolved("access_control_policy grantee uri", uri, "a grantee");
  }
  return undefined;
}
