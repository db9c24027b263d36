/**
 * Plaintext secret detection shared by the secrets rules. Found values are
 * never echoed: messages show only a masked prefix.
 */

/** Key names that hold secrets. */
export const SECRET_KEY_NAME = /(password|passwd|pwd|secret|token|api[_-]?key|private[_-]?key|credential)/i;

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
const SECRET_ACCESS_KEY = /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{20,}/i;
const SECRET_ASSIGNMENT = /\b[A-Za-z0-9_-]*(?:password|passwd|secret|token|api[_-]?key)[A-Za-z0-9_-]*\s*[=:]\s*["']?([^\s"'$<{][^\s"']*)/i;

/** Credentials with a recognizable shape, by what they are. */
const CREDENTIAL_SHAPES: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----/, "a private key"],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{60,}\b/, "a GitHub token"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/, "a Slack token"],
  [/\b(?:sk|rk)_live_[A-Za-z0-9]{16,}\b/, "a Stripe secret key"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/, "a JSON Web Token"],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i, "a URL with a password"],
];

/** What in `text` looks like a plaintext secret, described without the secret. */
export function secretsInText(text: string): string[] {
  const found: string[] = [];
  const keyId = ACCESS_KEY_ID.exec(text);
  if (keyId) found.push(`an AWS access key id (${mask(keyId[0])})`);
  if (SECRET_ACCESS_KEY.test(text)) found.push("an aws_secret_access_key assignment");
  const assignment = SECRET_ASSIGNMENT.exec(text);
  if (assignment && !/aws_secret_access_key/i.test(assignment[0])) found.push(`a secret assignment (${mask(assignment[0].split(/[=:]/)[0].trim())}=…)`);
  for (const [shape, what] of CREDENTIAL_SHAPES) if (shape.test(text)) found.push(what);
  if (found.length === 0 && (looksLikeRandomToken(text) || containsRandomToken(text))) found.push("a high-entropy token");
  return found;
}

/**
 * Whether a longer text (a script, a command line) holds a random-looking
 * token among its words, such as a bearer token passed to curl. Words are
 * split on whitespace, quotes and `=`/`:`; at most the first 20,000 are read.
 */
function containsRandomToken(text: string): boolean {
  if (text.length < 32) return false;
  let read = 0;
  for (const word of text.split(/[\s"'`=:,;()[\]{}]+/)) {
    if (++read > 20_000) return false;
    if (word.length >= 32 && looksLikeRandomToken(word) && !PATH_LIKE.test(word)) return true;
  }
  return false;
}

/** Long words that are identifiers rather than secrets: paths, ARNs' tails, base64 of printable text (checked by the caller). */
const PATH_LIKE = /\/[A-Za-z]|^[A-Za-z]+(?:[-_][A-Za-z0-9]+)+$/;

/** Names that mark a container or function environment variable as a credential whatever its value looks like. */
const CREDENTIAL_VARIABLE = /^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|ECS_ENGINE_AUTH_DATA)$/i;

/**
 * What makes environment variables (of a function, a container, a build)
 * look like credentials, one line per variable, naming the variable and what
 * it looks like, never its value.
 */
export function environmentFindings(variables: Iterable<readonly [name: string, value: unknown]>): string[] {
  const found: string[] = [];
  for (const [name, value] of variables) {
    if (!isLiteralSecretValue(value)) continue;
    const text = String(value);
    if (CREDENTIAL_VARIABLE.test(name)) {
      found.push(`environment variable ${name} has a literal value`);
      continue;
    }
    const shaped = NOT_A_SECRET.test(text.trim()) ? [] : secretsInText(text);
    if (shaped.length > 0) found.push(`environment variable ${name} holds ${shaped.join(", ")}`);
    else if (SECRET_KEY_NAME.test(name) && !NOT_A_SECRET.test(text.trim())) found.push(`environment variable ${name} has a literal value`);
  }
  return found;
}

/**
 * What makes a named value look like a credential: a secret-like name with a
 * literal value, or a value shaped like one. Empty when it looks harmless.
 */
export function credentialFindings(name: string, value: unknown): string[] {
  if (!isLiteralSecretValue(value)) return [];
  const text = String(value);
  if (NOT_A_SECRET.test(text.trim())) return [];
  const shaped = secretsInText(text);
  if (shaped.length > 0) return shaped;
  return NAMES_A_SECRET.test(name) ? ["a secret-like name with a literal value"] : [];
}

/** A name that says its value is a secret: it ends with the secret's kind (`db-password`, `client_secret`), unlike `password-policy`. */
const NAMES_A_SECRET = /(password|passwd|pwd|secret|token|api[_-]?key|private[_-]?key|credentials?)$/i;

/**
 * Values that a secret-like name may hold without holding a secret: a number,
 * a boolean, a duration, an ARN or a parameter path (where a secret lives), a
 * reference to a Secrets Manager secret as the library publishes one
 * (`secretsmanager:<name or ARN>`), a URL without credentials, or one of a few words.
 */
const NOT_A_SECRET = /^(?:-?\d+(?:\.\d+)?|true|false|yes|no|on|off|none|null|enabled|disabled|required|optional|\d+(?:ms|s|m|h|d)|arn:aws[a-z-]*:[^\s]+|\/[A-Za-z0-9_.\-/]+|secretsmanager:(?:arn:aws[a-z-]*:secretsmanager:[^\s]+|[A-Za-z0-9/_+=.@-]{1,512})|https?:\/\/[^\s@]+)$/i;

/** A single word of 32+ characters, mixing upper case, lower case and digits, with the entropy of random text. */
export function looksLikeRandomToken(text: string): boolean {
  const word = text.trim();
  if (word.length < 32 || word.length > 4096 || !/^[A-Za-z0-9+/=_-]+$/.test(word)) return false;
  if (!/[a-z]/.test(word) || !/[A-Z]/.test(word) || !/[0-9]/.test(word)) return false;
  return shannonEntropy(word) >= 4.2;
}

function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

/** True when a value is a literal (not a reference) non-empty string. */
export function isLiteralSecretValue(value: unknown): boolean {
  // A Terraform interpolation (`${...}`) is a reference, not a literal value.
  return typeof value === "string" && value.trim() !== "" && !value.includes("${");
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
