/* The agent page: polls the agent's own live state every two seconds and shows the caller's CRM card. */
(function () {
  "use strict";
  var configNode = document.getElementById("wb-agent-config");
  if (!configNode) { return; }
  var config = JSON.parse(configNode.textContent);
  var L = config.labels;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function render(data) {
    var stateNode = document.getElementById("wb-my-state");
    stateNode.textContent = L[data.state] || data.state;
    stateNode.dataset.state = data.state;
    document.getElementById("wb-my-reason").textContent = data.pause_reason ? "(" + data.pause_reason + ")" : "";
    var box = document.getElementById("wb-my-caller");
    box.textContent = "";
    if (!data.caller) { box.appendChild(el("p", L.no_call, "wb-muted")); return; }
    box.appendChild(el("p", data.caller.number + " " + (data.caller.name || "") + " · " + data.caller.queue));
    var lookup = data.lookup || {};
    if (lookup.contact) {
      box.appendChild(el("p", lookup.contact.name + (lookup.contact.company ? " — " + lookup.contact.company : ""), "wb-contact"));
      if (lookup.contact.tier) { box.appendChild(el("p", lookup.contact.tier, "wb-tier")); }
      if (lookup.contact.notes) { box.appendChild(el("p", lookup.contact.notes, "wb-muted")); }
    } else {
      box.appendChild(el("p", L.unknown_caller, "wb-muted"));
    }
    if (lookup.crm_url) {
      // The queue's external CRM, opened on the caller's number (the server built and encoded the URL).
      var link = el("a", L.open_crm, "wb-crm-link");
      link.href = lookup.crm_url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      box.appendChild(el("p")).appendChild(link);
    }
    var list = el("ul", null, "wb-last-calls");
    (lookup.last_calls || []).forEach(function (call) {
      list.appendChild(el("li", call.when + " · " + call.queue + " · " + (call.agent || "") + " · " + call.outcome));
    });
    box.appendChild(list);
  }

  function poll() {
    fetch(config.state_url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* next poll */ });
  }
  poll();
  setInterval(poll, 2000);
}());
