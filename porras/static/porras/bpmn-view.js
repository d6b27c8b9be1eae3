// Draws the process diagram with bpmn-js (vendored). The page lists the steps as text
// too, so the diagram is never the only way to read the process. The XML comes from
// data-url, or from an inline JSON script (data-source) in the offline handbook site.
// data-overlays names a JSON script of {element id: text} drawn beside each task (the
// waits of the conformance page; the page lists the same figures as a table).
(function () {
  "use strict";
  var canvas = document.getElementById("diagram-canvas");
  if (!canvas || typeof BpmnJS === "undefined") { return; }
  var viewer = new BpmnJS({ container: canvas });
  var source = canvas.dataset.source && document.getElementById(canvas.dataset.source);
  var loaded = source
    ? Promise.resolve(JSON.parse(source.textContent))
    : fetch(canvas.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.text(); });
  loaded
    .then(function (xml) { return viewer.importXML(xml); })
    .then(function () {
      viewer.get("canvas").zoom("fit-viewport");
      drawOverlays();
      canvas.dataset.rendered = "true";
    })
    .catch(function () {
      canvas.dataset.rendered = "error";
      document.getElementById("diagram-error").hidden = false;
    });

  function drawOverlays() {
    var data = canvas.dataset.overlays && document.getElementById(canvas.dataset.overlays);
    if (!data) { return; }
    var overlays = viewer.get("overlays");
    var registry = viewer.get("elementRegistry");
    var texts = JSON.parse(data.textContent);
    Object.keys(texts).forEach(function (id) {
      if (!registry.get(id)) { return; }
      var badge = document.createElement("span");
      badge.className = "diagram-badge";
      badge.textContent = texts[id];
      overlays.add(id, { position: { bottom: -6, left: 0 }, html: badge });
    });
  }
}());
