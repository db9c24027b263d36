/**
 * The document around every page of the site: its style and, on the overview,
 * its script, inline, so that a page works from a file URL or a CI artifact
 * with nothing else. The Content Security Policy allows exactly that style and
 * that script (by their hashes) and nothing from anywhere: no request leaves
 * the page, and markup that escaped escaping still could not run a script.
 */
import { createHash } from "node:crypto";
import { html, raw, type Html } from "./escape";

const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5561; --line: #c9d1d9; --bg: #ffffff; --band: #f3f5f7; --link: #0b57d0; --bad: #a4161a; --warn: #7a4b00; --good: #1a6b2f; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header, main, footer { padding: 0 1.25rem; max-width: 110rem; margin: 0 auto; }
header { border-bottom: 1px solid var(--line); padding-top: 0.75rem; padding-bottom: 0.75rem; }
h1 { font-size: 1.5rem; margin: 0.25rem 0; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
a { color: var(--link); }
.meta { color: var(--muted); margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.9rem; min-width: 9rem; }
.cards strong { display: block; font-size: 1.35rem; }
.charts { display: flex; flex-wrap: wrap; gap: 2rem; }
.charts figure { margin: 0; flex: 1 1 28rem; max-width: 48rem; }
figcaption { font-weight: 600; margin-bottom: 0.25rem; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.controls { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; margin: 1rem 0 0.5rem; }
.controls label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); }
.controls .check { flex-direction: row; gap: 0.35rem; align-items: center; color: var(--ink); font-size: 0.95rem; }
input, select { font: inherit; padding: 0.3rem 0.45rem; border: 1px solid #6e7781; border-radius: 4px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.55rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--band); position: sticky; top: 0; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; color: var(--ink); cursor: pointer; text-align: left; }
th button::after { content: " \\2195"; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--ink); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--ink); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.bad { color: var(--bad); font-weight: 600; }
.warn { color: var(--warn); font-weight: 600; }
.good { color: var(--good); }
.muted { color: var(--muted); }
.bar { vertical-align: middle; margin-right: 0.35rem; }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
[hidden] { display: none !important; }
@media (max-width: 40rem) { body { font-size: 14px; } .cards li { min-width: 7rem; } header, main, footer { padding: 0 0.6rem; } }
@media print {
  .controls, nav { display: none; }
  thead th { position: static; }
  tr, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .scroll { overflow: visible; }
  body { font-size: 11px; }
}
`;

const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/** One complete page. `script` is the library's own code, never data. */
export function page(options: { readonly title: string; readonly body: Html; readonly script?: string }): string {
  const csp = [`default-src 'none'`, `style-src ${hash(STYLE)}`, `script-src ${options.script ? hash(options.script) : "'none'"}`, `img-src data:`, `base-uri 'none'`, `form-action 'none'`].join("; ");
  return html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta http-equiv="Content-Security-Policy" content="${csp}" />
        <meta name="generator" content="envctl report" />
        <title>${options.title}</title>
        ${raw(`<style>${STYLE}</style>`)}
      </head>
      <body>
        ${options.body} ${options.script ? raw(`<script>${options.script}</script>`) : ""}
      </body>
    </html> `.text;
}
