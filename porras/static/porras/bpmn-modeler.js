// The handbook's diagram editor: bpmn-js modeler (vendored). Save posts the XML with the
// revision it was loaded at, so a concurrent change is refused instead of overwritten.
(function () {
  "use strict";
  var form = document.getElementById("modeler-form");
  var canvas = document.getElementById("diagram-canvas");
  var status = document.getElementById("modeler-status");
  if (!form || typeof BpmnJS === "undefined") { return; }
  var modeler = new BpmnJS({ container: canvas });
  var revision = document.getElementById("modeler-revision");
  var unsaved = false;
  modeler.on("commandStack.changed", function () { unsaved = true; });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) { event.preventDefault(); event.returnValue = ""; }
  });

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error-text" : "";
  }

  fetch(form.dataset.load, { credentials: "same-origin" })
    .then(function (response) { return response.text(); })
    .then(function (xml) { return modeler.importXML(xml); })
    .then(function () {
      var view = modeler.get("canvas");
      view.zoom("fit-viewport", "auto");
      view.zoom(view.zoom() * 0.85, "auto");  // room for the palette on the left
      canvas.dataset.rendered = "true";
    })
    .catch(function () {
      canvas.dataset.rendered = "error";
      say(form.dataset.loadError || "", true);
    });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    modeler.saveXML({ format: true }).then(function (result) {
      var data = new FormData(form);
      data.set("xml", result.xml);
      return fetch(form.action, { method: "POST", body: data, credentials: "same-origin" });
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (answer.ok) { revision.value = answer.body.revision; unsaved = false; }
      say(answer.body.message, !answer.ok);
      form.dataset.saved = answer.ok ? "true" : "false";
    }).catch(function () {
      say(form.dataset.saveError || "", true);
      form.dataset.saved = "false";
    });
  });
}());
