const https = require('https');
const axios = require('axios');
const tls = require('tls');

// ruleid: js-tls-verification-disabled
const agent = new https.Agent({ rejectUnauthorized: false });
axios.get('https://internal.example.com/api', { httpsAgent: agent });

// ruleid: js-tls-verification-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

function connect(host) {
  // ruleid: js-tls-verification-disabled
  return tls.connect(443, host, { servername: host, rejectUnauthorized: false });
}

function legacy(request) {
  // ruleid: js-tls-verification-disabled
  request({ url: 'https://self-signed.local', strictSSL: false }, () => {});
}

function custom(host) {
  // ruleid: js-tls-verification-disabled
  return tls.connect({ host, port: 8443, checkServerIdentity: () => undefined });
}

const fs = require('fs');
// ok: js-tls-verification-disabled
const goodAgent = new https.Agent({ ca: fs.readFileSync('/etc/ssl/internal-ca.pem') });
// ok: js-tls-verification-disabled
const strict = new https.Agent({ rejectUnauthorized: true, keepAlive: true });
// ok: js-tls-verification-disabled
const tlsFlag = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
// ok: js-tls-verification-disabled
const opts = { rejectUnauthorized: process.env.NODE_ENV === 'production', keepAlive: true };
// ok: js-tls-verification-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';
