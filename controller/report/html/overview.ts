/**
 * The site's first page: the estate in figures, the two charts, and one row
 * per environment, sortable by any column and filtered by text, tier or
 * problems, with a small script of its own (no framework, nothing loaded).
 */
import { TIERS } from "../../../lib/core/tiers";
import type { EnvironmentReport, EstateReport } from "../model";
import { costChart, findingsChart, miniBar, patterns } from "./charts";
import { html, type Html } from "./escape";
import { dollars, timeLeft } from "./format";
import { page } from "./page";

/** Environments the cost chart shows at most: the highest shares of their budget. */
const CHART_ROWS = 20;

/** The file of an environment's page, relative to the overview. */
export function environmentFile(name: string): string {
  return `environments/${encodeURIComponent(name)}.html`;
}

/** The overview page. */
export function overviewPage(report: EstateReport): string {
  const envs = report.environments;
  const priced = envs.filter((e) => e.cost !== null);
  const share = (e: EnvironmentReport) => (e.cost && e.cost.budgetUsd ? e.cost.monthlyUsd / e.cost.budgetUsd : 0);
  const charted = [...priced].sort((a, b) => share(b) - share(a) || a.name.localeCompare(b.name)).slice(0, CHART_ROWS);
  const total = priced.reduce((n, e) => n + (e.cost?.monthlyUsd ?? 0), 0);
  const count = (pred: (e: EnvironmentReport) => boolean) => envs.filter(pred).length;
  const cards: [string, string | number, string?][] = [
    ["environments", envs.length],
    ["expired", count((e) => e.expired), count((e) => e.expired) > 0 ? "bad" : undefined],
    ["with unwaived errors", count((e) => e.findingCounts.error > 0), count((e) => e.findingCounts.error > 0) > 0 ? "bad" : undefined],
    ["unhealthy", report.healthSource ? count((e) => e.health?.healthy === false) : "not checked"],
    ["drifted", report.driftSource ? count((e) => e.drift?.drifted === true) : "not checked"],
    ["monthly estimate", dollars(total)],
  ];
  const body = html`<header>
      <h1>Estate report</h1>
      <p class="meta">
        Generated ${report.generatedAt} by envctl report. Health: ${report.healthSource ?? "not checked (give --status or --live)"}. Drift: ${report.driftSource ?? "not checked (give --drift or --live)"}. Prices: ${report.prices.region},
        ${report.prices.currency}, ${report.prices.date}.
      </p>
    </header>
    <main>
      <ul class="cards" aria-label="The estate in figures">
        ${cards.map(([label, value, tone]) => html`<li><strong class="${tone ?? ""}">${value}</strong>${label}</li>`)}
      </ul>
      ${patterns()}
      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">Cost and findings</h2>
        <div class="charts">
          ${costChart(
            charted.map((e) => ({ name: e.name, monthlyUsd: e.cost!.monthlyUsd, budgetUsd: e.cost!.budgetUsd })),
            priced.length
          )}${findingsChart(report.findingsByCategory)}
        </div>
      </section>
      <section aria-labelledby="table-heading">
        <h2 id="table-heading">Environments</h2>
        <div class="controls">
          <label for="filter">Filter by any text<input id="filter" type="search" autocomplete="off" /></label>
          <label for="tier"
            >Tier<select id="tier">
              <option value="">every tier</option>
              ${TIERS.map((t) => html`<option value="${t}">${t}</option>`)}
            </select></label
          >
          <label class="check" for="problems"><input id="problems" type="checkbox" />only environments with a problem</label>
          <p id="shown" class="meta" aria-live="polite">${envs.length} of ${envs.length} environments shown</p>
        </div>
        <div class="scroll" tabindex="0" role="region" aria-labelledby="table-heading">
          <table id="estate">
            <caption class="visually-hidden">
              Every environment of the estate; the buttons in the column headings sort the table.
            </caption>
            <thead>
              <tr>
                ${COLUMNS.map((c) => html`<th scope="col" data-kind="${c.kind}" class="${c.kind === "number" ? "num" : ""}"><button type="button">${c.title}</button></th>`)}
              </tr>
            </thead>
            <tbody>
              ${envs.map(row)}
            </tbody>
          </table>
        </div>
      </section>
      ${report.destroyed.length > 0
        ? html`<section aria-labelledby="destroyed-heading">
            <h2 id="destroyed-heading">Destroyed</h2>
            <ul>
              ${report.destroyed.map((d) => html`<li>${d.name} (${d.tier}, owner ${d.owner}): destroyed at ${d.destroyedAt} by ${d.destroyedBy}</li>`)}
            </ul>
          </section>`
        : ""}
    </main>
    <footer>
      <p class="meta">
        Every figure comes from files envctl read (cdktf.out, the lifecycle records, the release ledgers, the local states${report.healthSource ? ", a status result" : ""}${report.driftSource ? ", a drift result" : ""}); costs are offline estimates.
      </p>
    </footer>`;
  return page({ title: `Estate report, ${report.generatedAt}`, body, script: SCRIPT });
}

