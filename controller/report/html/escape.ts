/**
 * HTML built from templates whose every interpolation is escaped unless it is
 * already HTML (`raw`, or another template): names, tags and messages from
 * specs, records and findings can never become markup or script.
 */

/** A piece of HTML that is safe to insert as it is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Marks trusted markup (the library's own, never a value read from a file) as HTML. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** Control characters (C0 but tab and newline, DEL, C1) shown as the replacement character: they have no place in a page and some browsers act on them. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text escaped for an element's content or a quoted attribute's value. */
export function escapeHtml(value: string): string {
  return value.replace(CONTROL, "\ufffd").replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A template of HTML: strings as written, values escaped (arrays joined, null, undefined and false left out). */
export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): Html {
  let out = strings[0];
  values.forEach((value, i) => (out += render(value) + strings[i + 1]));
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}
