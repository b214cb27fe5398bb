// "Use a passkey" on the sign-in page: allauth's WebAuthn login form, wired without an
// inline script so the page keeps a strict Content-Security-Policy.
document.addEventListener('DOMContentLoaded', function () {
  if (window.allauth && document.getElementById('passkey_login')) {
    window.allauth.webauthn.forms.loginForm({
      ids: { login: 'passkey_login', credential: 'mfa_credential' }
    })
  }
})
