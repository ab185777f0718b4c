// Until the app has loaded: the sign-in page shows the page's own form (told where to go
// next, and whether the last try failed) instead of "Loading…". A file, not an inline
// script, so that the page's Content-Security-Policy needs no exception for it.
(function () {
  if (location.pathname !== '/login') return;
  var query = new URLSearchParams(location.search);
  document.getElementById('boot-next').value = query.get('next') || '';
  document.getElementById('boot-failed').hidden = query.get('failed') !== '1';
  document.getElementById('boot-login').hidden = false;
  document.getElementById('boot-loading').remove();
})();
