// Until the app has loaded: the sign-in page shows the page's own form (told where to go
// next, and why the last try was sent back: a wrong password, a code needed, a lock)
// instead of "Loading…". A file, not an inline script, so that the page's
// Content-Security-Policy needs no exception for it.
(function () {
  if (location.pathname !== '/login') return;
  var query = new URLSearchParams(location.search);
  document.getElementById('boot-next').value = query.get('next') || '';
  document.getElementById('boot-failed').hidden = query.get('failed') !== '1';
  document.getElementById('boot-needs-code').hidden = query.get('code') !== '1';
  document.getElementById('boot-locked').hidden = query.get('locked') !== '1';
  document.getElementById('boot-login').hidden = false;
  document.getElementById('boot-loading').remove();
})();