const COLUMNS = [
  { title: "Environment", kind: "text" },
  { title: "Tier", kind: "tier" },
  { title: "Owner", kind: "text" },
  { title: "Time left", kind: "number" },
  { title: "Last deploy", kind: "text" },
  { title: "Health", kind: "text" },
  { title: "Drift", kind: "text" },
  { title: "Findings", kind: "number" },
  { title: "Cost against budget", kind: "number" },
  { title: "Release", kind: "text" },
] as const;

function row(e: EnvironmentReport): Html {
  const problems = e.expired || e.findingCounts.error > 0 || e.health?.healthy === false || e.drift?.drifted === true || (e.cost !== null && e.cost.budgetUsd !== null && e.cost.monthlyUsd > e.cost.budgetUsd);
  const search = [e.name, e.tier, e.owner, e.lifecycle, e.knownFrom, e.release?.id ?? "", e.lastDeploy?.by ?? ""].join(" ").toLowerCase();
  const share = e.cost && e.cost.budgetUsd ? e.cost.monthlyUsd / e.cost.budgetUsd : null;
  const known = e.knownFrom === "record" ? " (from its lifecycle record)" : e.knownFrom === "state" ? " (from its state alone)" : "";
  return html`<tr data-tier="${e.tier}" data-problems="${problems ? "yes" : "no"}" data-search="${search}">
    <td data-sort="${e.name}"><a href="${environmentFile(e.name)}">${e.name}</a>${known ? html`<br /><span class="muted">${known}</span>` : ""}</td>
    <td data-sort="${TIER_RANK[e.tier]}">${e.tier}</td>
    <td>${e.owner}</td>
    <td data-sort="${e.hoursLeft === null ? 1e9 : e.hoursLeft}" class="${e.expired ? "bad" : ""}">${timeLeft(e)}${e.expiresAt ? html`<br /><span class="muted">${e.expiresAt}</span>` : ""}</td>
    <td data-sort="${e.lastDeploy?.at ?? ""}">${lastDeploy(e)}</td>
    <td>${health(e)}</td>
    <td>${drift(e)}</td>
    <td data-sort="${e.findingCounts.error * 1e6 + e.findingCounts.warning * 1e3 + e.findingCounts.info}" class="num">${findings(e)}</td>
    <td data-sort="${share ?? -1}" class="num">
      ${e.cost
        ? html`${miniBar(share)}${dollars(e.cost.monthlyUsd)}${e.cost.budgetUsd === null
            ? html`<br /><span class="muted">no budget</span>`
            : html`<br /><span class="${share !== null && share > 1 ? "bad" : "muted"}">of ${dollars(e.cost.budgetUsd)} (${Math.round((share ?? 0) * 100)}%)${share !== null && share > 1 ? ", over budget" : ""}</span>`}`
        : html`<span class="muted">not synthesized</span>`}
    </td>
    <td>${release(e)}</td>
  </tr>`;
}

