// pages/notices.js - the logged-in user's notices (#/notices; the bell in the header
// opens it): newest first, unread ones marked, each with its time, text and a link to
// what it is about (opening it marks it read); "mark read" per notice and for all;
// the user's own email address for the same notices by email (PUT /api/me/email),
// whether to get them by email, as one daily digest, and quiet hours (PUT /api/me/notify).
// Not for: choosing who is told (the server does) or the administrator's settings.
import { api } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { el, append, clear, errorBox, loading, field, toast } from '../ui.js';
import { pad2 } from '../fmt.js';

addStrings({
  vi: {
    'notices.title': 'Thông báo', 'notices.unread': '{n} thông báo chưa đọc', 'notices.all_read': 'Không có thông báo chưa đọc.',
    'notices.none': 'Chưa có thông báo nào.', 'notices.mark': 'Đánh dấu đã đọc', 'notices.mark_all': 'Đánh dấu tất cả đã đọc',
    'notices.open': 'Xem', 'notices.new': 'Mới', 'notices.email_title': 'Nhận thông báo qua email',
    'notices.email': 'Địa chỉ email', 'notices.email_hint': 'Để trống để thôi nhận qua email. Thông báo vẫn hiện ở đây.',
    'notices.save': 'Lưu', 'notices.saved': 'Đã lưu lựa chọn nhận thông báo.',
    'notices.email_on': 'Nhận thông báo qua email', 'notices.quiet': 'Giờ yên lặng (không gửi email)',
    'notices.digest': 'Gộp thành một thư mỗi ngày (7 giờ sáng)',
    'notices.quiet_hint': 'Ví dụ 22:00-06:00; để trống nếu không cần. Thư chờ đến hết giờ yên lặng.',
  },
  en: {
    'notices.title': 'Notices', 'notices.unread': '{n} unread', 'notices.all_read': 'No unread notices.',
    'notices.none': 'No notices yet.', 'notices.mark': 'Mark read', 'notices.mark_all': 'Mark all read',
    'notices.open': 'Open', 'notices.new': 'New', 'notices.email_title': 'Notices by email',
    'notices.email': 'Email address', 'notices.email_hint': 'Leave empty to stop emails. Notices still show here.',
    'notices.save': 'Save', 'notices.saved': 'Notification choices saved.',
    'notices.email_on': 'Get notices by email', 'notices.quiet': 'Quiet hours (no emails)',
    'notices.digest': 'One email a day (7 a.m.)',
    'notices.quiet_hint': 'E.g. 22:00-06:00; leave empty for none. Emails wait until the quiet hours end.',
  },
});

/** "dd/mm/yyyy hh:mm" of Unix seconds, in the browser's time zone. */
function when(sec) {
  const d = new Date(sec * 1000);
  return `${pad2(d.getDate())}/${pad2(d.getMonth() + 1)}/${d.getFullYear()} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** Only links inside the app ("/#/task?id=7") are followed; anything else is shown as text. */
function appHash(link) {
  const m = /^\/?(#\/[A-Za-z0-9_/?=&%.,-]*)$/.exec(link || '');
  return m ? m[1] : null;
}

export async function render(root, ctx) {
  const head = el('p', { class: 'notices-summary', role: 'status' });
  const list = el('div', { class: 'notices-list' });
  const markAll = el('button', { type: 'button', class: 'button', name: 'mark-all' }, t('notices.mark_all'));
  append(root, el('h1', null, t('notices.title')), head, el('p', null, markAll), list);

  async function mark(path) {
    try {
      await api.send('POST', path);
      await show();
    } catch (e) {
      list.prepend(errorBox(e));
    }
    ctx.refreshBell?.();
  }

  async function show() {
    loading(list);
    let ans;
    try {
      ans = await api.get('/api/notices', { limit: 100 });
    } catch (e) {
      clear(list).append(errorBox(e));
      return;
    }
    if (ctx.stale()) return;
    head.textContent = ans.unread ? t('notices.unread', { n: ans.unread }) : t('notices.all_read');
    markAll.disabled = !ans.unread;
    clear(list);
    if (!ans.items.length) {
      list.append(el('p', null, t('notices.none')));
      return;
    }
    const ul = el('ul', { class: 'notices' });
    for (const n of ans.items) {
      const hash = appHash(n.link);
      const open = hash ? el('a', {
        href: hash, class: 'notice-open',
        onclick: () => { if (!n.read) api.send('POST', `/api/notices/${n.id}/read`).then(() => ctx.refreshBell?.(), () => {}); },
      }, t('notices.open')) : null;
      append(ul, el('li', { class: ['notice', n.read ? 'read' : 'unread'], 'data-id': String(n.id) },
        el('div', { class: 'notice-head' },
          n.read ? null : el('span', { class: 'badge st-behind notice-new' }, t('notices.new')), ' ',
          el('strong', null, n.subject), ' ', el('span', { class: 'notice-time' }, when(n.created_at))),
        el('div', { class: 'notice-body' }, n.body),
        el('div', { class: 'notice-actions' }, open, ' ',
          n.read ? null : el('button', { type: 'button', class: 'link', name: 'mark', onclick: () => mark(`/api/notices/${n.id}/read`) },
            t('notices.mark')))));
    }
    list.append(ul);
  }
  markAll.addEventListener('click', () => mark('/api/notices/read-all'));

  // the user's own address and choices
  const [me, prefs] = await Promise.all([api.get('/api/me'), api.get('/api/me/notify')]);
  const input = el('input', { type: 'email', name: 'email', value: me.user?.email || '', autocomplete: 'email', maxlength: '254' });
  const emailOn = el('input', { type: 'checkbox', name: 'email_on', checked: !!prefs.email });
  const digest = el('input', { type: 'checkbox', name: 'digest', checked: !!prefs.digest });
  const quiet = el('input', { type: 'text', name: 'quiet', value: prefs.quiet || '', placeholder: '22:00-06:00',
    inputmode: 'numeric', maxlength: '11' });
  const form = el('form', { class: 'notices-email', novalidate: true }, // the server's check and words
    el('h2', null, t('notices.email_title')),
    field(t('notices.email'), input, t('notices.email_hint')),
    el('label', { class: 'check' }, emailOn, ' ', t('notices.email_on')),
    el('label', { class: 'check' }, digest, ' ', t('notices.digest')),
    field(t('notices.quiet'), quiet, t('notices.quiet_hint')),
    el('button', { type: 'submit', class: 'button' }, t('notices.save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    form.querySelectorAll('.error-box').forEach((b) => b.remove());
    try {
      await api.send('PUT', '/api/me/email', { email: input.value.trim() });
      await api.send('PUT', '/api/me/notify', { email: emailOn.checked, digest: digest.checked, quiet: quiet.value.trim() });
      toast(t('notices.saved'));
    } catch (e) {
      form.append(errorBox(e, form));
    }
  });
  root.append(form);
  await show();
}
