// pages/login.js - the log-in page: labelled login and password fields, the
// server's message on failure (wrong password, throttled: 429 with Retry-After),
// then the dashboard (or the page the user was going to, ?next=#/...).
// Not for: sessions or throttling rules (src/auth on the server).
import { api } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { el, field, errorBox } from '../ui.js';

addStrings({
  vi: {
    'login.title': 'Đăng nhập', 'login.login': 'Tên đăng nhập', 'login.password': 'Mật khẩu',
    'login.submit': 'Đăng nhập', 'login.busy': 'Đang đăng nhập…',
    'login.intro': 'Hệ thống theo dõi chỉ tiêu phát triển kinh tế - xã hội.',
    'login.throttled': 'Tạm khóa đăng nhập vì sai quá nhiều lần.',
    'login.retry': 'Thử lại sau {s} giây.',
    'login.missing': 'Hãy nhập tên đăng nhập và mật khẩu.',
  },
  en: {
    'login.title': 'Log in', 'login.login': 'User name', 'login.password': 'Password',
    'login.submit': 'Log in', 'login.busy': 'Logging in…',
    'login.intro': 'Tracking of socio-economic development targets.',
    'login.throttled': 'Logging in is blocked for a while after too many failures.',
    'login.retry': 'Try again in {s} seconds.',
    'login.missing': 'Enter your user name and password.',
  },
});

export async function render(root, ctx) {
  const user = el('input', { name: 'login', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = el('div', { class: 'login-msg' });
  const submit = el('button', { type: 'submit', class: 'primary' }, t('login.submit'));
  const form = el('form', { class: 'login-form', novalidate: true, 'aria-labelledby': 'login-h' },
    field(t('login.login'), user), field(t('login.password'), pass), msg, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.replaceChildren();
    for (const i of [user, pass]) i.removeAttribute('aria-invalid');
    if (!user.value.trim() || !pass.value) {
      msg.append(errorBox({ message: t('login.missing') }));
      (user.value.trim() ? pass : user).setAttribute('aria-invalid', 'true');
      (user.value.trim() ? pass : user).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
      const ans = await api.send('POST', '/api/login', { login: user.value.trim(), password: pass.value });
      await ctx.loggedIn(ans);
      const next = ctx.params.get('next');
      if (next && next.startsWith('#/') && !next.startsWith('#/login')) ctx.openHash(next);
      else ctx.go('dashboard');
    } catch (e) {
      submit.disabled = false;
      submit.textContent = t('login.submit');
      const shown = e.status === 429
        ? { message: `${t('login.throttled')} ${e.retryAfter ? t('login.retry', { s: e.retryAfter }) + ' ' : ''}(${e.message})` }
        : e;
      msg.append(errorBox(shown, form));
      pass.value = '';
      if (!e.field) pass.focus();
    }
  });
  root.append(el('section', { class: 'login-box' },
    el('h1', { id: 'login-h' }, t('login.title')),
    el('p', null, t('login.intro')), form));
  user.focus();
}
