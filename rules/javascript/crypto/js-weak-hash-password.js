const crypto = require('crypto');
const md5 = require('md5');

function hashPassword(password) {
  // ruleid: js-weak-hash-password
  return crypto.createHash('md5').update(password).digest('hex');
}

async function register(db, req) {
  // ruleid: js-weak-hash-password
  const digest = crypto.createHash('sha1').update(req.body.password + SALT).digest('hex');
  await db.users.insert({ email: req.body.email, passwordHash: digest });
}

function checkLogin(user, plainPwd) {
  const h = crypto.createHash('md5');
  // ruleid: js-weak-hash-password
  h.update(plainPwd);
  return h.digest('hex') === user.hash;
}

function legacyHash(userPassword) {
  // ruleid: js-weak-hash-password
  return md5(userPassword);
}

function safe(fileBuffer, password, salt) {
  // ok: js-weak-hash-password
  const etag = crypto.createHash('md5').update(fileBuffer).digest('hex');
  // ok: js-weak-hash-password
  const sha = crypto.createHash('sha256').update(password).digest('hex');
  // ok: js-weak-hash-password
  const key = crypto.scryptSync(password, salt, 64);
  // ok: js-weak-hash-password
  const cacheKey = md5(JSON.stringify(fileBuffer));
  return [etag, sha, key, cacheKey];
}
