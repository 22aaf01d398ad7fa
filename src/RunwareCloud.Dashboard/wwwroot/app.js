// RunwareCloud ops dashboard: a small hash-routed app over the dashboard's JSON API (no build step).
const view = document.getElementById('view');
let timer = null;

const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const pill = s => `<span class="pill ${esc(String(s).toLowerCase())}">${esc(s)}</span>`;
const time = t => t ? new Date(t).toLocaleTimeString() : '';
const ms = v => v >= 1000 ? (v / 1000).toFixed(2) + ' s' : v.toFixed(1) + ' ms';
async function api(path, options) {
  const response = await fetch(path, options);
  if (response.status === 401) { view.innerHTML = '<p>Open the dashboard URL printed by the AppHost.</p>'; throw new Error('unauthorized'); }
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  // Commands answer 202 with no body.
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}
// Runs fn now and every ms; a later every() or a page change makes earlier runs stale (current() turns false), so a slow
// answer never paints over a newer filter or another page.
let epoch = 0;
function every(ms, fn) {
  clearInterval(timer);
  const mine = ++epoch, current = () => mine === epoch;
  const run = () => fn(current).catch(e => console.warn(e));
  run();
  timer = setInterval(run, ms);
}
function params() { return new URLSearchParams(location.hash.split('?')[1] || ''); }

// Processes the host runs can be stopped, started and restarted; servers, databases and parameters are left alone.
const commandable = new Set(['Project', 'Executable']);

