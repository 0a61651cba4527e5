function scheduleRefresh(widgetId, delay) {
  // ruleid: js-settimeout-string
  setTimeout("refreshWidget('" + widgetId + "')", delay);
  // ruleid: js-settimeout-string
  window.setInterval(`poll(${widgetId})`, 5000);
  // ruleid: js-settimeout-string
  setTimeout('location.reload()', 30000);
  // ruleid: js-settimeout-string
  setInterval(callbackName + '()', 1000);
}

function safeSchedule(widgetId, delay, tick) {
  // ok: js-settimeout-string
  setTimeout(() => refreshWidget(widgetId), delay);
  // ok: js-settimeout-string
  const timer = setInterval(tick, 1000);
  // ok: js-settimeout-string
  setTimeout(function () { location.reload(); }, 30000);
  // ok: js-settimeout-string
  setTimeout(refreshWidget, delay, widgetId);
  // ok: js-settimeout-string
  clearTimeout(timer);
}

function retry(fn, url) {
  // ok: js-settimeout-string
  setTimeout(() => {
    fn(new Error('network timeout at: ' + url));
  }, 1000);
  // ok: js-settimeout-string
  window.setTimeout(function () { console.log(`retrying ${url}`); }, 500);
}
