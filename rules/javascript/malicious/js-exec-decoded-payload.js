const vm = require('vm');
const crypto = require('crypto');
const zlib = require('zlib');

const blob = 'cmVxdWlyZSgiY2hpbGRfcHJvY2VzcyIpLmV4ZWMoImlkIik=';
// ruleid: js-exec-decoded-payload
eval(Buffer.from(blob, 'base64').toString('utf8'));

// ruleid: js-exec-decoded-payload
new Function(atob('YWxlcnQoZG9jdW1lbnQuY29va2llKQ=='))();

// ruleid: js-exec-decoded-payload
eval(String.fromCharCode(97, 108, 101, 114, 116, 40, 49, 41));

function loadHidden(key, iv, enc) {
  const decipher = crypto.createDecipheriv('aes-256-cbc', key, iv);
  const code = decipher.update(enc, 'hex', 'utf8') + decipher.final('utf8');
  // ruleid: js-exec-decoded-payload
  vm.runInThisContext(code);
}

function unpack(packed) {
  const src = zlib.inflateSync(Buffer.from(packed, 'base64')).toString();
  // ruleid: js-exec-decoded-payload
  module._compile(src, 'x.js');
}

// ok: js-exec-decoded-payload
const config = JSON.parse(Buffer.from(process.env.CONFIG_B64, 'base64').toString());
// ok: js-exec-decoded-payload
const img = Buffer.from(blob, 'base64');
// ok: js-exec-decoded-payload
const label = String.fromCharCode(65 + 2);
// ok: js-exec-decoded-payload
vm.runInNewContext('a + b', { a: 1, b: 2 });
