function generateToken(length = 32) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) {
    // ruleid: js-insecure-random-token
    out += chars.charAt(Math.floor(Math.random() * chars.length));
  }
  return out;
}

// ruleid: js-insecure-random-token
const sessionId = Math.random().toString(36).slice(2);

// ruleid: js-insecure-random-token
const makeOtp = () => String(Math.floor(100000 + Math.random() * 900000));

async function createUser(db, email) {
  const user = {
    email,
    // ruleid: js-insecure-random-token
    resetCode: Math.random().toString(36).substring(2, 10),
  };
  // ruleid: js-insecure-random-token
  user.apiKey = 'sk_' + Math.random().toString(16).slice(2);
  return db.insert(user);
}

function shuffle(items) {
  for (let i = items.length - 1; i > 0; i--) {
    // ok: js-insecure-random-token
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// ok: js-insecure-random-token
const delayMs = 1000 + Math.random() * 500;

function randomColor() {
  // ok: js-insecure-random-token
  return '#' + Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, '0');
}

function secureToken() {
  // ok: js-insecure-random-token
  return require('crypto').randomBytes(32).toString('hex');
}
