// The idle warning of the admin (issue 22). A staff session ends after STAFF_SESSION_IDLE_SECONDS
// without a request; STAFF_SESSION_WARNING_SECONDS before that this shows a box with a
// countdown and "keep working", which asks the server to count the click as activity. The
// page is never reloaded, so a half-filled form stays as it is (the article form also keeps
// its autosave copy). When the session has ended, saving is held back and the box offers a
// login in a new tab; back on this tab, the form's CSRF token is renewed so the save works.
// The server is asked for the time left (accounts:session, which is not activity), so work
// in another tab keeps this one from warning.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var data = script.dataset;
  var warning = Number(data.warning);
  var timer = null;
  var ticker = null;
  var box = null;
  var expired = false;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function ask(url, method) {
    var headers = { "X-Requested-With": "fetch", Accept: "application/json" };
    if (method === "POST") headers["X-CSRFToken"] = csrfToken();
    return fetch(url, { method: method || "GET", credentials: "same-origin", cache: "no-store", headers: headers }).then(
      function (response) {
        return response.json();
      }
    );
  }

  function schedule(seconds) {
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(1, seconds) * 1000);
  }

  function hide() {
    clearInterval(ticker);
    if (box) box.hidden = true;
  }

  function show(text, button, onClick, link) {
    if (!box) {
      box = document.createElement("div");
      box.className = "session-warning";
      box.id = "session-warning";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-live", "assertive");
      document.body.appendChild(box);
    }
    box.textContent = "";
    var message = document.createElement("p");
    message.textContent = text;
    box.appendChild(message);
    if (button) {
      var action = document.createElement("button");
      action.type = "button";
      action.className = "button default";
      action.textContent = button;
      action.addEventListener("click", onClick);
      box.appendChild(action);
      action.focus();
    }
    if (link) {
      var anchor = document.createElement("a");
      anchor.href = data.login;
      anchor.target = "_blank";
      anchor.rel = "noopener";
      anchor.className = "button";
      anchor.textContent = link;
      box.appendChild(anchor);
    }
    box.hidden = false;
    return message;
  }

  function clock(seconds) {
    var s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function warn(left) {
    var deadline = Date.now() + left * 1000;
    var message = show(data.textWarning.replace("%(time)s", clock(left)), data.textContinue, keepWorking);
    clearInterval(ticker);
    ticker = setInterval(function () {
      var rest = (deadline - Date.now()) / 1000;
      message.textContent = data.textWarning.replace("%(time)s", clock(rest));
      if (rest <= 0) {
        clearInterval(ticker);
        check();
      }
    }, 1000);
  }

  function ended() {
    expired = true;
    clearInterval(ticker);
    show(data.textExpired, null, null, data.textLogin);
  }

  function resume(state) {
    if (!state.authenticated) return ended();
    if (state.idle_remaining > warning) {
      hide();
      schedule(state.idle_remaining - warning);
    } else {
      warn(state.idle_remaining);
    }
  }

  function check() {
    ask(data.status).then(resume, function () {
      schedule(30);
    });
  }

  function keepWorking() {
    ask(data.keepalive, "POST").then(resume, function () {
      schedule(30);
    });
  }

  // Back from logging in on another tab: carry on with this form.
  window.addEventListener("focus", function () {
    if (!expired) return;
    ask(data.status).then(function (state) {
      if (!state.authenticated) return;
      expired = false;
      var token = csrfToken();
      Array.prototype.forEach.call(document.querySelectorAll("input[name=csrfmiddlewaretoken]"), function (input) {
        input.value = token;
      });
      resume(state);
    });
  });

  // A save sent after the session ended would be lost on the login page: hold it back.
  document.addEventListener(
    "submit",
    function (event) {
      if (!expired) return;
      event.preventDefault();
      ended();
    },
    true
  );

  // "Last seen" is kept to the minute on the server: ask a minute early.
  schedule(Number(data.idle) - warning - 60);
})();
