// Forms that lose nothing and do nothing twice:
// - after a refused save the error summary at the top gets the focus (and is in view);
// - a form being sent ignores a second submit (a double click), and its buttons wait;
// - leaving a page with input not yet saved asks first (also after a refused save);
// - a form (or the pressed button) marked data-confirm asks before it is sent.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }
  var dirty = Boolean(summary);
  var leaving = false;

  function watched(form) {
    return form && form.method.toLowerCase() === "post" && !form.hasAttribute("data-no-unsaved-warning");
  }

  function release(form) {
    delete form.dataset.sending;
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-disabled");
    });
  }

  document.addEventListener("input", function (event) {
    if (watched(event.target.form)) { dirty = true; }
  });
  document.addEventListener("change", function (event) {
    if (watched(event.target.form)) { dirty = true; }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    // A step that cannot be undone (retiring, removing, completing) asks once more.
    var question = (event.submitter && event.submitter.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    leaving = true;
    // After the browser has taken the pressed button's value into the form's data.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // A page shown again from the back/forward cache must be usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      leaving = false;
      document.querySelectorAll("form[data-sending]").forEach(release);
    }
  });
}());
