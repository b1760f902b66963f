/*
 * Faultline dashboard. Fetches the monitoring endpoints every few seconds and shows what they answer:
 * it computes no figure of its own (it formats numbers, dates and labels, and chooses what to ask for).
 * Every shown value carries data-source (the endpoint), data-pointer (a JSON Pointer into its answer),
 * data-value (the value as received) and data-format (how the text shows it), so that a reader, or a
 * test, can check the page against the endpoints.
 */
(function () {
  'use strict';

  const body = document.body;
  const REFRESH_MS = boundedInt(body.dataset.refreshMs, 1000, 300000, 5000);
  const TREND_HOURS = boundedInt(body.dataset.trendHours, 1, 720, 24);
  const ROOT = body.dataset.root || '';
  const TIMEOUT_MS = Math.max(10000, REFRESH_MS);
  const TOKEN_KEY = 'faultline.dashboard.token';
  const MAX_ALERTS = 10;
  const MAX_PATTERNS = 8;
  const MAX_RECOMMENDATIONS = 6;
  const SEVERITIES = ['critical', 'high', 'medium', 'low'];

  const $ = (id) => document.getElementById(id);
  const charts = {};
  let latencyWindow = '1h';
  let lastPerformance = null;
  let retentionHours = null;
  let paused = false;
  let running = false;
  let timer = null;
  let rounds = 0;
  let again = false;
  let formForRefusal = false;
  let memoryToken = null;

  function boundedInt(raw, min, max, fallback) {
    const n = Number.parseInt(raw, 10);
    return Number.isFinite(n) && n >= min && n <= max ? n : fallback;
  }

  /** The URL of an endpoint, relative to this page (the page is ROOT + its path below the base). */
  function endpointUrl(path) {
    return new URL(ROOT + path, document.baseURI).toString();
  }

  // ---------------------------------------------------------------- token

  function readToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || memoryToken;
    } catch (e) {
      return memoryToken;
    }
  }

  function storeToken(token) {
    memoryToken = token || null;
    try {
      if (token) {
        sessionStorage.setItem(TOKEN_KEY, token);
      } else {
        sessionStorage.removeItem(TOKEN_KEY);
      }
    } catch (e) {
      // storage refused (private mode): the token lives in this page only
    }
  }

  /** Takes a token from #token=... and removes it from the address bar and the history entry. */
  function takeTokenFromFragment() {
    const fragment = location.hash.replace(/^#/, '');
    if (!fragment) {
      return;
    }
    const params = new URLSearchParams(fragment);
    if (!params.has('token')) {
      return;
    }
    storeToken(params.get('token').trim());
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
  }

  // ---------------------------------------------------------------- fetching

  /**
   * GETs an endpoint. Resolves to {ok, status, data} for a JSON answer (also /health's 503, which is
   * data), else {ok: false, status, detail}; never rejects.
   */
  async function fetchJson(path) {
    const headers = { Accept: 'application/json' };
    const token = readToken();
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const r = await fetch(endpointUrl(path), {
        headers, cache: 'no-store', credentials: 'same-origin', redirect: 'error', signal: controller.signal
      });
      const type = (r.headers.get('Content-Type') || '').toLowerCase();
      if (type.startsWith('application/json') && (r.ok || r.status === 503)) {
        return { ok: true, status: r.status, data: await r.json() };
      }
      let detail = null;
      if (type.startsWith('application/problem+json')) {
        try {
          const problem = await r.json();
          detail = problem.detail || problem.title || null;
        } catch (e) {
          // a broken problem body: the status says enough
        }
      }
      return { ok: false, status: r.status, detail };
    } catch (e) {
      return { ok: false, status: 0, detail: e.name === 'AbortError' ? 'timed out' : 'cannot reach the service' };
    } finally {
      clearTimeout(timeout);
    }
  }

  function failureText(res) {
    if (res.status === 401) {
      return 'Needs a valid monitoring token (HTTP 401).';
    }
    if (res.status === 0) {
      return 'No answer: ' + res.detail + '. Showing the last figures received.';
    }
    return 'The endpoint answered HTTP ' + res.status + (res.detail ? ': ' + res.detail : '') +
      '. Showing the last figures received.';
  }

  /** Marks a card failed (keeping its last figures, dimmed) or fine. */
  function cardState(card, res) {
    const state = card.querySelector('.state');
    if (res.ok) {
      card.classList.remove('stale');
      card.removeAttribute('data-failed');
      state.hidden = true;
      state.textContent = '';
    } else {
      card.classList.add('stale');
      card.setAttribute('data-failed', String(res.status));
      state.hidden = false;
      state.textContent = failureText(res);
    }
  }

  // ---------------------------------------------------------------- formatting

  const FORMATS = {
    int: (v) => Number(v).toLocaleString('en-US', { maximumFractionDigits: 0 }),
    decimal: (v) => Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 }),
    ms: (v) => {
      const n = Number(v);
      const digits = n < 10 ? 2 : n < 100 ? 1 : 0;
      return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) + ' ms';
    },
    'int-ms': (v) => Number(v).toLocaleString('en-US', { maximumFractionDigits: 0 }) + ' ms',
    percent: (v) => (Number(v) * 100).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + ' %',
    text: (v) => String(v),
    class: (v) => String(v).slice(String(v).lastIndexOf('.') + 1),
    time: (v) => new Date(v).toLocaleTimeString('en-GB', { hour12: false }),
    hour: (v) => new Date(v).toLocaleString('en-GB', { hour12: false, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
  };

  /** A JSON Pointer (RFC 6901) of the given reference tokens. */
  function pointer() {
    let p = '';
    for (const part of arguments) {
      p += '/' + String(part).replace(/~/g, '~0').replace(/\//g, '~1');
    }
    return p;
  }

  /**
   * Shows value (found at pointer in source's answer; undefined when the answer has no such member,
   * which the endpoints do for zero counts) in el, formatted.
   */
  function show(el, source, ptr, value, format) {
    el.dataset.source = source;
    el.dataset.pointer = ptr;
    el.dataset.format = format;
    if (value === undefined || value === null) {
      el.dataset.value = value === null ? 'null' : '';
      el.dataset.absent = 'true';
      el.textContent = value === null ? '–' : (format === 'text' || format === 'class' ? '–' : FORMATS[format](0));
    } else {
      el.dataset.value = String(value);
      delete el.dataset.absent;
      el.textContent = FORMATS[format](value);
    }
    return el;
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text !== undefined) {
      el.textContent = text;
    }
    return el;
  }

  function shown(tag, className, source, ptr, value, format) {
    return show(element(tag, className), source, ptr, value, format);
  }

  function badge(source, ptr, value, attribute) {
    const el = shown('span', 'badge', source, ptr, value, 'text');
    el.setAttribute(attribute, String(value));
    return el;
  }

  // ---------------------------------------------------------------- charts

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  const COLORS = {
    axis: cssVar('--axis') || '#667085',
    grid: cssVar('--grid') || '#eceef2',
    error: cssVar('--error') || '#d6382f',
    errorSoft: cssVar('--error-soft') || 'rgba(214,56,47,0.55)',
    accent: cssVar('--accent') || '#2f6fde',
    accentSoft: cssVar('--accent-soft') || 'rgba(47,111,222,0.14)'
  };

  function chartWidth(el) {
    return Math.max(240, Math.floor(el.clientWidth));
  }

  /** A uPlot chart in el that follows el's width. */
  function chart(name, el, height, options, data) {
    const u = new uPlot(Object.assign({ width: chartWidth(el), height }, options), data, el);
    charts[name] = u;
    if (typeof ResizeObserver === 'function') {
      let last = el.clientWidth;
      new ResizeObserver(() => {
        if (el.clientWidth !== last) {
          last = el.clientWidth;
          u.setSize({ width: chartWidth(el), height: u.height });
        }
      }).observe(el);
    }
    return u;
  }

  const axis = (extra) => Object.assign({
    stroke: COLORS.axis, grid: { stroke: COLORS.grid, width: 1 }, ticks: { stroke: COLORS.grid, width: 1 }
  }, extra);
  const fromZero = (u, min, max) => [0, Math.max(1, max)];
  /** Counts are whole: ticks at whole steps only. */
  const COUNT_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2.5e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5,
    1e6, 2e6, 5e6, 1e7, 1e8, 1e9];

  /** Errors as bars and requests as a line over time (per minute, or per hour). */
  function timeSeriesOptions(unit) {
    return {
      scales: { x: { time: true }, errors: { range: fromZero }, requests: { range: fromZero } },
      series: [
        { label: unit },
        {
          label: 'errors', scale: 'errors', stroke: COLORS.error, fill: COLORS.errorSoft, width: 1,
          paths: uPlot.paths.bars({ size: [0.7, 28] }), points: { show: false }
        },
        { label: 'requests', scale: 'requests', stroke: COLORS.accent, fill: COLORS.accentSoft, width: 2, points: { show: false } }
      ],
      axes: [
        axis({}),
        axis({ scale: 'errors', label: 'errors', size: 50, incrs: COUNT_STEPS }),
        axis({ scale: 'requests', label: 'requests', side: 1, size: 55, grid: { show: false }, incrs: COUNT_STEPS })
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } }
    };
  }

  function epochSeconds(iso) {
    return Date.parse(iso) / 1000;
  }

  function drawRate(perMinute) {
    const data = [
      perMinute.map((m) => epochSeconds(m.minute)),
      perMinute.map((m) => m.errors),
      perMinute.map((m) => m.requests)
    ];
    if (charts.rate) {
      charts.rate.setData(data);
    } else {
      chart('rate', $('chart-rate'), 240, timeSeriesOptions('minute'), data);
    }
  }

  function drawTrend(hourly) {
    const data = [
      hourly.map((h) => epochSeconds(h.hour)),
      hourly.map((h) => h.errors),
      hourly.map((h) => h.requests)
    ];
    if (charts.trend) {
      charts.trend.setData(data);
    } else {
      chart('trend', $('chart-trend'), 220, timeSeriesOptions('hour'), data);
    }
  }

  /** Horizontal bars, one per error type, in the order of the answer. */
  function drawTypes(byType) {
    const labels = Object.keys(byType);
    const data = [labels.map((_, i) => i), labels.map((l) => byType[l])];
    const height = 50 + 30 * Math.max(labels.length, 1);
    $('types-empty').hidden = labels.length > 0;
    $('chart-types').hidden = labels.length === 0;
    const key = labels.join('|');
    if (charts.types && charts.types.labelsKey === key) {
      charts.types.setData(data);
      return;
    }
    if (charts.types) {
      charts.types.destroy();
      delete charts.types;
    }
    if (labels.length === 0) {
      return;
    }
    chart('types', $('chart-types'), height, {
      scales: {
        x: { time: false, ori: 1, dir: 1, range: () => [-0.5, labels.length - 0.5] },
        y: { ori: 0, range: fromZero }
      },
      series: [
        { label: 'type', value: (u, i) => (i == null ? '–' : labels[i]) },
        {
          label: 'errors', stroke: COLORS.error, fill: COLORS.errorSoft, width: 1,
          paths: uPlot.paths.bars({ size: [0.65, 26] }), points: { show: false }
        }
      ],
      axes: [
        axis({ scale: 'x', side: 3, size: 140, grid: { show: false }, splits: () => data[0], values: () => labels }),
        axis({ scale: 'y', side: 2, incrs: COUNT_STEPS })
      ],
      legend: { show: false },
      cursor: { show: false }
    }, data).labelsKey = key;
  }

  // ---------------------------------------------------------------- rendering

  function renderErrors(res) {
    for (const id of ['card-rate', 'card-severity', 'card-types']) {
      cardState($(id), res);
    }
    if (!res.ok) {
      return;
    }
    const d = res.data;
    retentionHours = d.retention_hours;
    show($('kpi-errors'), 'errors', '/recent_errors', d.recent_errors, 'int');
    show($('kpi-rate'), 'errors', '/error_rate_per_minute', d.error_rate_per_minute, 'decimal');
    show($('kpi-ratio'), 'errors', '/error_ratio', d.error_ratio, 'percent');
    show($('kpi-requests'), 'errors', '/recent_requests', d.recent_requests, 'int');
    drawRate(d.per_minute || []);

    const severities = $('severities');
    severities.replaceChildren();
    for (const s of SEVERITIES) {
      const tile = element('div', 'severity');
      tile.dataset.severity = s;
      tile.append(element('span', 'label', s));
      tile.append(shown('span', 'value', 'errors', pointer('by_severity', s), (d.by_severity || {})[s], 'int'));
      severities.append(tile);
    }

    const byType = d.by_type || {};
    drawTypes(byType);
    const chips = $('type-chips');
    chips.replaceChildren();
    for (const type of Object.keys(byType)) {
      const chip = element('li', 'chip');
      chip.append(element('span', 'label', type + ' '));
      chip.append(shown('b', 'value', 'errors', pointer('by_type', type), byType[type], 'int'));
      chips.append(chip);
    }
  }

  function renderTrends(res, hours) {
    cardState($('card-trend'), res);
    if (!res.ok) {
      return;
    }
    const d = res.data;
    $('trend-hours').textContent = '· last ' + d.hours + (d.hours === 1 ? ' hour' : ' hours');
    const facts = $('trend-facts');
    facts.replaceChildren(
      'Direction ', shown('b', '', 'trends', '/direction', d.direction, 'text'),
      ' · average ', shown('b', '', 'trends', '/average_errors_per_hour', d.average_errors_per_hour, 'decimal'),
      ' errors an hour · peak ', shown('b', '', 'trends', '/peak/errors', d.peak.errors, 'int'),
      d.peak.hour ? ' at ' : '', d.peak.hour ? shown('span', '', 'trends', '/peak/hour', d.peak.hour, 'hour') : ''
    );
    body.dataset.trendHoursAsked = String(hours);
    drawTrend(d.hourly_counts || []);
  }

  function renderPerformance(res) {
    cardState($('card-latency'), res);
    if (!res.ok) {
      return;
    }
    lastPerformance = res.data;
    const d = res.data;
    show($('kpi-p99'), 'performance', '/windows/1h/p99_ms', d.windows['1h'].p99_ms, 'ms');
    show($('kpi-slow'), 'performance', '/slow_requests', d.slow_requests, 'int');
    drawLatency();
  }

  function drawLatency() {
    const d = lastPerformance;
    if (!d) {
      return;
    }
    const w = latencyWindow;
    $('latency-facts').replaceChildren(
      'Slow means at least ', shown('b', '', 'performance', '/slow_request_threshold_ms', d.slow_request_threshold_ms, 'int-ms'),
      ' · ', shown('b', '', 'performance', '/tracked_endpoints', d.tracked_endpoints, 'int'), ' endpoints tracked',
      ' · all endpoints over ' + w + ': ',
      shown('b', '', 'performance', pointer('windows', w, 'total_requests'), d.windows[w].total_requests, 'int'), ' requests, p99 ',
      shown('b', '', 'performance', pointer('windows', w, 'p99_ms'), d.windows[w].p99_ms, 'ms')
    );
    const rows = $('latency-rows');
    rows.replaceChildren();
    d.endpoints.forEach((e, i) => {
      const s = e.windows[w];
      const tr = element('tr');
      const name = element('td', 'endpoint');
      name.append(shown('span', 'method', 'performance', pointer('endpoints', i, 'method'), e.method, 'text'));
      name.append(shown('span', '', 'performance', pointer('endpoints', i, 'endpoint'), e.endpoint, 'text'));
      tr.append(name);
      for (const [key, format] of [['total_requests', 'int'], ['p50_ms', 'ms'], ['p90_ms', 'ms'], ['p99_ms', 'ms'],
        ['max_ms', 'ms'], ['slow_requests', 'int'], ['error_requests', 'int'], ['client_error_requests', 'int']]) {
        const td = shown('td', 'num', 'performance', pointer('endpoints', i, 'windows', w, key), s[key], format);
        if (key === 'slow_requests' && s[key] > 0) {
          td.classList.add('slow');
        }
        tr.append(td);
      }
      rows.append(tr);
    });
  }

  function renderInsights(res) {
    cardState($('card-patterns'), res);
    if (!res.ok) {
      return;
    }
    const d = res.data;
    $('pattern-count').replaceChildren('· ', shown('span', '', 'insights', '/total_patterns', d.total_patterns, 'int'),
      ' patterns in ' + d.window_hours + ' h');
    const rows = $('pattern-rows');
    rows.replaceChildren();
    const patterns = (d.most_common_errors || []).slice(0, MAX_PATTERNS);
    patterns.forEach((p, i) => {
      const at = (key) => pointer('most_common_errors', i, key);
      const tr = element('tr');
      tr.append(shown('td', 'num', 'insights', at('count'), p.count, 'int'));
      const type = element('td');
      type.append(shown('span', '', 'insights', at('error_type'), p.error_type, 'text'));
      tr.append(type);
      const severity = element('td');
      severity.append(badge('insights', at('severity'), p.severity, 'data-severity'));
      tr.append(severity);
      const message = element('td', 'message');
      const exception = shown('span', 'exception', 'insights', at('exception'), p.exception, 'class');
      exception.title = p.exception;
      message.append(exception, shown('span', '', 'insights', at('message'), p.message, 'text'));
      tr.append(message);
      const top = element('td', 'endpoint');
      if (p.top_endpoints && p.top_endpoints.length > 0) {
        top.append(shown('span', '', 'insights', pointer('most_common_errors', i, 'top_endpoints', 0, 'endpoint'),
          p.top_endpoints[0].endpoint, 'text'));
      }
      tr.append(top);
      tr.append(shown('td', '', 'insights', at('trend'), p.trend, 'text'));
      rows.append(tr);
    });
    $('patterns-empty').hidden = patterns.length > 0;

    const list = $('recommendations');
    list.replaceChildren();
    const recommendations = (d.recommendations || []).slice(0, MAX_RECOMMENDATIONS);
    recommendations.forEach((r, i) => {
      const li = element('li');
      li.append(shown('span', 'title', 'insights', pointer('recommendations', i, 'title'), r.title, 'text'));
      li.append(shown('span', 'detail', 'insights', pointer('recommendations', i, 'detail'), r.detail, 'text'));
      list.append(li);
    });
    $('recommendations-empty').hidden = recommendations.length > 0;
  }

  function renderAlerts(res) {
    cardState($('card-alerts'), res);
    if (!res.ok) {
      return;
    }
    const d = res.data;
    show($('kpi-alerts'), 'alerts', '/total', d.total, 'int');
    const st = d.stats || {};
    const stat = (key, label) => [shown('b', '', 'alerts', pointer('stats', key), st[key], 'int'), ' ' + label];
    $('alert-stats').replaceChildren(...stat('fired', 'fired · '), ...stat('delivered', 'delivered · '),
      ...stat('failed', 'failed · '), ...stat('dropped', 'dropped · '), ...stat('suppressed', 'suppressed'));
    const list = $('alerts');
    list.replaceChildren();
    const alerts = (d.alerts || []).slice(0, MAX_ALERTS);
    alerts.forEach((a, i) => {
      const at = (...keys) => pointer('alerts', i, ...keys);
      const li = element('li');
      const head = element('div', 'row');
      head.append(badge('alerts', at('level'), a.level, 'data-level'));
      head.append(shown('span', 'name', 'alerts', at('rule'), a.rule, 'text'));
      head.append(shown('span', 'muted', 'alerts', at('fired_at'), a.fired_at, 'time'));
      if (a.resolved) {
        head.append(element('span', 'badge', 'resolved'));
      }
      if (a.suppressed > 0) {
        const s = element('span', 'muted');
        s.append('+', shown('span', '', 'alerts', at('suppressed'), a.suppressed, 'int'), ' suppressed');
        head.append(s);
      }
      li.append(head);
      li.append(shown('p', 'message', 'alerts', at('message'), a.message, 'text'));
      const deliveries = element('div', 'deliveries');
      for (const channel of Object.keys(a.deliveries || {})) {
        const del = a.deliveries[channel];
        const item = element('span');
        item.append(channel + ' ', badge('alerts', at('deliveries', channel, 'state'), del.state, 'data-state'), ' ',
          shown('span', '', 'alerts', at('deliveries', channel, 'attempts'), del.attempts, 'int'),
          del.attempts === 1 ? ' attempt' : ' attempts');
        if (del.last_error) {
          item.append(' · ', shown('span', '', 'alerts', at('deliveries', channel, 'last_error'), del.last_error, 'text'));
        }
        deliveries.append(item);
      }
      li.append(deliveries);
      list.append(li);
    });
    $('alerts-empty').hidden = alerts.length > 0;
  }

  function renderHealth(res) {
    cardState($('card-health'), res);
    const pill = $('health-pill');
    if (!res.ok) {
      pill.dataset.state = 'unknown';
      pill.textContent = 'health unknown';
      return;
    }
    const d = res.data;
    show(pill, 'health', '/status', d.status, 'text');
    pill.dataset.state = d.status;
    const list = $('checks');
    list.replaceChildren();
    for (const name of Object.keys(d.services || {})) {
      const c = d.services[name];
      const at = (...keys) => pointer('services', name, ...keys);
      const li = element('li');
      const row = element('div', 'row');
      row.append(element('span', 'name', name));
      row.append(badge('health', at('status'), c.status, 'data-state'));
      if (c.critical) {
        row.append(element('span', 'muted small', 'critical'));
      }
      row.append(shown('span', 'muted small', 'health', at('duration_ms'), c.duration_ms, 'int-ms'));
      li.append(row);
      const details = c.details || {};
      const keys = Object.keys(details);
      if (keys.length > 0) {
        const p = element('div', 'details');
        keys.forEach((k, j) => {
          const v = details[k];
          const plain = v === null || typeof v !== 'object';
          p.append((j > 0 ? ' · ' : '') + k + ': ',
            plain ? shown('span', '', 'health', at('details', k), v, 'text') : element('span', '', JSON.stringify(v)));
        });
        li.append(p);
      }
      list.append(li);
    }
  }

  // ---------------------------------------------------------------- the refresh loop

  function showBanner(results) {
    const banner = $('banner');
    const unauthorized = results.some((r) => r.status === 401);
    const unreachable = results.every((r) => r.status === 0);
    if (unauthorized) {
      banner.replaceChildren(element('strong', '', readToken() ? 'The token was refused. ' : 'A token is needed. '),
        'The monitoring endpoints answered 401: enter the monitoring token below, or open this page as …/#token=YOUR_TOKEN.');
      banner.hidden = false;
      if ($('token-form').hidden) {
        $('token-form').hidden = false;
        formForRefusal = true;
      }
    } else if (unreachable) {
      banner.replaceChildren(element('strong', '', 'The service does not answer. '),
        'Retrying every ' + Math.round(REFRESH_MS / 1000) + ' s; the figures below are the last ones received.');
      banner.hidden = false;
    } else {
      banner.hidden = true;
      banner.replaceChildren();
    }
    if (!unauthorized && formForRefusal) {
      $('token-form').hidden = true; // opened for a refusal that is over
      formForRefusal = false;
    }
  }

  async function refresh() {
    const errors = await fetchJson('metrics/errors');
    const hours = Math.max(1, Math.min(TREND_HOURS, retentionHoursFrom(errors)));
    const [trends, insights, alerts, performance, health] = await Promise.all([
      fetchJson('metrics/trends?hours=' + hours), fetchJson('metrics/insights'), fetchJson('metrics/alerts'),
      fetchJson('metrics/performance'), fetchJson('health')
    ]);
    const results = [errors, trends, insights, alerts, performance, health];
    const renderers = [
      () => renderErrors(errors), () => renderTrends(trends, hours), () => renderInsights(insights),
      () => renderAlerts(alerts), () => renderPerformance(performance), () => renderHealth(health)
    ];
    for (const render of renderers) {
      try {
        render();
      } catch (e) {
        console.error('faultline dashboard: cannot show an answer', e);
      }
    }
    showBanner(results);
    const failing = results.filter((r) => !r.ok).length;
    rounds += 1;
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString('en-GB', { hour12: false }) +
      (failing > 0 ? ' · ' + failing + ' of 6 sources failing' : '') + (paused ? ' · paused' : '');
    body.dataset.failing = String(failing);
    body.dataset.updated = String(rounds);
  }

  function retentionHoursFrom(errors) {
    if (errors.ok && Number.isInteger(errors.data.retention_hours)) {
      return errors.data.retention_hours;
    }
    return retentionHours || 1;
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = null;
    if (!paused && !document.hidden) {
      timer = setTimeout(tick, delay);
    }
  }

  async function tick() {
    if (running) {
      again = true; // asked for while a refresh runs (a new token, say): another one right after it
      return;
    }
    running = true;
    try {
      await refresh();
    } catch (e) {
      console.error('faultline dashboard: refresh failed', e);
    } finally {
      running = false;
      schedule(again ? 0 : REFRESH_MS);
      again = false;
    }
  }

  function setPaused(value) {
    paused = value;
    const button = $('pause');
    button.setAttribute('aria-pressed', String(paused));
    button.textContent = paused ? 'Resume' : 'Pause';
    if (paused) {
      clearTimeout(timer);
      timer = null;
      $('updated').textContent += ' · paused';
    } else {
      schedule(0);
    }
  }

  function start() {
    takeTokenFromFragment();
    $('refresh-every').textContent = REFRESH_MS / 1000 + ' s';
    $('pause').addEventListener('click', () => setPaused(!paused));
    $('token-button').addEventListener('click', () => {
      const form = $('token-form');
      form.hidden = !form.hidden;
      if (!form.hidden) {
        $('token-input').focus();
      }
    });
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('token-input').value.trim();
      $('token-input').value = '';
      storeToken(value);
      $('token-form').hidden = true;
      formForRefusal = false;
      if (running) {
        again = true;
      } else {
        schedule(0);
      }
    });
    $('token-forget').addEventListener('click', () => {
      storeToken(null);
      $('token-input').value = '';
      schedule(0);
    });
    for (const button of document.querySelectorAll('[data-window]')) {
      button.addEventListener('click', () => {
        latencyWindow = button.dataset.window;
        for (const other of document.querySelectorAll('[data-window]')) {
          other.setAttribute('aria-pressed', String(other === button));
        }
        drawLatency();
      });
    }
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) {
        clearTimeout(timer);
        timer = null;
      } else {
        schedule(0);
      }
    });
    window.FaultlineDashboard = Object.freeze({
      charts,
      refreshMillis: REFRESH_MS,
      rounds: () => rounds,
      busy: () => running
    });
    schedule(0);
  }

  start();
}());
