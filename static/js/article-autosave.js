// Unsaved work survives (issue 10): while an editor types, the article change form keeps a
// copy in localStorage, keyed by user and article ("new" for a new one). After a crash or a
// closed tab the form offers to restore it, saying when it was saved. Submitting the form
// sets the copy aside; it is dropped once the save succeeded and kept when the form comes
// back with errors. Leaving the form with unsaved changes asks first (beforeunload).
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("#article_form") || document.querySelector("#content-main form");
  if (!script || !form || !window.localStorage) return;

  var key = "portal-autosave:article:" + script.dataset.user + ":" + (script.dataset.object || "new");
  var submittedKey = key + ":submitted";
  var editor = null; // the body's rich-text editor, once it is ready
  var saving = null;
  var submitting = false;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (element) {
      if (!element.name || element.disabled) return false;
      if (element.name === "csrfmiddlewaretoken" || /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(element.name)) return false;
      var type = (element.type || "").toLowerCase();
      return ["file", "submit", "button", "hidden", "password"].indexOf(type) === -1;
    });
  }

  function read() {
    var values = {};
    fields().forEach(function (element) {
      var type = (element.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        if (element.checked) (values[element.name] = values[element.name] || []).push(element.value);
        else values[element.name] = values[element.name] || [];
      } else if (element.multiple) {
        values[element.name] = Array.prototype.filter.call(element.options, function (o) {
          return o.selected;
        }).map(function (o) {
          return o.value;
        });
      } else {
        values[element.name] = element.value;
      }
    });
    if (editor && form.elements.body) values.body = editor.getHTML();
    return values;
  }

  function write(values) {
    fields().forEach(function (element) {
      if (!(element.name in values)) return;
      var value = values[element.name];
      var type = (element.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") element.checked = value.indexOf(element.value) !== -1;
      else if (element.multiple) {
        Array.prototype.forEach.call(element.options, function (o) {
          o.selected = value.indexOf(o.value) !== -1;
        });
      } else element.value = value;
      element.dispatchEvent(new Event("change", { bubbles: true }));
    });
    if (editor && "body" in values) editor.commands.setContent(values.body, true);
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function load(storageKey) {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (error) {
      return null;
    }
  }

  var initial = null; // what the server sent: "unsaved changes" are changes from it

  function save() {
    saving = null;
    var values = read();
    if (initial && same(values, initial)) return;
    try {
      localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), values: values }));
    } catch (error) {
      /* storage full or disabled: nothing to do, the form itself still works */
    }
  }

  function schedule() {
    if (saving) clearTimeout(saving);
    saving = setTimeout(save, 400);
  }

  function formatTime(iso) {
    var date = new Date(iso);
    function two(n) {
      return (n < 10 ? "0" : "") + n;
    }
    return (
      date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) + " " +
      two(date.getHours()) + ":" + two(date.getMinutes()) + ":" + two(date.getSeconds())
    );
  }

  function offer(copy, storageKey) {
    var box = document.createElement("div");
    box.className = "autosave-offer messagelist";
    box.setAttribute("role", "alert");
    box.innerHTML =
      '<p class="warning">本页有一份未保存的内容（自动保存于 <time></time>）。' +
      ' <button type="button" class="button" data-autosave="restore">恢复</button>' +
      ' <button type="button" class="button" data-autosave="discard">丢弃</button></p>';
    box.querySelector("time").textContent = formatTime(copy.savedAt);
    box.querySelector("time").setAttribute("datetime", copy.savedAt);
    box.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-autosave");
      if (!action) return;
      if (action === "restore") {
        write(copy.values);
        localStorage.setItem(key, JSON.stringify(copy));
      } else {
        localStorage.removeItem(key);
      }
      if (storageKey !== key) localStorage.removeItem(storageKey);
      box.remove();
    });
    form.parentNode.insertBefore(box, form);
  }

  function start() {
    initial = read();
    var failed = document.querySelector(".errornote, .errorlist");
    var saved = document.querySelector(".messagelist .success");
    var submitted = load(submittedKey);
    if (submitted && failed) {
      // The save did not go through: the posted text is on the page; keep the copy.
      localStorage.setItem(key, JSON.stringify(submitted));
      localStorage.removeItem(submittedKey);
    } else if (submitted && (saved || same(submitted.values, initial))) {
      localStorage.removeItem(submittedKey);
      submitted = null;
    }
    if (saved) localStorage.removeItem(key.replace(/:[^:]+$/, ":new") + ":submitted");
    var copy = load(key);
    if (copy && !failed && !same(copy.values, initial)) offer(copy, key);
    else if (submitted && !failed && !same(submitted.values, initial)) offer(submitted, submittedKey);
    else if (copy && !failed && same(copy.values, initial)) localStorage.removeItem(key);

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function () {
      submitting = true;
      if (saving) clearTimeout(saving);
      localStorage.setItem(submittedKey, JSON.stringify({ savedAt: new Date().toISOString(), values: read() }));
      localStorage.removeItem(key);
    });
    window.addEventListener("beforeunload", function (event) {
      // After a refused save, what the page shows was never saved: leaving loses it.
      if (submitting || (!failed && same(read(), initial))) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  // The body editor starts asynchronously; wait for it (or not, if the page has none).
  var started = false;
  function begin() {
    if (started) return;
    started = true;
    start();
  }
  document.addEventListener("prose-editor:ready", function (event) {
    if (event.detail && event.detail.textarea && event.detail.textarea.name === "body") {
      editor = event.detail.editor;
      editor.on("update", schedule);
      begin();
    }
  });
  window.addEventListener("load", function () {
    if (!form.elements.body) begin();
    setTimeout(begin, 3000); // the editor failed to start: autosave the plain fields anyway
  });
})();
