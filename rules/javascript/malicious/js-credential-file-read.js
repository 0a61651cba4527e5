const fs = require('fs');
const os = require('os');
const path = require('path');

function harvest() {
  const home = os.homedir();
  // ruleid: js-credential-file-read
  const key = fs.readFileSync(path.join(home, '.ssh', 'id_rsa'), 'utf8');
  // ruleid: js-credential-file-read
  const npmrc = fs.readFileSync(`${home}/.npmrc`, 'utf8');
  const awsPath = path.join(home, '.aws', 'credentials');
  // ruleid: js-credential-file-read
  const aws = fs.readFileSync(awsPath, 'utf8');
  const chrome = path.join(process.env.LOCALAPPDATA, 'Google', 'Chrome', 'User Data', 'Default', 'Login Data');
  // ruleid: js-credential-file-read
  fs.copyFileSync(chrome, '/tmp/ld.db');
  return [key, npmrc, aws];
}

async function wallets() {
  // ruleid: js-credential-file-read
  return fs.promises.readFile(path.join(os.homedir(), '.bitcoin', 'wallet.dat'));
}

function safe() {
  // ok: js-credential-file-read
  const pub = fs.readFileSync(path.join(os.homedir(), '.ssh', 'id_rsa.pub'), 'utf8');
  // ok: js-credential-file-read
  const cfg = fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8');
  // ok: js-credential-file-read
  const known = fs.existsSync(path.join(os.homedir(), '.ssh', 'known_hosts'));
  // ok: js-credential-file-read
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  return [pub, cfg, known, pkg];
}