const TIER_RANK: Record<string, number> = Object.fromEntries(TIERS.map((t, i) => [t, i]));

function lastDeploy(e: EnvironmentReport): Html {
  const d = e.lastDeploy;
  if (!d) return html`<span class="muted">never</span>`;
  return html`${d.at}${d.by ? html`<br />by ${d.by}` : ""}${d.release ? html`<br /><code>${d.release}</code>` : ""}${d.commit ? html` at <code>${d.commit.slice(0, 12)}</code>${d.dirty ? " (uncommitted changes)" : ""}` : ""}`;
}

function health(e: EnvironmentReport): Html {
  if (!e.health) return html`<span class="muted">not checked</span>`;
  return e.health.healthy ? html`<span class="good">✔ healthy</span>` : html`<span class="bad">✖ unhealthy</span><br />${e.health.failed.length} of ${e.health.checks} checks failed`;
}

function drift(e: EnvironmentReport): Html {
  if (!e.drift) return html`<span class="muted">not checked</span>`;
  if (e.drift.error) return html`<span class="warn">⚠ not read</span>`;
  if (e.drift.notDeployed) return html`<span class="muted">not deployed</span>`;
  return e.drift.drifted ? html`<span class="bad">⚠ drifted</span><br />${e.drift.resources.length} resource${e.drift.resources.length === 1 ? "" : "s"}` : html`<span class="good">✔ none</span>`;
}

function findings(e: EnvironmentReport): Html {
  const c = e.findingCounts;
  if (e.stacks.length === 0 || e.knownFrom !== "synth") return html`<span class="muted">not synthesized</span>`;
  return html`<span class="${c.error > 0 ? "bad" : ""}">${c.error} error${c.error === 1 ? "" : "s"}</span><br />${c.warning} warning${c.warning === 1 ? "" : "s"}, ${c.info}
    info${c.waived > 0 ? html`<br /><span class="muted">${c.waived} waived</span>` : ""}`;
}

function release(e: EnvironmentReport): Html {
  const r = e.release;
  if (!r) return html`<span class="muted">-</span>`;
  const state = r.breakGlass ? html`<span class="bad">break glass</span>` : r.refusal ? html`<span class="warn">held: not promoted</span>` : r.requiresPromotion ? html`<span class="good">promoted</span>` : html`takes any release`;
  return html`<code>${r.id}</code><br />${state}${r.requiresPromotion && !r.promoted ? html`<br />${r.approvals} of ${r.approvalsNeeded} approvals` : ""}`;
}

/** Sorting and filtering: the library's own code, hashed into the page's security policy. */
const SCRIPT = `(function () {
  var table = document.getElementById("estate");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById("filter");
  var tier = document.getElementById("tier");
  var problems = document.getElementById("problems");
  var shown = document.getElementById("shown");
  function apply() {
    var q = filter.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.getAttribute("data-search").indexOf(q) >= 0) && (!tier.value || r.getAttribute("data-tier") === tier.value) && (!problems.checked || r.getAttribute("data-problems") === "yes");
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + " of " + rows.length + " environments shown";
  }
  [filter, tier, problems].forEach(function (el) { el.addEventListener("input", apply); el.addEventListener("change", apply); });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, index) {
    th.querySelector("button").addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var kind = th.getAttribute("data-kind");
      function key(r) { var c = r.cells[index]; var v = c.getAttribute("data-sort"); return v === null ? c.textContent.trim() : v; }
      var sorted = Array.prototype.slice.call(body.rows).sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = kind === "text" ? x.localeCompare(y) : Number(x) - Number(y);
        return ascending ? c : -c;
      });
      sorted.forEach(function (r) { body.appendChild(r); });
    });
  });
  apply();
})();`;
