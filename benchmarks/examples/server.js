// An Express handler a model wrote for "convert an uploaded image"
const express = require('express');
const { exec } = require('child_process');
const app = express();

app.get('/convert', (req, res) => {
  exec(`convert uploads/${req.query.file} -resize 50% out.png`, (err) => {
    res.send(err ? 'failed' : 'ok');
  });
});

app.listen(3000);
