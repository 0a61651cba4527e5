const cp = require('child_process');
const { exec, execSync, spawn, execFile } = require('node:child_process');
const express = require('express');
const app = express();

app.get('/ping', (req, res) => {
  // ruleid: js-child-process-command-injection
  cp.exec(`ping -c 1 ${req.query.host}`, (err, stdout) => res.send(stdout));
});

function archive(dir, cb) {
  // ruleid: js-child-process-command-injection
  exec('tar -czf backup.tgz ' + dir, cb);
}

function runUserCommand(cmd) {
  // ruleid: js-child-process-command-injection
  return execSync(cmd).toString();
}

function gitLog(branch) {
  // ruleid: js-child-process-command-injection
  return require('child_process').execSync(`git log --oneline ${branch}`, { encoding: 'utf8' });
}

function convert(file) {
  // ruleid: js-child-process-command-injection
  spawn(`convert ${file} out.png`, { shell: true });
  // ruleid: js-child-process-command-injection
  spawn('ls', ['-la', file], { shell: true, stdio: 'inherit' });
  // ruleid: js-child-process-command-injection
  spawn('sh', ['-c', `unzip ${file} -d /tmp/out`]);
  // ruleid: js-child-process-command-injection
  execFile('cmd.exe', ['/c', 'type ' + file], (e, out) => console.log(out));
}

function safe(file, cb) {
  // ok: js-child-process-command-injection
  exec('ls -la /var/log', cb);
  // ok: js-child-process-command-injection
  execSync(`git rev-parse HEAD`);
  // ok: js-child-process-command-injection
  execFile('git', ['log', '--oneline', file], cb);
  // ok: js-child-process-command-injection
  spawn('convert', [file, 'out.png']);
  // ok: js-child-process-command-injection
  spawn('npm', ['install'], { shell: true });
  // ok: js-child-process-command-injection
  spawn(tool, [file], { shell: false });
  // ok: js-child-process-command-injection
  const m = /^(\d+)-(\w+)$/.exec(file);
  // ok: js-child-process-command-injection
  const match = pattern.exec(line);
  // ok: js-child-process-command-injection
  db.exec(migrationSql);
  // ok: js-child-process-command-injection
  spawn('sh', ['-c', 'echo ready']);
  return m && match;
}
