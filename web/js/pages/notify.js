// pages/notify.js - notifications for administrators (#/notify): the settings kept in
// the database (SMTP server, sender, webhook and its secret, links' base URL, backoff,
// timeout, attempts, reminder days; GET/PUT /api/notify/config) and the delivery log
// (GET /api/notify/log: sent, or the server's reply and the next try).
// The server never answers a password or the webhook secret: the SMTP URL is shown
// without its account and only the fields changed here are sent, so saving the form
// never overwrites a stored password with the shown URL; the secret field is empty and
// sent only when typed. Not for: sending (the server's worker) or the checks (the server).
import { api } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { el, clear, errorBox, loading, field, toast, table } from '../ui.js';
import { pad2 } from '../fmt.js';

addStrings({
  vi: {
    'notify.title': 'Gửi thông báo', 'notify.settings': 'Cấu hình', 'notify.log': 'Nhật ký gửi',
    'notify.f.smtp_url': 'Máy chủ thư (smtp:// hoặc smtps://)', 'notify.f.from': 'Địa chỉ người gửi',
    'notify.f.webhook_url': 'Webhook (http:// hoặc https://)', 'notify.f.webhook_secret': 'Khóa ký webhook (HMAC-SHA256)',
    'notify.f.base_url': 'Địa chỉ trang chitieu (cho liên kết trong thư)', 'notify.f.backoff': 'Gửi lại sau (giây, gấp đôi mỗi lần)',
    'notify.f.timeout': 'Chờ mỗi lần gửi (giây)', 'notify.f.max_attempts': 'Số lần gửi tối đa',
    'notify.f.remind_days': 'Nhắc nhiệm vụ sắp đến hạn trước (ngày; 0: không nhắc)',
    'notify.smtp_hint': 'Mật khẩu trong địa chỉ không bao giờ được hiển thị; chỉ gửi khi bạn sửa ô này.',
    'notify.secret_set': 'Đã đặt khóa; để trống để giữ nguyên.', 'notify.secret_unset': 'Chưa đặt khóa (ít nhất 16 ký tự).',
    'notify.save': 'Lưu cấu hình', 'notify.saved': 'Đã lưu cấu hình thông báo.', 'notify.nothing': 'Không có gì thay đổi.',
    'notify.col.id': 'Số', 'notify.col.created': 'Lúc xếp', 'notify.col.channel': 'Kênh', 'notify.col.to': 'Người nhận',
    'notify.col.subject': 'Tiêu đề', 'notify.col.state': 'Trạng thái', 'notify.col.attempts': 'Lần gửi',
    'notify.col.when': 'Đã gửi / gửi tiếp', 'notify.col.error': 'Trả lời của máy chủ',
    'notify.st.pending': 'chờ gửi', 'notify.st.sending': 'đang gửi', 'notify.st.sent': 'đã gửi', 'notify.st.failed': 'thôi gửi',
    'notify.empty': 'Chưa có thông báo nào trong hàng đợi.',
  },
  en: {
    'notify.title': 'Notifications', 'notify.settings': 'Settings', 'notify.log': 'Delivery log',
    'notify.f.smtp_url': 'Mail server (smtp:// or smtps://)', 'notify.f.from': 'Sender address',
    'notify.f.webhook_url': 'Webhook (http:// or https://)', 'notify.f.webhook_secret': 'Webhook signing key (HMAC-SHA256)',
    'notify.f.base_url': 'chitieu address (for links in emails)', 'notify.f.backoff': 'Retry after (seconds, doubling)',
    'notify.f.timeout': 'Timeout per try (seconds)', 'notify.f.max_attempts': 'Attempts at most',
    'notify.f.remind_days': 'Remind of deadlines this many days ahead (0: off)',
    'notify.smtp_hint': 'A password in the address is never shown; it is sent only when you edit this field.',
    'notify.secret_set': 'A key is set; leave empty to keep it.', 'notify.secret_unset': 'No key yet (16 characters at least).',
    'notify.save': 'Save settings', 'notify.saved': 'Notification settings saved.', 'notify.nothing': 'Nothing changed.',
    'notify.col.id': 'No.', 'notify.col.created': 'Queued', 'notify.col.channel': 'Channel', 'notify.col.to': 'To',
    'notify.col.subject': 'Subject', 'notify.col.state': 'State', 'notify.col.attempts': 'Tries',
    'notify.col.when': 'Sent / next try', 'notify.col.error': 'Server reply',
    'notify.st.pending': 'pending', 'notify.st.sending': 'sending', 'notify.st.sent': 'sent', 'notify.st.failed': 'failed',
    'notify.empty': 'Nothing queued yet.',
  },
});

