/**
 * The demo dashboard: one static page that polls `/api/summary`. No build step and no external assets
 * (the machine may have no network). Values are inserted with textContent, never as HTML, because
 * titles and categories come from telemetry.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Argus</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px system-ui, sans-serif; margin: 2rem; color: #1d2433; background: #f6f7f9; }
  h1 { margin: 0 0 .25rem; } .muted { color: #667085; }
  .cards { display: flex; gap: 1rem; margin: 1.5rem 0; }
  .card { background: #fff; border-radius: 8px; padding: 1rem 1.5rem; box-shadow: 0 1px 2px #0002; min-width: 9rem; }
  .card b { display: block; font-size: 2rem; }
  table { border-collapse: collapse; background: #fff; width: 100%; margin-bottom: 2rem; box-shadow: 0 1px 2px #0002; }
  th, td { text-align: left; padding: .4rem .75rem; border-bottom: 1px solid #e4e7ec; }
  th { background: #eef0f4; } .critical { color: #b42318; font-weight: 600; } .high { color: #c4320a; }
</style>
</head>
<body>
<h1>Argus</h1>
<div class="muted">Runtime monitoring of LLM applications. Refreshes every 2 s. <span id="status"></span></div>
<div class="cards">
  <div class="card">Events<b id="events">–</b></div>
  <div class="card">Findings<b id="findings">–</b></div>
  <div class="card">Alerts<b id="alerts">–</b></div>
</div>
<h2>Findings by category</h2>
<table><thead><tr><th>Category</th><th>Severity</th><th>Findings</th></tr></thead><tbody id="categories"></tbody></table>
<h2>Recent alerts</h2>
<table><thead><tr><th>Time (UTC)</th><th>Severity</th><th>Category</th><th>Tenant / app</th><th>Title</th></tr></thead><tbody id="recent"></tbody></table>
<h2>Alert deliveries</h2>
<table><thead><tr><th>Sink</th><th>Status</th><th>Attempts</th></tr></thead><tbody id="deliveries"></tbody></table>
<script>
function fill(id, rows, columns) {
  const body = document.getElementById(id);
  body.replaceChildren(...rows.map((row) => {
    const tr = document.createElement('tr');
    for (const column of columns) {
      const td = document.createElement('td');
      td.textContent = typeof column === 'function' ? column(row) : String(row[column] ?? '');
      if (column === 'severity') td.className = String(row.severity);
      tr.appendChild(td);
    }
    return tr;
  }));
}
async function refresh() {
  try {
    const response = await fetch('/api/summary');
    const summary = await response.json();
    for (const key of ['events', 'findings', 'alerts']) document.getElementById(key).textContent = String(summary.totals[key] ?? 0);
    fill('categories', summary.findings_by_category, ['category', 'severity', 'findings']);
    fill('recent', summary.recent_alerts, ['created_at', 'severity', 'category', (row) => row.tenant_id + ' / ' + row.app_id, 'title']);
    fill('deliveries', summary.deliveries, ['sink', 'status', 'attempts']);
    document.getElementById('status').textContent = 'Updated ' + new Date().toLocaleTimeString();
  } catch (error) {
    document.getElementById('status').textContent = 'API unreachable: ' + error;
  }
}
refresh();
setInterval(refresh, 2000);
</script>
</body>
</html>`;
