/**
 * The page of one environment: what it is and where its time stands, its
 * health and drift, its findings with their remediation and waivers, its cost
 * by resource, its resources by type, its config (secrets as references,
 * never values), its Kubernetes services, its release history, and how it
 * differs from its parity partner.
 */
import type { EnvironmentReport, EstateReport } from "../model";
import { html, type Html } from "./escape";
import { dollars, timeLeft } from "./format";
import { environmentFile } from "./overview";
import { page } from "./page";

/** The page of `e`, which links back to the overview and to its parity partner. */
export function environmentPage(e: EnvironmentReport, report: EstateReport): string {
  const sections: [string, string, Html][] = [
    ["health", "Health", healthSection(e, report)],
    ["drift", "Drift", driftSection(e, report)],
    ["findings", "Policy findings", findingsSection(e)],
    ["cost", "Cost by resource", costSection(e)],
    [
      "resources",
      "Resources by type",
      table(
        ["Type", "Count"],
        e.resourceTypes.map((r) => [html`<code>${r.type}</code>`, r.count]),
        "No synthesized resources.",
        [1]
      ),
    ],
    [
      "config",
      "Config",
      table(
        ["Key", "Value"],
        e.config.map((c) => [html`<code>${c.key}</code>`, c.masked ? html`<span class="muted">${c.value}</span>` : html`<code>${c.value}</code>`]),
        "No config."
      ),
    ],
    [
      "services",
      `Kubernetes services${e.namespace ? ` (namespace ${e.namespace})` : ""}`,
      table(
        ["Service", "Template", "Image", "Replicas", "CPU request", "Memory"],
        e.services.map((s) => [s.name, s.template, html`<code>${s.image}</code>`, s.replicas, s.cpu, s.memory]),
        "No Kubernetes services."
      ),
    ],
    [
      "history",
      "Release history",
      table(
        ["When", "What", "Release", "By", "Detail"],
        e.history.map((h) => [h.at, h.kind, html`<code>${h.release}</code>`, h.by, h.detail]),
        "No release recorded."
      ),
    ],
    ["parity", e.parity ? `Difference from ${e.parity.partner}` : "Parity", paritySection(e)],
  ];
  const body = html`<header>
      <nav><a href="../index.html">← Estate report</a></nav>
      <h1>${e.name}</h1>
      <p class="meta">Generated ${report.generatedAt} by envctl report.</p>
    </header>
    <main>
      <dl class="facts">
        <dt>Tier</dt>
        <dd>${e.tier}</dd>
        <dt>Owner</dt>
        <dd>${e.owner}</dd>
        <dt>Known from</dt>
        <dd>${e.knownFrom === "synth" ? "cdktf.out" : e.knownFrom === "record" ? "its lifecycle record (not in cdktf.out)" : "its state alone (no code, no record)"}</dd>
        <dt>Lifecycle</dt>
        <dd class="${e.expired ? "bad" : ""}">${e.lifecycle}: ${timeLeft(e)}${e.expiresAt ? ` (expires ${e.expiresAt})` : ""}</dd>
        <dt>Stacks</dt>
        <dd>${e.stacks.length > 0 ? e.stacks.join(", ") : "none synthesized"}</dd>
        <dt>State</dt>
        <dd><code>${e.backend}</code></dd>
        <dt>Last deploy</dt>
        <dd>
          ${e.lastDeploy
            ? html`${e.lastDeploy.at}${e.lastDeploy.by ? ` by ${e.lastDeploy.by}` : ""}${e.lastDeploy.release ? html`, <code>${e.lastDeploy.release}</code>` : ""}${e.lastDeploy.commit
                ? html` at <code>${e.lastDeploy.commit}</code>${e.lastDeploy.dirty ? " (uncommitted changes)" : ""}`
                : ""}`
            : "never"}
        </dd>
        <dt>Release</dt>
        <dd>${releaseText(e)}</dd>
      </dl>
      ${sections.map(
        ([id, title, content]) =>
          html`<section aria-labelledby="${id}-heading">
            <h2 id="${id}-heading">${title}</h2>
            ${content}
          </section>`
      )}
    </main>`;
  return page({ title: `${e.name}: estate report`, body });
}

function releaseText(e: EnvironmentReport): Html {
  const r = e.release;
  if (!r) return html`none recorded`;
  const gate = r.breakGlass
    ? html`<span class="bad">deployed past its promotion gate (break glass): ${r.breakGlass}</span>`
    : r.refusal
    ? html`<span class="warn">held by its promotion gate: ${r.refusal}</span>`
    : r.requiresPromotion
    ? html`promoted`
    : html`its tier takes any release`;
  return html`<code>${r.id}</code>; ${gate}${r.requiresPromotion ? html`; ${r.approvals} of ${r.approvalsNeeded} approvals${r.lastPromoted ? html`; last promoted <code>${r.lastPromoted}</code>` : ""}` : ""}`;
}

function healthSection(e: EnvironmentReport, report: EstateReport): Html {
  if (!report.healthSource) return html`<p class="muted">Not checked: give envctl report --status (a saved envctl status --format json) or --live.</p>`;
  if (!e.health) return html`<p class="muted">Not in the status result (${report.healthSource}).</p>`;
  const verdict = e.health.healthy ? html`<p class="good">✔ Healthy: all ${e.health.checks} checks passed.</p>` : html`<p class="bad">✖ Unhealthy: ${e.health.failed.length} of ${e.health.checks} checks failed.</p>`;
  return html`${verdict}${e.health.failed.length > 0
    ? table(
        ["Component", "Resource", "What differs"],
        e.health.failed.map((c) => [c.component, html`<code>${c.resource}</code>`, c.detail]),
        ""
      )
    : ""}`;
}

