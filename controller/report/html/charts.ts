/**
 * The overview's charts, as inline SVG. Each is readable without colour:
 * every bar carries its figures as text, and what colour would say (over
 * budget; error, warning, info) is also a pattern and a word. Each has a
 * title and a description for screen readers.
 */
import { html, type Html } from "./escape";
import { dollars } from "./format";

const ROW = 22;
const LABEL = 150;
const BAR = 260;
const TEXT = 230;
const WIDTH = LABEL + BAR + TEXT;

/** Hatching and dots, shared by the charts of a page (ids are page-wide). */
export function patterns(): Html {
  return html`<svg width="0" height="0" aria-hidden="true" focusable="false" class="visually-hidden">
    <defs>
      <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#f6d5d5"></rect>
        <line x1="0" y1="0" x2="0" y2="6" stroke="#a4161a" stroke-width="3"></line>
      </pattern>
      <pattern id="dots" width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#dde7f7"></rect>
        <circle cx="3" cy="3" r="1.4" fill="#0b57d0"></circle>
      </pattern>
      <pattern id="stripes" width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#f8e7c4"></rect>
        <line x1="0" y1="3" x2="6" y2="3" stroke="#7a4b00" stroke-width="2"></line>
      </pattern>
    </defs>
  </svg>`;
}

/** Cost against budget, one bar per environment: the estimate as a bar, the budget as a line, both as text. */
export function costChart(rows: readonly { readonly name: string; readonly monthlyUsd: number; readonly budgetUsd: number | null }[], shownOf: number): Html {
  const scale = Math.max(1, ...rows.map((r) => Math.max(r.monthlyUsd, r.budgetUsd ?? 0)));
  const height = rows.length * ROW + 8;
  const bars = rows.map((r, i) => {
    const y = i * ROW + 4;
    const over = r.budgetUsd !== null && r.monthlyUsd > r.budgetUsd;
    const width = Math.max(1, (r.monthlyUsd / scale) * BAR);
    const budgetX = r.budgetUsd === null ? null : LABEL + (r.budgetUsd / scale) * BAR;
    const label = `${dollars(r.monthlyUsd)}${r.budgetUsd === null ? ", no budget" : ` of ${dollars(r.budgetUsd)} (${Math.round((r.monthlyUsd / Math.max(r.budgetUsd, 0.01)) * 100)}%)${over ? ", over budget" : ""}`}`;
    return html`<g
      ><text x="${LABEL - 6}" y="${y + 14}" text-anchor="end">${truncate(r.name, 22)}</text
      ><rect x="${LABEL}" y="${y + 3}" width="${width.toFixed(1)}" height="14" fill="${over ? "url(#hatch)" : "#5b7fb8"}" stroke="${over ? "#a4161a" : "#2f4f80"}"></rect>${budgetX === null
        ? ""
        : html`<line x1="${budgetX.toFixed(1)}" x2="${budgetX.toFixed(1)}" y1="${y}" y2="${y + 20}" stroke="#1b1f24" stroke-width="2"></line>`}<text x="${LABEL + BAR + 8}" y="${y + 14}">${label}</text></g
    >`;
  });
  const description = rows.length < shownOf ? `The ${rows.length} environments with the highest share of their budget, of ${shownOf} priced; the table lists all.` : `Every priced environment.`;
  return html`<figure>
    <figcaption id="cost-title">Monthly cost estimate against budget</figcaption>
    <svg role="img" aria-labelledby="cost-title cost-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
      <desc id="cost-desc">${description} Each bar is an environment's estimate; the vertical line is its budget; hatching marks an estimate over budget, as the text beside it says.</desc>
      ${bars}
    </svg>
    <p class="meta">${description} Bar: estimate; line: budget; hatched: over budget.</p>
  </figure>`;
}

/** Findings per category, a stacked bar of errors, warnings and infos, each with its count as text. */
export function findingsChart(rows: readonly { readonly category: string; readonly error: number; readonly warning: number; readonly info: number }[]): Html {
  const scale = Math.max(1, ...rows.map((r) => r.error + r.warning + r.info));
  const height = Math.max(1, rows.length) * ROW + 8;
  const fills = { error: "url(#hatch)", warning: "url(#stripes)", info: "url(#dots)" } as const;
  const bars = rows.map((r, i) => {
    const y = i * ROW + 4;
    let x = LABEL;
    const segments = (["error", "warning", "info"] as const).map((severity) => {
      const width = (r[severity] / scale) * BAR;
      const segment = r[severity] > 0 ? html`<rect x="${x.toFixed(1)}" y="${y + 3}" width="${Math.max(1, width).toFixed(1)}" height="14" fill="${fills[severity]}" stroke="#1b1f24" stroke-width="0.5"></rect>` : html``;
      x += width;
      return segment;
    });
    const label = [`${r.error} error${r.error === 1 ? "" : "s"}`, `${r.warning} warning${r.warning === 1 ? "" : "s"}`, `${r.info} info`].join(", ");
    return html`<g><text x="${LABEL - 6}" y="${y + 14}" text-anchor="end">${truncate(r.category, 22)}</text>${segments}<text x="${LABEL + BAR + 8}" y="${y + 14}">${label}</text></g>`;
  });
  const empty = rows.length === 0 ? html`<text x="8" y="18">No unwaived findings.</text>` : html``;
  return html`<figure>
    <figcaption id="findings-title">Unwaived policy findings per category</figcaption>
    <svg role="img" aria-labelledby="findings-title findings-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
      <desc id="findings-desc">One bar per rule category: errors (cross-hatched), then warnings (striped), then infos (dotted), with the counts written beside each bar.</desc>
      ${bars}${empty}
    </svg>
    <p class="meta">Cross-hatched: errors; striped: warnings; dotted: infos.</p>
  </figure>`;
}

/** A small bar for a table cell: decoration only, the cell's text says the same. */
export function miniBar(share: number | null): Html {
  if (share === null) return html``;
  const width = Math.min(1, share) * 60;
  const over = share > 1;
  return html`<svg class="bar" width="64" height="10" aria-hidden="true" focusable="false">
    <rect x="0.5" y="0.5" width="63" height="9" fill="none" stroke="#6e7781"></rect>
    <rect x="2" y="2" width="${Math.max(0.5, width).toFixed(1)}" height="6" fill="${over ? "url(#hatch)" : "#5b7fb8"}"></rect>
  </svg>`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}
