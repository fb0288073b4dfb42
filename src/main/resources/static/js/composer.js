// The composer's segment count, as the person types: GSM-7 is 160 characters in one segment and 153
// per part (the extension characters count twice); anything else is UCS-2, 70 and 67. The server
// counts again on send.
(function () {
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
      "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "^{}\\[~]|€\f";

  function segments(text) {
    var septets = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (BASIC.indexOf(c) >= 0) { septets += 1; }
      else if (EXTENSION.indexOf(c) >= 0) { septets += 2; }
      else { return text.length <= 70 ? 1 : Math.ceil(text.length / 67); }
    }
    if (septets === 0) { return 0; }
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.querySelector("[data-segments-for]");
    var output = document.getElementById("segment-count");
    if (!body || !output) { return; }
    function update() {
      var count = segments(body.value);
      output.textContent = count === 1 ? "1 segment" : count + " segments";
    }
    body.addEventListener("input", update);
    update();
  });
})();

// Files go with Secure Chat only: choosing one selects Secure Chat (the server enforces it too), and a
// message with a file may have no text.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var file = document.querySelector("[data-attach-secure-chat]");
    if (!file) { return; }
    var body = document.querySelector("[data-required-without-file]");
    file.addEventListener("change", function () {
      var chosen = file.files && file.files.length > 0;
      if (chosen) {
        var secure = file.form.querySelector("input[name=mode][value=SECURE_CHAT]");
        if (secure) { secure.checked = true; }
      }
      if (body) { body.required = !chosen; }
    });
  });
})();
