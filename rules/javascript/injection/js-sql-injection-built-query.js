const { Pool } = require('pg');
const mysql = require('mysql2/promise');
const pool = new Pool();

async function getUser(req, res) {
  // ruleid: js-sql-injection-built-query
  const { rows } = await pool.query(`SELECT * FROM users WHERE id = ${req.params.id}`);
  res.json(rows[0]);
}

async function search(conn, term, sort) {
  // ruleid: js-sql-injection-built-query
  const [rows] = await conn.execute("SELECT id, name FROM products WHERE name LIKE '%" + term + "%'");
  const sql = `SELECT * FROM orders ORDER BY ${sort}`;
  // ruleid: js-sql-injection-built-query
  const [orders] = await conn.query(sql);
  return [rows, orders];
}

function deleteItem(db, id, cb) {
  // ruleid: js-sql-injection-built-query
  db.run('DELETE FROM items WHERE id = ' + id, cb);
}

async function rawPrisma(prisma, email) {
  // ruleid: js-sql-injection-built-query
  return prisma.$queryRawUnsafe(`SELECT * FROM "User" WHERE email = '${email}'`);
}

function knexRaw(knex, name) {
  // ruleid: js-sql-injection-built-query
  return knex.raw(`UPDATE accounts SET name = '${name}' WHERE active`);
}

async function safe(conn, db, id, term, sql) {
  // ok: js-sql-injection-built-query
  await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  // ok: js-sql-injection-built-query
  await conn.execute('SELECT id, name FROM products WHERE name LIKE ?', [`%${term}%`]);
  // ok: js-sql-injection-built-query
  db.run('DELETE FROM items WHERE id = ?', [id]);
  // ok: js-sql-injection-built-query
  await pool.query(`SELECT count(*) FROM users`);
  // ok: js-sql-injection-built-query
  await db.query(sql`SELECT * FROM users WHERE id = ${id}`);
  // ok: js-sql-injection-built-query
  const value = cache.get(`user:${id}`);
  // ok: js-sql-injection-built-query
  const resp = await axios.get(`https://api.example.com/users/${id}`);
  // ok: js-sql-injection-built-query
  logger.run('Processing ' + term);
  return [value, resp];
}
