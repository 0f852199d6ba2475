// Builds a report in the background and follows its progress until the file is ready.
(function () {
  "use strict";
  const button = document.getElementById("run-in-background");
  if (!button) { return; }
  const bar = document.getElementById("run-progress");
  const link = document.getElementById("run-file");
  const error = document.getElementById("run-error");
  const csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";

  function poll(url) {
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (run) {
        bar.value = run.progress;
        if (run.status === "done" && run.file_url) {
          link.href = run.file_url;
          link.hidden = false;
          bar.value = 100;
        } else if (run.status === "failed") {
          error.textContent = run.error;
        } else {
          window.setTimeout(function () { poll(url); }, 1000);
        }
      });
  }

  button.addEventListener("click", function () {
    const data = new FormData(document.getElementById("report-filter"));
    data.append("kind", button.dataset.kind);
    data.append("fmt", "pdf");
    bar.hidden = false;
    bar.value = 0;
    link.hidden = true;
    error.textContent = "";
    fetch(button.dataset.startUrl, {
      method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRFToken": csrf },
    })
      .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
      .then(function (result) {
        if (!result[0]) { error.textContent = JSON.stringify(result[1].errors); return; }
        poll(result[1].status_url);
      });
  });
}());
