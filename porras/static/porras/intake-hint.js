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
    fetch(hint.dataset.url + "?hetu=" + encodeURIComponent(value), {
      credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      hint.innerHTML = html;
    });
  }
  input.addEventListener("change", check);
  input.addEventListener("input", check);
  // The code may have been typed (or kept from a refused post) before this ran.
  check();
}());
