/**
 * Reads `${jsonencode(<literal>)}`, the form cdktf's `Fn.jsonencode` writes
 * into Terraform JSON, back into a value. Only literals are read: objects,
 * tuples, strings, numbers, booleans, null, and references (kept as the
 * `${…}` string a reference is everywhere else in the model). Anything else
 * (a function call, an operator, a `for` expression) makes the whole value
 * unreadable, and the caller reports it as unknown.
 */

const JSONENCODE = /^\$\{\s*jsonencode\(([\s\S]*)\)\s*\}$/;

/** The value inside `${jsonencode(...)}`, or undefined when `text` is not that form or holds more than literals. */
export function readJsonencode(text: string): unknown {
  const match = JSONENCODE.exec(text.trim());
  if (!match) return undefined;
  try {
    const reader = new LiteralReader(match[1]);
    const value = reader.value();
    reader.end();
    return value;
  } catch (error) {
    if (error instanceof NotALiteral) return undefined;
    throw error;
  }
}

class NotALiteral extends Error {}

const TRAVERSAL = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\]|\["[^"\\]*"\])*/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;

class LiteralReader {
  private at = 0;

  constructor(private readonly text: string) {}

  value(): unknown {
    this.blank();
    const c = this.text[this.at];
    if (c === "{") return this.object();
    if (c === "[") return this.tuple();
    if (c === '"') return this.string();
    const rest = this.text.slice(this.at);
    const number = NUMBER.exec(rest);
    if (number) {
      this.at += number[0].length;
      return Number(number[0]);
    }
    const word = TRAVERSAL.exec(rest);
    if (!word) throw new NotALiteral();
    this.at += word[0].length;
    this.space();
    if (this.text[this.at] === "(") throw new NotALiteral();
    if (word[0] === "true") return true;
    if (word[0] === "false") return false;
    if (word[0] === "null") return null;
    return `\${${word[0]}}`;
  }

  end(): void {
    this.blank();
    if (this.at !== this.text.length) throw new NotALiteral();
  }

  private object(): Record<string, unknown> {
    this.at++;
    const result: Record<string, unknown> = {};
    for (;;) {
      this.separators();
      if (this.text[this.at] === "}") {
        this.at++;
        return result;
      }
      const key = this.text[this.at] === '"' ? this.string() : this.word();
      this.space();
      const assign = this.text[this.at];
      if (assign !== "=" && assign !== ":") throw new NotALiteral();
      this.at++;
      result[key] = this.value();
      this.space();
      const next = this.text[this.at];
      if (next !== "," && next !== "\n" && next !== "}") throw new NotALiteral();
    }
  }

  private tuple(): unknown[] {
    this.at++;
    const result: unknown[] = [];
    for (;;) {
      this.separators();
      if (this.text[this.at] === "]") {
        this.at++;
        return result;
      }
      result.push(this.value());
      this.space();
      const next = this.text[this.at];
      if (next !== "," && next !== "]" && next !== "\n") throw new NotALiteral();
    }
  }

  /** A quoted string; escapes as in JSON (HCL's are the same for what jsonencode holds). */
  private string(): string {
    let end = this.at + 1;
    while (end < this.text.length && this.text[end] !== '"') end += this.text[end] === "\\" ? 2 : 1;
    if (end >= this.text.length) throw new NotALiteral();
    const raw = this.text.slice(this.at, end + 1);
    this.at = end + 1;
    try {
      return JSON.parse(raw) as string;
    } catch {
      throw new NotALiteral();
    }
  }

  private word(): string {
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.at));
    if (!word) throw new NotALiteral();
    this.at += word[0].length;
    return word[0];
  }

  private space(): void {
    while (this.at < this.text.length && /[ \t\r]/.test(this.text[this.at])) this.at++;
  }

  private blank(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private separators(): void {
    while (this.at < this.text.length && /[\s,]/.test(this.text[this.at])) this.at++;
  }
}
