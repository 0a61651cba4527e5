function hidden(name) {
  // ruleid: js-obfuscated-module-call
  require('child_' + 'process')['exec' + 'Sync']('id');
  // ruleid: js-obfuscated-module-call
  require('child_' + 'process').execSync('id');
  // ruleid: js-obfuscated-module-call
  require('fs')['unlink' + 'Sync']('/etc/passwd');
  // ruleid: js-obfuscated-module-call
  require('child_process')[name]('id');
}

function honest(name) {
  // ok: js-obfuscated-module-call
  require('child_process').execFileSync('git', ['status']);
  // ok: js-obfuscated-module-call
  require('./plugins/' + name);
  // ok: js-obfuscated-module-call
  require('path')['join']('a', 'b');
  // ok: js-obfuscated-module-call
  handlers['on' + name](event);
}
