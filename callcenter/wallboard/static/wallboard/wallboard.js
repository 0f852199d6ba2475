/* The supervisor wallboard: one WebSocket, a snapshot then deltas, redrawn at most once per frame.
   Plain JavaScript, no dependencies (the machine that serves it may have no Internet access). */
(function () {
  "use strict";

  var root = document.getElementById("wallboard");
  var configNode = document.getElementById("wb-config");
  if (!root || !configNode) { return; }
  var config = JSON.parse(configNode.textContent);
  var L = config.labels;

  var STATE_ORDER = { "ringing": 0, "in call": 1, "wrap-up": 2, "idle": 3, "paused": 4, "unavailable": 5 };
  var state = { agents: {}, queues: {}, calls: {}, spies: {}, channels: {}, servers: {}, endpoints: {} };
  var clockOffset = 0;           // server time minus browser time, seconds
  var socket = null;
  var retryDelay = 500;
  var drawPending = false;
  var dialogAgent = null;
  var nodeAlarms = [];           // lost nodes and unreachable trunks, from the last draw

  function now() { return Date.now() / 1000 + clockOffset; }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === "text") { node.textContent = attrs[key]; }
        else if (key === "className") { node.className = attrs[key]; }
        else { node.setAttribute(key, attrs[key]); }
      });
    }
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined || isNaN(seconds)) { return ""; }
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var mm = (h ? String(m).padStart(2, "0") : String(m)) + ":" + String(s).padStart(2, "0");
    return h ? h + ":" + mm : mm;
  }

  function label(key) { return L[key] || key; }

  // ---- live transport ------------------------------------------------------------------------------
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + config.ws_path);
    setConnection("connecting");
    socket.onopen = function () { retryDelay = 500; };
    socket.onmessage = function (event) {
      var frame = JSON.parse(event.data);
      if (frame.server_time) { clockOffset = frame.server_time - Date.now() / 1000; }
      if (frame.type === "snapshot") { applySnapshot(frame); setConnection("live"); }
      else if (frame.type === "delta") { applyDelta(frame); }
      scheduleDraw();
    };
    socket.onclose = function (event) {
      setConnection(event.code === 4403 ? "refused" : "reconnecting");
      if (event.code === 4403) { return; }
      // Back off up to 15 s; the next snapshot replaces whatever was missed meanwhile.
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    };
  }

  function setConnection(mode) {
    root.dataset.state = mode;
    var node = document.getElementById("wb-conn");
    node.textContent = mode === "live" ? label("connected") : mode === "refused" ? label("failed") : label("reconnecting");
    node.className = "wb-conn wb-conn-" + mode;
  }

  function applySnapshot(frame) {
    state.agents = frame.agents || {};
    state.queues = frame.queues || {};
    state.calls = frame.calls || {};
    state.spies = frame.spies || {};
    state.channels = frame.channels || {};
    state.servers = frame.servers || {};
    state.endpoints = frame.endpoints || {};
  }

  function applyDelta(frame) {
    ["agents", "queues", "calls", "spies", "endpoints"].forEach(function (collection) {
      var changes = frame[collection];
      if (!changes) { return; }
      Object.keys(changes).forEach(function (key) {
        var value = changes[key];
        if (value === null || (collection === "spies" && value.ended_at)) { delete state[collection][key]; }
        else { state[collection][key] = value; }
      });
    });
    if (frame.channels) { Object.assign(state.channels, frame.channels); }
    if (frame.servers) {
      Object.keys(frame.servers).forEach(function (name) {
        state.servers[name] = Object.assign({}, state.servers[name] || {}, frame.servers[name]);
      });
    }
  }

  function scheduleDraw() {
    if (drawPending) { return; }
    drawPending = true;
    window.requestAnimationFrame(function () { drawPending = false; draw(); });
  }

  // ---- drawing -----------------------------------------------------------------------------------
  function filters() {
    var team = document.getElementById("wb-filter-team");
    var queue = document.getElementById("wb-filter-queue");
    var sort = document.getElementById("wb-sort");
    return {
      team: team ? team.value : "",
      queue: queue ? queue.value : "",
      sort: sort ? sort.value : "state"
    };
  }

  function draw() {
    var f = filters();
    drawQueues(f);
    drawAgents(f);
    drawLoggedOut(f);
    drawCallers(f);
    drawChannels();
    drawEndpoints(f);
    drawSpies();
    tick();
  }

  function waitClass(queue, wait) {
    if (wait >= queue.wait_red_s) { return "wb-red"; }
    if (wait >= queue.wait_amber_s) { return "wb-amber"; }
    return "";
  }

  function drawQueues(f) {
    var box = document.getElementById("wb-queues");
    box.textContent = "";
    var multiNode = Object.keys(state.servers).length > 1;
    Object.keys(state.queues).sort().forEach(function (key) {
      var q = state.queues[key];
      if (f.queue && f.queue !== q.name) { return; }
      if (serverLost(q.server)) { return; }
      var agents = q.agents || {};
      var available = agents.idle || 0;
      var onCall = (agents["in call"] || 0) + (agents.ringing || 0) + (agents["wrap-up"] || 0);
      var sl = q.sl_pct === null || q.sl_pct === undefined ? "–" : q.sl_pct + "%";
      var slClass = q.sl_pct !== null && q.sl_pct !== undefined && q.sl_pct < q.sl_goal_pct ? " wb-below" : "";
      var tile = el("article", { className: "wb-queue", "data-queue": q.name, "data-key": key }, [
        el("h3", { text: q.display_name + (multiNode ? " · " + q.server : "") }),
        el("div", { className: "wb-big" }, [
          el("span", { className: "wb-waiting", text: String(q.waiting_count || 0) }),
          el("span", { className: "wb-unit", text: label("waiting") })
        ]),
        el("div", { className: "wb-row" }, [
          el("span", { text: label("longest_wait") + " " }),
          el("strong", { className: "wb-tick-wait", "data-since": q.oldest_joined_at === null ? "" : String(q.oldest_joined_at) })
        ]),
        el("div", { className: "wb-row" }, [
          el("span", { text: label("available") + " " + available }),
          el("span", { text: label("on_call") + " " + onCall }),
          el("span", { text: label("paused") + " " + (agents.paused || 0) })
        ]),
        el("div", { className: "wb-row" }, [
          el("span", { text: label("answered") + " " + (q.answered || 0) }),
          el("span", { text: label("abandoned") + " " + (q.abandoned || 0) })
        ]),
        el("div", { className: "wb-row wb-sl" + slClass }, [
          el("span", { text: label("service_level") + " " + sl }),
          el("span", { className: "wb-muted", text: "≤" + q.sl_target_s + " s, " + label("goal") + " " + q.sl_goal_pct + "%" })
        ])
      ]);
      tile.dataset.amber = q.wait_amber_s;
      tile.dataset.red = q.wait_red_s;
      box.appendChild(tile);
    });
  }

  // A node whose bridge says nothing any more (heartbeat expired, AMI lost): what it last said is stale, so
  // its queues, agents and callers leave the board and its totals until it is back (the alarm says why).
  function serverLost(server) {
    var info = state.servers[server];
    return !!info && info.connected === false;
  }

  function agentVisible(agent, f) {
    if (serverLost(agent.server)) { return false; }
    if (f.team && String(agent.team_id) !== f.team) { return false; }
    if (f.queue && agent.queues.indexOf(f.queue) < 0) { return false; }
    return true;
  }

  // Pause is per queue: the agent's own state says "paused" only when paused in all its queues. With the
  // board filtered to one queue, the card shows the agent as that queue sees it (as the queue tile does).
  function shownState(agent, f) {
    var pausedHere = f.queue && agent.paused_queues && Object.prototype.hasOwnProperty.call(agent.paused_queues, f.queue);
    var free = agent.state === "idle" || agent.state === "wrap-up" || (agent.state === "in call" && !agent.current_call);
    return pausedHere && free ? "paused" : agent.state;
  }

  // "Paused: sales (lunch)" for an agent paused in some of its queues but not all of them.
  function partialPause(agent, shown) {
    var queues = Object.keys(agent.paused_queues || {}).sort();
    if (shown === "paused" || !queues.length) { return null; }
    var parts = queues.map(function (name) {
      var reason = agent.paused_queues[name];
      return reason ? name + " (" + reason + ")" : name;
    });
    return el("div", { className: "wb-reason wb-partial-pause", text: label("paused") + ": " + parts.join(", ") });
  }

  function drawAgents(f) {
    var box = document.getElementById("wb-agents");
    box.textContent = "";
    var agents = Object.keys(state.agents).map(function (key) { return state.agents[key]; })
      .filter(function (agent) { return agentVisible(agent, f); });
    agents.sort(function (a, b) {
      if (f.sort === "time") { return (a.state_since || 0) - (b.state_since || 0); }
      if (f.sort === "name") { return a.name.localeCompare(b.name); }
      var sa = shownState(a, f), sb = shownState(b, f);
      var order = (STATE_ORDER[sa] === undefined ? 9 : STATE_ORDER[sa]) -
                  (STATE_ORDER[sb] === undefined ? 9 : STATE_ORDER[sb]);
      return order || (a.state_since || 0) - (b.state_since || 0);
    });
    if (!agents.length) { box.appendChild(el("p", { className: "wb-muted", text: label("no_agents") })); }
    agents.forEach(function (agent) {
      var call = agent.current_call ? state.calls[agent.current_call] : null;
      var shown = shownState(agent, f);
      var reason = agent.pause_reason || (shown === "paused" && f.queue ? (agent.paused_queues || {})[f.queue] : "");
      var card = el("article", {
        className: "wb-agent wb-state-" + shown.replace(/ /g, "-"),
        "data-agent": agent.member_name,
        "data-state": shown,
        tabindex: agent.can_act && config.can_act ? "0" : "-1"
      }, [
        el("div", { className: "wb-agent-head" }, [
          el("strong", { className: "wb-agent-name", text: agent.name }),
          el("span", { className: "wb-muted", text: agent.extension })
        ]),
        el("div", { className: "wb-agent-state" }, [
          el("span", { className: "wb-state-label", text: label(shown) }),
          el("span", { className: "wb-tick", "data-since": agent.state_since ? String(agent.state_since) : "" })
        ]),
        reason ? el("div", { className: "wb-reason", text: reason }) : partialPause(agent, shown),
        agent.pause_alarm_at ? el("div", { className: "wb-pause-limit", "data-alarm-at": String(agent.pause_alarm_at),
                                           text: label("pause_over") }) : null,
        call ? el("div", { className: "wb-call", text: (call.caller || "?") + " · " + (call.queue || "") }) : null,
        el("div", { className: "wb-muted wb-answered", text: label("answered_today") + ": " + agent.answered_today })
      ]);
      if (agent.can_act && config.can_act) {
        card.addEventListener("click", function () { openDialog(agent.id); });
        card.addEventListener("keydown", function (event) { if (event.key === "Enter") { openDialog(agent.id); } });
      }
      box.appendChild(card);
    });
  }

  // Agents the supervisor may act on who are in no queue at all (logged out): a click logs them in.
  function drawLoggedOut(f) {
    var box = document.getElementById("wb-logged-out");
    if (!box) { return; }
    box.textContent = "";
    var present = {};
    Object.keys(state.agents).forEach(function (key) { present[state.agents[key].interface] = true; });
    var shown = 0;
    (config.roster || []).forEach(function (entry) {
      if (present[entry.interface]) { return; }
      if (f.team && String(entry.team_id) !== f.team) { return; }
      var configured = entry.dynamic_queues.concat(entry.static_queues);
      if (f.queue && configured.indexOf(f.queue) < 0) { return; }
      shown += 1;
      var card = el("article", { className: "wb-agent wb-state-logged-out", "data-agent": entry.member_name,
                                 "data-state": "logged out", tabindex: config.can_act ? "0" : "-1" }, [
        el("div", { className: "wb-agent-head" }, [
          el("strong", { className: "wb-agent-name", text: entry.name }),
          el("span", { className: "wb-muted", text: entry.extension })
        ]),
        el("div", { className: "wb-agent-state" }, [el("span", { className: "wb-state-label", text: label("logged out") })])
      ]);
      if (config.can_act) {
        var open = function () { openDialog(null, entry); };
        card.addEventListener("click", open);
        card.addEventListener("keydown", function (event) { if (event.key === "Enter") { open(); } });
      }
      box.appendChild(card);
    });
    if (!shown) { box.appendChild(el("p", { className: "wb-muted", text: label("no_logged_out") })); }
  }

  function drawCallers(f) {
    var body = document.querySelector("#wb-callers tbody");
    body.textContent = "";
    var rows = [];
    Object.keys(state.queues).forEach(function (key) {
      var queue = state.queues[key];
      if (f.queue && f.queue !== queue.name) { return; }
      if (serverLost(queue.server)) { return; }
      (queue.waiting || []).forEach(function (entry) {
        rows.push({ entry: entry, queue: queue });
      });
    });
    rows.sort(function (a, b) { return (a.entry.joined_at || 0) - (b.entry.joined_at || 0); });
    if (!rows.length) {
      body.appendChild(el("tr", null, [el("td", { colspan: "4", className: "wb-muted", text: label("no_callers") })]));
    }
    rows.forEach(function (row) {
      var who = row.entry.caller + (row.entry.caller_name && row.entry.caller_name !== "<unknown>" ? " " + row.entry.caller_name : "");
      body.appendChild(el("tr", { "data-callid": row.entry.callid }, [
        el("td", { text: who }),
        el("td", { text: row.queue.display_name }),
        el("td", { className: "num", text: row.entry.position === null ? "" : String(row.entry.position) }),
        el("td", { className: "num wb-tick-wait", "data-since": String(row.entry.joined_at || ""),
                   "data-amber": String(row.queue.wait_amber_s), "data-red": String(row.queue.wait_red_s) })
      ]));
    });
  }

  function drawChannels() {
    var box = document.getElementById("wb-channels");
    box.textContent = "";
    var alarms = [];
    Object.keys(state.servers).sort().forEach(function (server) {
      var info = state.servers[server] || {};
      var channels = state.channels[server] || {};
      var down = info.connected === false;
      // connected is false when the bridge lost the node's AMI link, and also when the bridge itself died
      // or hangs (its heartbeat expired): either way nothing on the board is current for this node.
      var lost = label("node_lost").replace("%(node)s", server);
      if (down) { alarms.push(lost); }
      var list = el("ul", { className: "wb-trunks" });
      var trunks = channels.by_trunk || {};
      Object.keys(trunks).sort().forEach(function (trunk) {
        list.appendChild(el("li", { text: trunk + ": " + trunks[trunk] }));
      });
      endpointAlarms(server).forEach(function (text) { alarms.push(text); });
      box.appendChild(el("div", { className: "wb-node" + (down ? " wb-red" : ""), "data-server": server }, [
        el("strong", { text: label("node") + " " + server }),
        el("span", { text: " · " + label("channels") + ": " + (channels.total || 0) }),
        down ? el("div", { className: "wb-node-lost", text: lost }) : null,
        list
      ]));
    });
    nodeAlarms = alarms;
    drawAlarms(now());
  }

  // ---- trunks and phones (PJSIP registration and qualify, from the live state) ----------------------
  // A node's trunks first, then its phones, each by name.
  function endpointsOf(server) {
    return Object.keys(state.endpoints).map(function (key) { return state.endpoints[key]; })
      .filter(function (endpoint) { return endpoint.server === server; })
      .sort(function (a, b) { return (a.kind === "trunk" ? 0 : 1) - (b.kind === "trunk" ? 0 : 1) || a.name.localeCompare(b.name); });
  }

  function endpointName(endpoint) {
    return endpoint.kind === "phone" && endpoint.agent_name ? endpoint.agent_name + " (" + endpoint.name + ")" : endpoint.name;
  }

  // A trunk that does not answer its qualify or whose registration failed; a logged-in agent's phone that
  // is not registered or not reachable. The live state sets and clears them.
  function endpointAlarms(server) {
    return endpointsOf(server).filter(function (endpoint) { return endpoint.alarm; }).map(function (endpoint) {
      return label("alarm_" + endpoint.alarm) + ": " + endpointName(endpoint);
    });
  }

  function drawEndpoints(f) {
    var body = document.querySelector("#wb-endpoints tbody");
    var summary = document.getElementById("wb-phones");
    if (!body || !summary) { return; }
    body.textContent = "";
    var up = 0, down = 0, rows = 0;
    Object.keys(state.servers).sort().forEach(function (server) {
      endpointsOf(server).forEach(function (endpoint) {
        if (endpoint.kind === "phone") {
          if (f.team && String(endpoint.team_id) !== f.team) { return; }
          if (endpoint.status === "reachable" || endpoint.status === "unqualified") { up += 1; } else { down += 1; }
          // Phones are many: the table lists only those in alarm; the line below counts the rest.
          if (!endpoint.alarm) { return; }
        }
        rows += 1;
        var status = label("endpoint_" + endpoint.status);
        if (endpoint.registration) { status += " · " + label("registration") + ": " + label("registration_" + endpoint.registration); }
        body.appendChild(el("tr", { className: endpoint.alarm ? "wb-red" : "", "data-endpoint": endpoint.id,
                                    "data-status": endpoint.status }, [
          el("td", { text: endpointName(endpoint) + (Object.keys(state.servers).length > 1 ? " · " + server : "") }),
          el("td", { text: status }),
          el("td", { className: "num", text: endpoint.roundtrip_ms === null || endpoint.roundtrip_ms === undefined ? "" : endpoint.roundtrip_ms.toFixed(1) + " " + label("ms") }),
          el("td", { className: "num wb-tick", "data-since": endpoint.since ? String(endpoint.since) : "" })
        ]));
      });
    });
    if (!rows) { body.appendChild(el("tr", null, [el("td", { colspan: "4", className: "wb-muted", text: label("no_endpoints") })])); }
    summary.textContent = label("phones_summary").replace("%(up)s", String(up)).replace("%(down)s", String(down));
  }

  // The alarm bar: lost nodes, trunks and phones in alarm, then every pause that has run over its reason's
  // limit. A pause's alarm starts at pause_alarm_at (from the server) and ends with the pause (the agent's
  // next delta has no pause_alarm_at), so the browser raises and clears it on its own clock.
  function pauseAlarms(t) {
    var alarms = [];
    Object.keys(state.agents).sort().forEach(function (key) {
      var agent = state.agents[key];
      if (!agent.pause_alarm_at || t < agent.pause_alarm_at) { return; }
      var minutes = Math.floor((t - agent.pause_alarm_at + agent.pause_limit_s) / 60);
      alarms.push(label("pause_over") + ": " + agent.name + " (" + agent.pause_limit_reason + ", " + minutes + " " + label("minutes") + ")");
    });
    return alarms;
  }

  function drawAlarms(t) {
    var alarmBox = document.getElementById("wb-alarms");
    if (!alarmBox) { return; }
    var alarms = nodeAlarms.concat(pauseAlarms(t));
    var text = alarms.join(" · ");
    if (alarmBox.textContent !== text) { alarmBox.textContent = text; }
    alarmBox.className = "wb-alarms" + (alarms.length ? " wb-alarm-on" : "");
  }

  function drawSpies() {
    var box = document.getElementById("wb-spies");
    box.textContent = "";
    Object.keys(state.spies).forEach(function (key) {
      var spy = state.spies[key];
      var status = spy.status === "active" ? label("spy_active") : label("spy_requested");
      box.appendChild(el("li", { className: "wb-spy wb-spy-" + spy.status, "data-mode": spy.mode }, [
        el("strong", { text: spy.mode_label }),
        el("span", { text: " · " + spy.supervisor + " → " + spy.agent_name + " · " + status + " " }),
        el("span", { className: "wb-tick", "data-since": String(spy.started_at || spy.requested_at || "") })
      ]));
    });
  }

  // Every second: time in state, waits and tile colours move without any message from the server.
  function tick() {
    var t = now();
    root.querySelectorAll(".wb-tick").forEach(function (node) {
      var since = parseFloat(node.dataset.since);
      node.textContent = isNaN(since) ? "" : duration(t - since);
    });
    root.querySelectorAll(".wb-tick-wait").forEach(function (node) {
      var since = parseFloat(node.dataset.since);
      var wait = isNaN(since) ? 0 : t - since;
      node.textContent = isNaN(since) ? "0:00" : duration(wait);
      var amber = parseFloat(node.dataset.amber), red = parseFloat(node.dataset.red);
      if (!isNaN(amber)) {
        node.classList.toggle("wb-red", wait >= red);
        node.classList.toggle("wb-amber", wait >= amber && wait < red);
      }
    });
    root.querySelectorAll(".wb-queue").forEach(function (tile) {
      var q = state.queues[tile.dataset.key];
      if (!q) { return; }
      var wait = q.oldest_joined_at ? t - q.oldest_joined_at : 0;
      tile.classList.remove("wb-amber", "wb-red");
      var cls = waitClass(q, wait);
      if (cls) { tile.classList.add(cls); }
    });
    root.querySelectorAll(".wb-pause-limit").forEach(function (node) {
      var over = t >= parseFloat(node.dataset.alarmAt);
      node.hidden = !over;
      var card = node.closest(".wb-agent");
      if (card) { card.classList.toggle("wb-pause-over", over); }
    });
    drawAlarms(t);
    var clock = document.getElementById("wb-clock");
    if (clock) { clock.textContent = new Date(t * 1000).toLocaleTimeString(); }
  }

  // ---- charts (inline SVG) ----------------------------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function barChart(box, title, labels, series, maxValue) {
    box.textContent = "";
    var width = 720, height = 220, left = 36, top = 24, bottom = 30, plotH = height - top - bottom;
    var plotW = width - left - 8;
    var peak = maxValue || 1;
    if (!maxValue) {
      series.forEach(function (s) { s.values.forEach(function (v) { if (v > peak) { peak = v; } }); });
    }
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": title, "class": "wb-svg" });
    chart.appendChild(svg("text", { x: left, y: 15, "class": "wb-chart-title" }, title));
    chart.appendChild(svg("line", { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, "class": "wb-axis" }));
    chart.appendChild(svg("text", { x: left - 4, y: top + 8, "text-anchor": "end", "class": "wb-tickl" }, String(peak)));
    var group = plotW / Math.max(labels.length, 1);
    var barW = Math.max(group * 0.8 / series.length, 1);
    labels.forEach(function (text, index) {
      series.forEach(function (s, number) {
        var value = s.values[index];
        if (value === null || value === undefined) { return; }
        var h = plotH * value / peak;
        var rect = svg("rect", { x: (left + index * group + group * 0.1 + number * barW).toFixed(1),
                                 y: (top + plotH - h).toFixed(1), width: barW.toFixed(1), height: h.toFixed(1),
                                 "class": "wb-bar wb-bar-" + number });
        rect.appendChild(svg("title", {}, text + " " + s.name + ": " + value));
        chart.appendChild(rect);
      });
      if (index % Math.max(1, Math.ceil(labels.length / 12)) === 0) {
        chart.appendChild(svg("text", { x: (left + index * group + group / 2).toFixed(1), y: top + plotH + 14,
                                        "text-anchor": "middle", "class": "wb-tickl" }, text));
      }
    });
    series.forEach(function (s, number) {
      chart.appendChild(svg("rect", { x: left + number * 120, y: height - 11, width: 10, height: 10, "class": "wb-bar-" + number }));
      chart.appendChild(svg("text", { x: left + number * 120 + 14, y: height - 2, "class": "wb-tickl" }, s.name));
    });
    box.appendChild(chart);
  }

  function loadCharts() {
    fetch(config.today_url, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (!data) { return; }
      barChart(document.getElementById("wb-chart-calls"), label("calls_chart"), data.labels, [
        { name: label("offered"), values: data.offered },
        { name: label("answered"), values: data.answered },
        { name: label("abandoned"), values: data.abandoned }
      ]);
      barChart(document.getElementById("wb-chart-sl"), label("sl_chart"), data.labels, [
        { name: label("service_level"), values: data.service_level }
      ], 100);
    }).catch(function () { /* the next refresh tries again */ });
  }

  // ---- supervisor actions -------------------------------------------------------------------------
  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, body) {
    var result = document.getElementById("wb-result");
    result.textContent = label("sending");
    result.className = "wb-result";
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false, error: response.status + " " + response.statusText }; });
    }).then(function (data) {
      result.textContent = data.ok ? data.message : data.error;
      result.className = "wb-result " + (data.ok ? "wb-ok" : "wb-error");
    }).catch(function (error) {
      result.textContent = label("failed") + ": " + error;
      result.className = "wb-result wb-error";
    });
  }

  function fillQueues(select, names, withAll, disabled) {
    select.textContent = "";
    if (withAll) { select.appendChild(el("option", { value: "", text: label("all_queues") })); }
    names.forEach(function (name) {
      var option = el("option", { value: name, text: name + (disabled && disabled.indexOf(name) >= 0 ? " (" + label("static") + ")" : "") });
      if (disabled && disabled.indexOf(name) >= 0) { option.disabled = true; }
      select.appendChild(option);
    });
  }

  // agentKey: an agent on the board; or entry: a logged-out agent of the roster (in no queue).
  function openDialog(agentKey, entry) {
    var dialog = document.getElementById("wb-dialog");
    var agent = agentKey !== null ? state.agents[agentKey] : null;
    if (!dialog || (!agent && !entry)) { return; }
    var info = agent || { agent_id: entry.agent_id, name: entry.name, extension: entry.extension, state: "logged out",
                          queues: [], dynamic_queues: entry.dynamic_queues, static_queues: entry.static_queues };
    dialogAgent = info;
    var dynamic = info.dynamic_queues || [], statics = info.static_queues || [];
    document.getElementById("wb-dialog-title").textContent = info.name + " (" + info.extension + ")";
    document.getElementById("wb-dialog-sub").textContent = label(info.state) + (info.pause_reason ? " · " + info.pause_reason : "");
    document.getElementById("wb-spy-buttons").hidden = info.state !== "in call";
    fillQueues(document.getElementById("wb-pause-queue"), info.queues, true, null);
    var loggedOut = dynamic.filter(function (name) { return info.queues.indexOf(name) < 0; });
    fillQueues(document.getElementById("wb-login-queue"), loggedOut, loggedOut.length > 1, null);
    document.getElementById("wb-login").disabled = !loggedOut.length;
    var loggedIn = info.queues.filter(function (name) { return dynamic.indexOf(name) >= 0 || statics.indexOf(name) >= 0; });
    var removable = loggedIn.filter(function (name) { return statics.indexOf(name) < 0; });
    fillQueues(document.getElementById("wb-remove-queue"), loggedIn, removable.length > 1, statics);
    document.getElementById("wb-remove").disabled = !removable.length;
    document.getElementById("wb-static-note").hidden = !statics.length;
    document.getElementById("wb-result").textContent = "";
    if (dialog.showModal) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
  }

  // The queue of a select ("" is every queue: sent as all=true).
  function queueChoice(id) {
    var value = document.getElementById(id).value;
    return value ? { queue: value } : { all: true };
  }

  function setupDialog() {
    var dialog = document.getElementById("wb-dialog");
    if (!dialog) { return; }
    var reasons = document.getElementById("wb-pause-reason");
    config.pause_reasons.forEach(function (reason) {
      reasons.appendChild(el("option", { value: reason.code, text: reason.label }));
    });
    dialog.querySelectorAll("[data-spy]").forEach(function (button) {
      button.addEventListener("click", function () {
        post(config.actions.spy, { agent_id: dialogAgent.agent_id, mode: button.dataset.spy });
      });
    });
    document.getElementById("wb-pause").addEventListener("click", function () {
      post(config.actions.pause, { agent_id: dialogAgent.agent_id, paused: true, reason: reasons.value,
                                   queue: document.getElementById("wb-pause-queue").value });
    });
    document.getElementById("wb-unpause").addEventListener("click", function () {
      post(config.actions.pause, { agent_id: dialogAgent.agent_id, paused: false,
                                   queue: document.getElementById("wb-pause-queue").value });
    });
    document.getElementById("wb-login").addEventListener("click", function () {
      post(config.actions.login, Object.assign({ agent_id: dialogAgent.agent_id }, queueChoice("wb-login-queue")));
    });
    document.getElementById("wb-remove").addEventListener("click", function () {
      post(config.actions.remove, Object.assign({ agent_id: dialogAgent.agent_id }, queueChoice("wb-remove-queue")));
    });
    document.getElementById("wb-close").addEventListener("click", function () { dialog.close(); });
  }

  ["wb-filter-team", "wb-filter-queue", "wb-sort"].forEach(function (id) {
    var node = document.getElementById(id);
    if (node) { node.addEventListener("change", scheduleDraw); }
  });
  setupDialog();
  connect();
  loadCharts();
  setInterval(tick, 1000);
  setInterval(loadCharts, 60000);
  // A browser tab that slept may have missed frames: ask for a fresh snapshot when it wakes.
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && socket && socket.readyState === 1) { socket.send(JSON.stringify({ type: "snapshot" })); }
  });
}());
