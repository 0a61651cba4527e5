const express = require('express');
const fs = require('fs');
const path = require('path');
const app = express();
const UPLOADS = path.join(__dirname, 'uploads');

app.get('/files/:name', (req, res) => {
  const file = path.join(UPLOADS, req.params.name);
  // ruleid: js-path-traversal-from-request
  fs.readFile(file, (err, data) => res.send(data));
});

app.get('/download', (req, res) => {
  // ruleid: js-path-traversal-from-request
  res.sendFile(path.join(__dirname, 'public', req.query.file));
});

app.get('/report', (req, res) => {
  // ruleid: js-path-traversal-from-request
  res.download(`${UPLOADS}/${req.query.name}`);
});

app.post('/notes', async (req, res) => {
  const target = UPLOADS + '/' + req.body.filename;
  // ruleid: js-path-traversal-from-request
  await fs.promises.writeFile(target, req.body.content);
  res.sendStatus(201);
});

app.delete('/files/:name', (req, res) => {
  // ruleid: js-path-traversal-from-request
  fs.unlinkSync(path.resolve(UPLOADS, req.params.name));
  res.sendStatus(204);
});

app.get('/safe/:name', (req, res) => {
  const name = path.basename(req.params.name);
  // ok: js-path-traversal-from-request
  fs.readFile(path.join(UPLOADS, name), (err, data) => res.send(data));
});

app.get('/safe-root', (req, res) => {
  // ok: js-path-traversal-from-request
  res.sendFile(req.query.file, { root: path.join(__dirname, 'public') });
});

app.get('/safe-check/:name', (req, res) => {
  const p = path.resolve(UPLOADS, req.params.name);
  if (!p.startsWith(UPLOADS + path.sep)) {
    return res.sendStatus(403);
  }
  // ok: js-path-traversal-from-request
  fs.createReadStream(p).pipe(res);
});

app.get('/static', (req, res) => {
  // ok: js-path-traversal-from-request
  res.sendFile(path.join(__dirname, 'public', 'index.html'));
  // ok: js-path-traversal-from-request
  fs.readFile(path.join(__dirname, 'config.json'), 'utf8', () => {});
});