function driftSection(e: EnvironmentReport, report: EstateReport): Html {
  if (!report.driftSource) return html`<p class="muted">Not checked: give envctl report --drift (a saved envctl drift --format json) or --live.</p>`;
  const d = e.drift;
  if (!d) return html`<p class="muted">Not in the drift result (${report.driftSource}).</p>`;
  if (d.error) return html`<p class="warn">⚠ Drift could not be read: ${d.error}</p>`;
  if (d.notDeployed) return html`<p class="muted">Not deployed: there was nothing to read.</p>`;
  const pending = d.pending > 0 ? html`<p>${d.pending} change${d.pending === 1 ? "" : "s"} of the code not yet deployed.</p>` : "";
  return d.drifted
    ? html`<p class="bad">⚠ Drifted: ${d.resources.length} resource${d.resources.length === 1 ? "" : "s"} changed outside Terraform.</p>
        <ul>
          ${d.resources.map((r) => html`<li><code>${r}</code></li>`)}
        </ul>
        ${pending}`
    : html`<p class="good">✔ No drift.</p>
        ${pending}`;
}

function findingsSection(e: EnvironmentReport): Html {
  if (e.knownFrom !== "synth") return html`<p class="muted">Not synthesized: its stacks were not judged.</p>`;
  const c = e.findingCounts;
  const summary = html`<p>${c.error} unwaived error${c.error === 1 ? "" : "s"}, ${c.warning} warning${c.warning === 1 ? "" : "s"}, ${c.info} info; ${c.waived} waived.</p>`;
  const rows = e.findings.map((f) => [
    html`<span class="${f.severity === "error" && !f.waived ? "bad" : f.severity === "warning" && !f.waived ? "warn" : ""}">${f.severity}${f.waived ? " (waived)" : ""}</span>`,
    html`<code>${f.ruleId}</code><br /><span class="muted">${f.category}</span>`,
    html`<code>${f.resource}</code>`,
    f.message,
    f.remediation,
    f.waiver ? html`${f.waiver.reason}<br /><span class="muted">until ${f.waiver.expires}${waiverOwner(f.waiver)}</span>` : html`<span class="muted">-</span>`,
  ]);
  return html`${summary}${table(["Severity", "Rule", "Resource", "What was found", "How to fix it", "Waiver"], rows, "No findings.")}`;
}

function waiverOwner(w: { readonly owner?: string; readonly ticket?: string }): string {
  return w.owner ? `, owner ${w.owner}` : w.ticket ? `, ticket ${w.ticket}` : "";
}

function costSection(e: EnvironmentReport): Html {
  if (!e.cost) return html`<p class="muted">Not synthesized: not priced.</p>`;
  const c = e.cost;
  const budget =
    c.budgetUsd === null
      ? html`No budget.`
      : html`Budget ${dollars(c.budgetUsd)}: the estimate is ${Math.round((c.budgetedUsd / Math.max(c.budgetUsd, 0.01)) * 100)}% of it${c.budgetedUsd > c.budgetUsd ? html`, <span class="bad">over budget</span>` : ""}.`;
  return html`<p>Monthly estimate ${dollars(c.monthlyUsd)}. ${budget}</p>
    ${table(
      ["Resource", "Monthly", "Basis"],
      c.resources.map((r) => [html`<code>${r.resource}</code>`, dollars(r.monthlyUsd), r.basis]),
      "No priced resources.",
      [1]
    )}${c.unpriced.length > 0 ? html`<p class="muted">Not priced: ${c.unpriced.map((u) => `${u.resource} (${u.reason})`).join("; ")}.</p>` : ""}`;
}

function paritySection(e: EnvironmentReport): Html {
  if (!e.parity) return html`<p class="muted">${e.tier === "staging" || e.tier === "prod" ? "Its partner is not synthesized." : "Only staging and prod are held to parity."}</p>`;
  const p = e.parity;
  return html`${p.findings.length > 0
      ? html`<ul>
          ${p.findings.map((f) => html`<li class="bad">${f}</li>`)}
        </ul>`
      : html`<p class="good">✔ No parity finding.</p>`}${table(
      ["Section", "Setting", e.name, p.partner, "Why it differs"],
      p.differences.map((d) => [d.section, html`<code>${d.path}</code>`, d.a, d.b, d.note]),
      "No difference."
    )}
    <p><a href="../${environmentFile(p.partner)}">${p.partner}'s page</a></p>`;
}

/** A table, or `empty` when it has no rows; `numeric` columns align right. */
function table(head: readonly string[], rows: readonly (readonly unknown[])[], empty: string, numeric: readonly number[] = []): Html {
  if (rows.length === 0) return empty ? html`<p class="muted">${empty}</p>` : html``;
  const cls = (i: number) => (numeric.includes(i) ? "num" : "");
  // A table wider than the screen scrolls in its box, which the keyboard can reach.
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${`Table: ${head.join(", ")}`}">
    <table>
      <thead>
        <tr>
          ${head.map((h, i) => html`<th scope="col" class="${cls(i)}">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              ${r.map((cell, i) => html`<td class="${cls(i)}">${cell}</td>`)}
            </tr>`
        )}
      </tbody>
    </table>
  </div>`;
}
