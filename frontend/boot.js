// Until the app has loaded: the sign-in page shows the page's own form (told where to go
// next, and why the last try was sent back: a wrong password, a code needed, a lock, a
// failed single sign-on) instead of "Loading…", and offers the agency's identity providers
// for the typed address. After an identity provider's sign-in that still needs ConfiTrek's
// own code (`?sso_code=1`) it shows the code form instead. A file, not an inline script, so
// that the page's Content-Security-Policy needs no exception for it.
// The same sentences as `confitrek_types::sso_error_message` (a test of the app compares them).
var SSO_ERRORS = {
  no_email: "The identity provider did not share your e-mail address with ConfiTrek. Ask your administrator to check the provider's settings.",
  email_not_verified: 'The identity provider has not verified your e-mail address, so ConfiTrek cannot use it to sign you in.',
  domain_not_allowed: 'Your e-mail address is not of a domain your agency signs in with through this provider.',
  no_account: "There is no ConfiTrek login for your e-mail address. Ask your agency's administrator to invite you.",
  account_disabled: "Your ConfiTrek login is switched off. Ask your agency's administrator.",
  locked: "Your account is locked after too many attempts. Wait a few minutes, or ask your agency's administrator to release it.",
  cancelled: 'Sign-in was cancelled at the identity provider.',
  expired: 'That sign-in link has expired or was already used. Start again.',
  provider_unavailable: 'The identity provider could not be reached or answered in a way ConfiTrek cannot use. Try again, or sign in with your password.',
  rejected: "The identity provider's answer could not be verified, so you were not signed in.",
  code_failed: 'Too many wrong codes. Start again.',
  failed: 'Sign-in through your identity provider failed. Try again, or sign in with your password.',
};

// Asks which providers serve the typed address's domain (only the domain is sent) and puts
// a "Sign in with …" link for each under the field.
function offerProviders(email, box, next) {
  var asked = '';
  function domainOf(value) {
    var at = value.lastIndexOf('@');
    var domain = at < 0 ? '' : value.slice(at + 1).trim().toLowerCase();
    return domain.indexOf('.') > 0 ? domain : '';
  }
  function show(providers) {
    box.querySelectorAll('a').forEach(function (a) { a.remove(); });
    providers.forEach(function (p) {
      var link = document.createElement('a');
      link.className = 'button';
      // A page of the server, not of the app: the app's router must let the browser go.
      link.rel = 'external';
      link.href = '/api/v1/auth/sso/' + encodeURIComponent(p.id) + '/start' +
        (next ? '?next=' + encodeURIComponent(next) : '');
      link.textContent = 'Sign in with ' + p.display_name;
      box.appendChild(link);
    });
    box.hidden = providers.length === 0;
  }
  function ask() {
    var domain = domainOf(email.value);
    if (domain === asked) return;
    asked = domain;
    if (!domain) return show([]);
    fetch('/api/v1/auth/sso/discover', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: '@' + domain }),
    })
      .then(function (r) { return r.ok ? r.json() : { providers: [] }; })
      .then(function (found) { if (asked === domain) show(found.providers || []); })
      .catch(function () { show([]); });
  }
  var timer;
  email.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 300);
  });
  email.addEventListener('change', ask);
  ask();
}

(function () {
  if (location.pathname !== '/login') return;
  var query = new URLSearchParams(location.search);
  if (query.get('sso_code') === '1') {
    document.getElementById('boot-sso-wrong').hidden = query.get('wrong') !== '1';
    document.getElementById('boot-sso-code').hidden = false;
    document.getElementById('boot-loading').remove();
    return;
  }
  var next = query.get('next') || '';
  document.getElementById('boot-next').value = next;
  document.getElementById('boot-failed').hidden = query.get('failed') !== '1';
  document.getElementById('boot-needs-code').hidden = query.get('code') !== '1';
  document.getElementById('boot-locked').hidden = query.get('locked') !== '1';
  var ssoError = query.get('sso_error');
  if (ssoError) {
    document.getElementById('boot-sso-error-detail').textContent =
      SSO_ERRORS[ssoError] || SSO_ERRORS.failed;
    document.getElementById('boot-sso-error').hidden = false;
  }
  document.getElementById('boot-login').hidden = false;
  document.getElementById('boot-loading').remove();
  offerProviders(document.getElementById('boot-email'), document.getElementById('boot-sso'), next);
})();