const TEXT = ['smtp_url', 'from', 'webhook_url', 'base_url'];
const NUMS = ['backoff', 'timeout', 'max_attempts', 'remind_days'];

function when(sec) {
  if (!sec) return '';
  const d = new Date(sec * 1000);
  return `${pad2(d.getDate())}/${pad2(d.getMonth() + 1)}/${d.getFullYear()} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

export async function render(root, ctx) {
  root.append(el('h1', null, t('notify.title')));
  const body = el('div');
  root.append(body);
  loading(body);
  let cfg;
  let log;
  try {
    [cfg, log] = await Promise.all([api.get('/api/notify/config'), api.get('/api/notify/log', { limit: 100 })]);
  } catch (e) {
    if (!ctx.stale()) clear(body).append(errorBox(e)); // 403 for non-administrators: the server says
    return;
  }
  if (ctx.stale()) return;
  clear(body);
  const inputs = {};
  const form = el('form', { class: 'notify-form', novalidate: true }, el('h2', null, t('notify.settings')));
  for (const k of [...TEXT, ...NUMS]) {
    inputs[k] = el('input', { name: k, type: NUMS.includes(k) ? 'number' : 'text', value: String(cfg[k] ?? ''),
      autocomplete: 'off', spellcheck: 'false' });
    form.append(field(t('notify.f.' + k), inputs[k], k === 'smtp_url' ? t('notify.smtp_hint') : undefined));
  }
  const secret = el('input', { name: 'webhook_secret', type: 'password', value: '', autocomplete: 'new-password' });
  form.append(field(t('notify.f.webhook_secret'), secret, t(cfg.webhook_secret_set ? 'notify.secret_set' : 'notify.secret_unset')));
  form.append(el('button', { type: 'submit', class: 'button' }, t('notify.save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    form.querySelectorAll('.error-box').forEach((b) => b.remove());
    const changed = {};
    for (const k of [...TEXT, ...NUMS]) if (inputs[k].value.trim() !== String(cfg[k] ?? '')) changed[k] = inputs[k].value.trim();
    if (secret.value) changed.webhook_secret = secret.value;
    if (!Object.keys(changed).length) return toast(t('notify.nothing'));
    try {
      cfg = await api.send('PUT', '/api/notify/config', changed);
      secret.value = '';
      toast(t('notify.saved'));
    } catch (e) {
      form.append(errorBox(e, form));
    }
  });
  body.append(form, el('h2', null, t('notify.log')), table({
    columns: [
      { label: t('notify.col.id'), render: (d) => String(d.id) },
      { label: t('notify.col.created'), render: (d) => when(d.created_at) },
      { label: t('notify.col.channel'), key: 'channel' },
      { label: t('notify.col.to'), render: (d) => d.address || d.user },
      { label: t('notify.col.subject'), key: 'subject' },
      { label: t('notify.col.state'), render: (d) => el('span', { class: `delivery-${d.state}` }, t('notify.st.' + d.state)) },
      { label: t('notify.col.attempts'), render: (d) => String(d.attempts), num: true },
      { label: t('notify.col.when'), render: (d) => when(d.state === 'sent' ? d.sent_at : d.next_at) },
      { label: t('notify.col.error'), key: 'error' },
    ],
    rows: log.items,
    empty: t('notify.empty'),
  }));
}