const pages = {
  async resources() {
    view.innerHTML = `<div class="toolbar"><span id="queues" class="muted"></span></div><div id="table"></div>`;
    every(2000, async current => {
      const resources = await api('/api/resources');
      if (!current()) return;
      document.getElementById('table').innerHTML = `<table><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th><th>Endpoints</th><th>PID</th><th>Started</th><th>Restarts</th><th>Exit</th><th>Environment</th><th></th></tr>
        ${resources.map(r => `<tr data-testid="resource" data-name="${esc(r.name)}" data-state="${esc(r.state)}" data-health="${esc(r.health)}" data-restarts="${r.restarts}" data-pid="${r.pid ?? ''}">
          <td><a href="#console?resource=${encodeURIComponent(r.name)}">${esc(r.name)}</a></td><td>${esc(r.type)}</td>
          <td>${pill(r.state)}</td><td>${r.health === 'unknown' ? '' : pill(r.health)}</td>
          <td class="endpoints">${r.urls.map(u => `<a href="${esc(u)}" target="_blank">${esc(u)}</a>`).join('<br>')}</td>
          <td>${r.pid ?? ''}</td><td>${time(r.startedAt)}</td><td>${r.restarts}</td><td>${r.exitCode ?? ''}</td>
          <td><details><summary>${Object.keys(r.environment).length} vars</summary><code>${Object.entries(r.environment).map(([k, v]) => esc(k) + '=' + esc(v)).join('<br>')}</code></details></td>
          <td class="commands">${!commandable.has(r.type) ? '' : ['start', 'stop', 'restart'].map(c => `<button data-name="${esc(r.name)}" data-command="${c}" aria-label="${c} ${esc(r.name)}">${c}</button>`).join(' ')}</td></tr>`).join('')}</table>`;
      const queues = await api('/api/queues').catch(() => null);
      if (!current()) return;
      document.getElementById('queues').textContent = Array.isArray(queues)
        ? 'Queue depth: ' + (queues.filter(q => q.messages > 0).map(q => `${q.name} ${q.messages}`).join(', ') || 'all queues empty') : '';
    });
    view.onclick = async e => {
      const b = e.target.closest('button[data-command]');
      if (b) { b.disabled = true; await api(`/api/resources/${encodeURIComponent(b.dataset.name)}/${b.dataset.command}`, { method: 'POST' }); }
    };
  },

  async console() {
    const opened = epoch;
    const resources = await api('/api/resources');
    if (opened !== epoch) return;
    const selected = params().get('resource') || resources[0]?.name || '';
    view.innerHTML = `<div class="toolbar"><select id="res" aria-label="Resource">${resources.map(r => `<option ${r.name === selected ? 'selected' : ''}>${esc(r.name)}</option>`).join('')}</select>
      <input id="q" placeholder="search" aria-label="Search console"> <label><input type="checkbox" id="follow" checked> follow</label>
      <a id="download" href="#">download</a></div><pre class="console" id="out"></pre>`;
    const out = document.getElementById('out'), q = document.getElementById('q'), res = document.getElementById('res');
    let last = 0;
    const reset = () => { last = 0; out.textContent = ''; every(1000, tail); };
    res.onchange = () => { location.hash = '#console?resource=' + encodeURIComponent(res.value); };
    q.oninput = reset;
    document.getElementById('download').onclick = e => { e.preventDefault(); location.href = `/api/resources/${encodeURIComponent(res.value)}/logs?download=true&q=${encodeURIComponent(q.value)}`; };
    const tail = async current => {
      const page = await api(`/api/resources/${encodeURIComponent(res.value)}/logs?after=${last}&q=${encodeURIComponent(q.value)}`);
      if (!current()) return;
      last = page.last;
      if (page.lines.length) {
        out.textContent += page.lines.map(l => `${time(l.timestamp)} ${l.text}`).join('\n') + '\n';
        if (document.getElementById('follow').checked) out.scrollTop = out.scrollHeight;
      }
    };
    every(1000, tail);
  },

  async logs() {
    const p = params();
    view.innerHTML = `<div class="toolbar"><input id="resource" placeholder="resource" aria-label="Resource" value="${esc(p.get('resource') || '')}">
      <select id="level" aria-label="Level">${['', 'Debug', 'Information', 'Warning', 'Error', 'Critical'].map(l => `<option value="${l}">${l || 'any level'}</option>`).join('')}</select>
      <input id="traceId" placeholder="trace id" aria-label="Trace id" size="34" value="${esc(p.get('traceId') || '')}"><input id="q" placeholder="search" aria-label="Search logs"></div><div id="table"></div>`;
    const value = id => encodeURIComponent(document.getElementById(id).value);
    const refresh = async current => {
      const logs = await api(`/api/logs?resource=${value('resource')}&level=${value('level')}&traceId=${value('traceId')}&q=${value('q')}`);
      if (!current()) return;
      document.getElementById('table').innerHTML = `<table><tr><th>Time</th><th>Resource</th><th>Level</th><th>Message</th><th>Trace</th></tr>
        ${logs.reverse().map(l => `<tr data-testid="log" data-service="${esc(l.service)}" data-level="${esc(l.level)}" data-trace-id="${esc(l.traceId ?? '')}"><td>${time(l.timestamp)}</td><td>${esc(l.service)}</td><td>${pill(l.level)}</td>
          <td>${esc(l.message)}<div class="muted">${esc(l.category)}</div>${Object.keys(l.attributes).length ? `<details><summary>attributes</summary><code>${Object.entries(l.attributes).map(([k, v]) => esc(k) + '=' + esc(v)).join('<br>')}</code></details>` : ''}</td>
          <td>${l.traceId ? `<a href="#trace?id=${l.traceId}">${l.traceId.slice(0, 8)}</a>` : ''}</td></tr>`).join('')}</table>`;
    };
    // Filters apply at once, not on the next refresh.
    ['resource', 'level', 'traceId', 'q'].forEach(id => { document.getElementById(id).oninput = () => every(2000, refresh); });
    every(2000, refresh);
  },

  async traces() {
    view.innerHTML = `<div class="toolbar"><input id="q" placeholder="trace id, job id, attribute value…" aria-label="Search traces" size="40" value="${esc(params().get('q') || '')}"></div><div id="table"></div>`;
    const refresh = async current => {
      const traces = await api('/api/traces?q=' + encodeURIComponent(document.getElementById('q').value));
      if (!current()) return;
      document.getElementById('table').innerHTML = `<table><tr><th>Time</th><th>Name</th><th>Services</th><th>Duration</th><th>Spans</th><th>Errors</th></tr>
        ${traces.map(t => `<tr class="clickable" data-testid="trace" data-trace-id="${t.traceId}" onclick="location.hash='#trace?id=${t.traceId}'"><td>${time(t.start)}</td><td>${esc(t.rootService)}: ${esc(t.rootName)}</td>
          <td>${t.services.map(esc).join(', ')}</td><td>${ms(t.durationMs)}</td><td>${t.spanCount}</td><td>${t.errorCount ? pill(t.errorCount) : ''}</td></tr>`).join('')}</table>`;
    };
    document.getElementById('q').oninput = () => every(3000, refresh);
    every(3000, refresh);
  },

  async trace() {
    clearInterval(timer);
    const id = params().get('id');
    const opened = epoch;
    const detail = await api('/api/traces/' + encodeURIComponent(id)).catch(() => null);
    if (opened !== epoch) return;
    if (!detail || !detail.spans) { view.innerHTML = '<p>Trace not found (it may have been dropped from the buffer).</p>'; return; }
    const spans = detail.spans, total = Math.max(detail.summary.durationMs, 0.001);
    const children = new Map(), ids = new Set(spans.map(s => s.span.spanId));
    spans.forEach(s => { const p = ids.has(s.span.parentSpanId) ? s.span.parentSpanId : null; (children.get(p) || children.set(p, []).get(p)).push(s); });
    const rows = [];
    const walk = (parent, depth) => (children.get(parent) || []).forEach(s => { rows.push([s, depth]); walk(s.span.spanId, depth + 1); });
    walk(null, 0);
    view.innerHTML = `<h3>${esc(detail.summary.rootName)} <span class="muted">${ms(detail.summary.durationMs)} · ${detail.summary.spanCount} spans · ${detail.summary.services.map(esc).join(', ')} ·
      <a href="#logs?traceId=${encodeURIComponent(id)}">logs</a></span></h3><div class="waterfall">${rows.map(([s, depth], i) => {
        const left = s.offsetMs / total * 100, width = Math.max(s.span.durationMs / total * 100, 0.2), end = left + width;
        // The duration sits after the bar, or before it near the right edge, or inside a bar that fills the row.
        const label = end < 88 ? `left:${end + 1}%` : left > 12 ? `right:${100 - left + 1}%` : `left:${left + 1}%;color:#fff`;
        return `<div class="wf-row" data-testid="span" data-service="${esc(s.span.service)}" data-i="${i}"><div class="wf-name" style="padding-left:${depth * 14 + 6}px"><b>${esc(s.span.service)}</b> ${esc(s.span.name)}</div>
          <div class="wf-track"><div class="wf-bar ${s.span.isError ? 'error' : ''}" style="left:${left}%;width:${width}%"></div>
          <span class="wf-label" style="${label}">${ms(s.span.durationMs)}</span></div></div>`;
      }).join('')}</div><div id="span"></div>`;
    view.onclick = e => {
      const row = e.target.closest('.wf-row'); if (!row) return;
      const s = rows[row.dataset.i][0].span;
      document.getElementById('span').innerHTML = `<h4>${esc(s.name)} ${pill(s.status)} <span class="muted">${esc(s.kind)} · ${esc(s.scope)} · ${s.spanId}</span></h4>
        ${s.statusMessage ? `<p>${esc(s.statusMessage)}</p>` : ''}<table>${Object.entries(s.attributes).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>`;
    };
  },

  async metrics() {
    const opened = epoch;
    const data = await api('/api/metrics');
    if (opened !== epoch) return;
    const selected = params().get('service') || data.services[0] || '';
    view.innerHTML = `<div class="toolbar"><select id="service" aria-label="Service">${data.services.map(s => `<option ${s === selected ? 'selected' : ''}>${esc(s)}</option>`).join('')}</select>
      <span class="muted">last 10 minutes, 5 s buckets, refreshes every 5 s</span></div><div class="charts" id="charts"></div>`;
    document.getElementById('service').onchange = e => { location.hash = '#metrics?service=' + encodeURIComponent(e.target.value); };
    every(5000, async current => {
      const m = await api('/api/metrics?service=' + encodeURIComponent(selected));
      if (!current()) return;
      const charts = [
        ['Requests per second', m.http.map(b => [b.time, b.requestsPerSecond])],
        ['Error rate (5xx)', m.http.map(b => [b.time, b.errorRate])],
        ['Latency p50 / p95 / p99 (ms)', m.http.map(b => [b.time, b.p50Ms]), m.http.map(b => [b.time, b.p95Ms]), m.http.map(b => [b.time, b.p99Ms])],
        ...m.instruments.map(i => [`${i.name} (${i.kind}${i.unit ? ', ' + i.unit : ''})`, i.series.map(p => [p.time, p.value])]),
      ];
      document.getElementById('charts').innerHTML = charts.map(([title, ...series]) => `<div class="chart" data-testid="chart"><h4>${esc(title)}</h4>${svg(series)}</div>`).join('');
    });
  },
};

// A line chart in SVG: one polyline per series, a max label and the time range.
function svg(series) {
  const w = 360, h = 120, colors = ['#2f6fed', '#b26a00', '#c62828'];
  const all = series.flat();
  if (!all.length) return '<p class="muted">no data yet</p>';
  const t0 = Math.min(...all.map(p => +new Date(p[0]))), t1 = Math.max(...all.map(p => +new Date(p[0])), t0 + 1);
  const max = Math.max(...all.map(p => p[1]), 1e-9);
  const x = t => (+new Date(t) - t0) / (t1 - t0) * (w - 10) + 5, y = v => h - 15 - v / max * (h - 25);
  return `<svg viewBox="0 0 ${w} ${h}" width="100%"><line x1="5" y1="${h - 15}" x2="${w - 5}" y2="${h - 15}" stroke="#ddd"/>
    ${series.map((s, i) => `<polyline fill="none" stroke="${colors[i % 3]}" stroke-width="1.5" points="${s.map(p => x(p[0]) + ',' + y(p[1])).join(' ')}"/>`).join('')}
    <text x="5" y="10" font-size="10" fill="#888">max ${+max.toPrecision(3)}</text>
    <text x="5" y="${h - 2}" font-size="10" fill="#888">${time(t0)}</text><text x="${w - 5}" y="${h - 2}" font-size="10" fill="#888" text-anchor="end">${time(t1)}</text></svg>`;
}

function route() {
  const name = (location.hash.slice(1).split('?')[0]) || 'resources';
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.getAttribute('href') === '#' + name));
  clearInterval(timer);
  epoch++;
  view.onclick = null;
  (pages[name] || pages.resources)().catch(e => console.error(e));
}
window.addEventListener('hashchange', route);
route();
