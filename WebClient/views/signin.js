// The sign-in form: SIP address and password. Refusals from the directory are shown in plain words.
import { h, toSipUri } from '../dom.js';
import { describeError } from '../errors.js';

/** Shows the form in `container`. `message`: a reason to show at once (e.g. the session expired). */
export function mountSignIn(container, { session, message, lastUser }) {
  const error = h('p', { id: 'sign-in-error', class: 'form-error', attrs: { role: 'alert' } });
  const user = h('input', {
    id: 'sign-in-user', name: 'user', type: 'text', required: true, value: lastUser || '',
    attrs: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', inputmode: 'email', placeholder: 'sip:name@contoso.com' },
  });
  const password = h('input', {
    id: 'sign-in-password', name: 'password', type: 'password', required: true, attrs: { autocomplete: 'current-password' },
  });
  const submit = h('button', { type: 'submit', class: 'button-primary', text: 'Sign in' });
  let countdown = 0;

  const showError = (text) => { error.textContent = text; error.hidden = !text; };
  showError(message || '');

  const form = h('form', { id: 'sign-in', class: 'signin-card', noValidate: true, attrs: { 'aria-labelledby': 'sign-in-title' } },
    h('div', { class: 'signin-logo', attrs: { 'aria-hidden': 'true' } }),
    h('h1', { id: 'sign-in-title', text: 'Sign in to Persistent Chat' }),
    h('p', { class: 'muted', text: 'Use your SIP address and directory password.' }),
    h('div', { class: 'field' }, h('label', { htmlFor: 'sign-in-user', text: 'SIP address' }), user),
    h('div', { class: 'field' }, h('label', { htmlFor: 'sign-in-password', text: 'Password' }), password),
    error,
    submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearTimeout(countdown);
    const address = toSipUri(user.value);
    if (!address || address === 'sip:') { showError('Enter your SIP address, e.g. sip:alice@contoso.com.'); user.focus(); return; }
    if (!password.value) { showError('Enter your password.'); password.focus(); return; }
    showError('');
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    form.setAttribute('aria-busy', 'true');
    try {
      await session.signIn(address, password.value);
      password.value = '';
    } catch (refusal) {
      showError(describeError(refusal));
      if (refusal.detail === 'identity.throttled' && refusal.retryAfterMs) tickThrottle(refusal.retryAfterMs);
      if (refusal.detail === 'identity.wrongPassword') { password.select(); password.focus(); }
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in';
      form.removeAttribute('aria-busy');
    }
  });

  // Says when waiting is over (the alert is not rewritten every second: screen readers would read each one).
  function tickThrottle(ms) {
    countdown = setTimeout(() => showError('You can try again now.'), ms);
  }

  container.replaceChildren(form);
  (user.value ? password : user).focus();
  return { unmount() { clearTimeout(countdown); container.replaceChildren(); } };
}
