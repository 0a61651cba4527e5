function renderComment(comment) {
  const el = document.getElementById('comments');
  // ruleid: js-xss-html-sink
  el.innerHTML = `<p class="comment">${comment.body}</p>`;
  // ruleid: js-xss-html-sink
  el.innerHTML += '<li>' + comment.author + '</li>';
  // ruleid: js-xss-html-sink
  el.insertAdjacentHTML('beforeend', comment.html);
}

function showQuery() {
  const q = new URLSearchParams(location.search).get('q');
  // ruleid: js-xss-html-sink
  document.write('<h1>Results for ' + q + '</h1>');
  // ruleid: js-xss-html-sink
  $('#results').html(q);
  // ruleid: js-xss-html-sink
  document.querySelector('.banner').outerHTML = q;
}

function Bio({ user }) {
  // ruleid: js-xss-html-sink
  return <div dangerouslySetInnerHTML={{ __html: user.bio }} />;
}

function safeRender(comment) {
  const el = document.getElementById('comments');
  // ok: js-xss-html-sink
  el.textContent = comment.body;
  // ok: js-xss-html-sink
  el.innerHTML = '';
  // ok: js-xss-html-sink
  el.innerHTML = DOMPurify.sanitize(comment.html);
  // ok: js-xss-html-sink
  el.insertAdjacentHTML('beforeend', '<hr>');
  // ok: js-xss-html-sink
  document.write('<p>Loading...</p>');
  // ok: js-xss-html-sink
  $('#results').text(comment.body);
  // ok: js-xss-html-sink
  el.appendChild(document.createTextNode(comment.author));
  // ok: js-xss-html-sink
  el.innerHTML = '<li>' + escapeHtml(comment.author) + '</li>';
  // ok: js-xss-html-sink
  el.innerHTML = `<b>${escapeHtml(comment.author)}</b>`;
}
