/**
 * Plaintext secret detection shared by the secrets rules. Found values are
 * never echoed: messages show only a masked prefix.
 */
import { isReference } from "../../model";

/** Key names that hold secrets. */
export const SECRET_KEY_NAME = /(password|passwd|secret|token|api[_-]?key)/i;

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
const SECRET_ACCESS_KEY = /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{20,}/i;
const SECRET_ASSIGNMENT = /\b[A-Za-z0-9_-]*(?:password|passwd|secret|token|api[_-]?key)[A-Za-z0-9_-]*\s*[=:]\s*["']?([^\s"'$<{][^\s"']*)/i;

/** What in `text` looks like a plaintext secret, described without the secret. */
export function secretsInText(text: string): string[] {
  const found: string[] = [];
  const keyId = ACCESS_KEY_ID.exec(text);
  if (keyId) found.push(`an AWS access key id (${mask(keyId[0])})`);
  if (SECRET_ACCESS_KEY.test(text)) found.push("an aws_secret_access_key assignment");
  const assignment = SECRET_ASSIGNMENT.exec(text);
  if (assignment && !/aws_secret_access_key/i.test(assignment[0])) found.push(`a secret assignment (${mask(assignment[0].split(/[=:]/)[0].trim())}=…)`);
  return found;
}

/** True when a value is a literal (not a reference) non-empty string. */
export function isLiteralSecretValue(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "" && !isReference(value);
}

/** Decodes `text` when it is valid base64 of printable text; returns it unchanged otherwise. */
export function decodeIfBase64(text: string): string {
  const compact = text.replace(/\s+/g, "");
  if (compact.length < 8 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return text;
  const decoded = Buffer.from(compact, "base64").toString("utf8");
  return /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(decoded) && !decoded.includes("\ufffd") ? decoded : text;
}

/** The first characters of a value, for messages. */
export function mask(value: string): string {
  return value.length <= 4 ? "****" : `${value.slice(0, 4)}…`;
}
