// Tells, while the intake form is being filled, whether the hetu is already a client
// and what is open for them. The form works without it.
(function () {
  "use strict";
  var input = document.getElementById("id_hetu");
  var hint = document.getElementById("hetu-hint");
  if (!input || !hint) { return; }
  var last = "";
  function check() {
    var value = input.value.trim();
    if (value.length !== 11 || value === last) { return; }
    last = value;
    // Posted, never put in a URL: an identity code must not end up in address logs.
    var body = new FormData();
    body.append("hetu", value);
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(hint.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      // 429: too many lookups; the answer says so.
      return response.ok || response.status === 429 ? response.text() : "";
    }).then(function (html) {
      hint.innerHTML = html;
    });
  }
  input.addEventListener("change", check);
  input.addEventListener("input", check);
  // The code may have been typed (or kept from a refused post) before this ran.
  check();
}());
