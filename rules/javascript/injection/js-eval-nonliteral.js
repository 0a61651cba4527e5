const vm = require('vm');

function calculate(req, res) {
  // ruleid: js-eval-nonliteral
  const result = eval(req.body.expression);
  res.json({ result });
}

function makeFilter(expr) {
  // ruleid: js-eval-nonliteral
  return new Function('row', `return ${expr};`);
}

function runPlugin(code, ctx) {
  // ruleid: js-eval-nonliteral
  vm.runInNewContext(code, ctx, { timeout: 1000 });
  // ruleid: js-eval-nonliteral
  const script = new vm.Script(code);
  // ruleid: js-eval-nonliteral
  vm.runInThisContext('(' + code + ')');
  return script;
}

function loadConfig(text) {
  // ruleid: js-eval-nonliteral
  return eval('(' + text + ')');
}

function safe(text) {
  // ok: js-eval-nonliteral
  const cfg = JSON.parse(text);
  // ok: js-eval-nonliteral
  const add = new Function('a', 'b', 'return a + b');
  // ok: js-eval-nonliteral
  vm.runInNewContext('x + 1', { x: 2 });
  // ok: js-eval-nonliteral
  const handlers = { sum: (a, b) => a + b };
  // ok: js-eval-nonliteral
  const evaluate = (node) => node.value;
  // ok: js-eval-nonliteral
  evaluate(cfg);
  return [cfg, add, handlers];
}
