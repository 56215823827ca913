// pages/users.js - user accounts for administrators (#/users): the list (role,
// agency, units they view or enter, active or disabled), creating a user (the
// server generates the password and answers it once: shown once here, never
// stored), editing name, role, agency and unit scopes, and disabling/enabling.
// Not for: one's own password or API tokens, or the permission rules (src/auth;
// the server refuses non-administrators whatever this page shows).
import { api } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { el, clear, errorBox, loading, toast, table, searchBox } from '../ui.js';
import { matches } from '../search.js';
import { textField, selectField, codeOptions, formBox, val, onceBox, codeList, ROLES } from './_forms.js';

addStrings({
  vi: {
    'users.title': 'Người dùng', 'users.add': 'Tạo người dùng', 'users.search': 'Tìm người dùng',
    'users.col.login': 'Tên đăng nhập', 'users.col.name': 'Họ tên', 'users.col.role': 'Vai trò', 'users.col.agency': 'Cơ quan',
    'users.col.view': 'Xem đơn vị', 'users.col.enter': 'Nhập cho đơn vị', 'users.col.status': 'Trạng thái',
    'users.col.actions': 'Thao tác', 'users.active': 'hoạt động', 'users.disabled': 'đã khóa',
    'users.edit': 'Sửa', 'users.edit_label': 'Sửa người dùng {login}', 'users.disable': 'Khóa', 'users.enable': 'Mở khóa',
    'users.disable_label': 'Khóa người dùng {login}', 'users.enable_label': 'Mở khóa người dùng {login}',
    'users.f.login': 'Tên đăng nhập', 'users.f.name': 'Họ tên', 'users.f.role': 'Vai trò',
    'users.f.agency': 'Cơ quan (cán bộ phòng ban)', 'users.f.view': 'Được xem các đơn vị (mã, cách nhau bởi dấu phẩy)',
    'users.f.enter': 'Được nhập số liệu cho các đơn vị (mã, cách nhau bởi dấu phẩy)',
    'users.f.units_hint': 'Ví dụ: 058, 01837. Đơn vị cấp trên bao gồm cả các đơn vị trực thuộc.',
    'users.form_new': 'Tạo người dùng', 'users.form_edit': 'Sửa người dùng {login}',
    'users.created': 'Đã tạo người dùng {login}.', 'users.saved': 'Đã lưu người dùng {login}.',
    'users.password': 'mật khẩu của {login}', 'users.disabled_ok': 'Đã khóa {login}.', 'users.enabled_ok': 'Đã mở khóa {login}.',
  },
  en: {
    'users.title': 'Users', 'users.add': 'Create a user', 'users.search': 'Find a user',
    'users.col.login': 'Login', 'users.col.name': 'Name', 'users.col.role': 'Role', 'users.col.agency': 'Agency',
    'users.col.view': 'Views units', 'users.col.enter': 'Enters for units', 'users.col.status': 'Status',
    'users.col.actions': 'Actions', 'users.active': 'active', 'users.disabled': 'disabled',
    'users.edit': 'Edit', 'users.edit_label': 'Edit user {login}', 'users.disable': 'Disable', 'users.enable': 'Enable',
    'users.disable_label': 'Disable user {login}', 'users.enable_label': 'Enable user {login}',
    'users.f.login': 'Login', 'users.f.name': 'Full name', 'users.f.role': 'Role',
    'users.f.agency': 'Agency (department officers)', 'users.f.view': 'May view units (codes, comma-separated)',
    'users.f.enter': 'May enter data for units (codes, comma-separated)',
    'users.f.units_hint': 'E.g. 058, 01837. A unit includes the units under it.',
    'users.form_new': 'Create a user', 'users.form_edit': 'Edit user {login}',
    'users.created': 'Created user {login}.', 'users.saved': 'Saved user {login}.',
    'users.password': 'password of {login}', 'users.disabled_ok': 'Disabled {login}.', 'users.enabled_ok': 'Enabled {login}.',
  },
});

export async function render(root, ctx) {
  root.append(el('h1', null, t('users.title')));
  const body = el('div');
  root.append(body);
  loading(body);
  let users;
  let agencies;
  try {
    [users, agencies] = await Promise.all([api.all('/api/users'), api.all('/api/agencies')]);
  } catch (e) {
    if (!ctx.stale()) clear(body).append(errorBox(e)); // e.g. 403: administrators only, the server says
    return;
  }
  if (ctx.stale()) return;
  let q = '';
  const formSlot = el('div');
  const onceSlot = el('div');
  const listBox = el('div');
  clear(body).append(
    el('p', { class: 'no-print' }, el('button', { type: 'button', class: 'secondary', name: 'add_user', onclick: () => show(userForm(null)) }, t('users.add'))),
    onceSlot, formSlot,
    searchBox({ label: t('users.search'), onInput: (s) => { q = s; draw(); } }), listBox);
  const agencyName = new Map(agencies.map((a) => [a.code, a.name]));

  function show(form) {
    clear(formSlot).append(form);
    form.querySelector('input:not([disabled]), select')?.focus();
  }

  async function refresh() {
    const fresh = await api.all('/api/users');
    users.splice(0, users.length, ...fresh);
    draw();
  }

  function draw() {
    const rows = users.filter((u) => matches(q, [u.login, u.name, u.role_label, ...(u.view || []), ...(u.enter || [])]));
    clear(listBox).append(table({ stack: true,
      columns: [
        { key: 'login', label: t('users.col.login'), sticky: true, render: (u) => el('span', { class: u.active ? null : 'inactive' }, u.login) },
        { key: 'name', label: t('users.col.name') },
        { key: 'role', label: t('users.col.role'), render: (u) => t('role.' + u.role) },
        { key: 'agency', label: t('users.col.agency'), render: (u) => (u.agency ? agencyName.get(u.agency) || u.agency : '') },
        { key: 'view', label: t('users.col.view'), render: (u) => (u.view || []).join(', ') },
        { key: 'enter', label: t('users.col.enter'), render: (u) => (u.enter || []).join(', ') },
        { key: 'status', label: t('users.col.status'), render: (u) => (u.active ? t('users.active') : el('strong', { class: 'inactive' }, t('users.disabled'))) },
        { key: 'actions', label: t('users.col.actions'), class: 'actions', render: (u) => [
          el('button', { type: 'button', class: 'secondary', name: `edit_${u.login}`, 'aria-label': t('users.edit_label', { login: u.login }),
            onclick: () => show(userForm(u)) }, t('users.edit')), ' ',
          el('button', { type: 'button', class: 'secondary', name: `${u.active ? 'disable' : 'enable'}_${u.login}`,
            'aria-label': t(u.active ? 'users.disable_label' : 'users.enable_label', { login: u.login }),
            onclick: () => setActive(u, !u.active) }, t(u.active ? 'users.disable' : 'users.enable'))] },
      ],
      rows, rowAttrs: (u) => ({ 'data-login': u.login, class: u.active ? null : 'inactive' }),
    }));
  }

  async function setActive(u, active) {
    try {
      await api.send('PUT', `/api/users/${encodeURIComponent(u.login)}`, { active });
      toast(t(active ? 'users.enabled_ok' : 'users.disabled_ok', { login: u.login }));
      await refresh();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  function userForm(u) {
    const fields = [
      textField(t('users.f.login'), 'login', u?.login || '', u ? { readOnly: true, disabled: true } : { required: true, autocomplete: 'off' }),
      textField(t('users.f.name'), 'name', u?.name || '', { required: true }),
      selectField(t('users.f.role'), 'role', codeOptions(ROLES, 'role.'), u?.role || 'ward'),
      selectField(t('users.f.agency'), 'agency', agencies.map((a) => [a.code, `${a.name} (${a.code})`]), u?.agency || '', { blank: true }),
      textField(t('users.f.view'), 'view', (u?.view || []).join(', '), {}, t('users.f.units_hint')),
      textField(t('users.f.enter'), 'enter', (u?.enter || []).join(', ')),
    ];
    return formBox({
      title: u ? t('users.form_edit', { login: u.login }) : t('users.form_new'), fields, cls: 'user-form',
      onCancel: () => clear(formSlot),
      onSubmit: async (f) => {
        const b = { name: val(f, 'name'), role: val(f, 'role'), agency: val(f, 'agency'),
          view: codeList(val(f, 'view')), enter: codeList(val(f, 'enter')) };
        if (u) {
          await api.send('PUT', `/api/users/${encodeURIComponent(u.login)}`, b);
          toast(t('users.saved', { login: u.login }));
        } else {
          const ans = await api.send('POST', '/api/users', { login: val(f, 'login'), ...b });
          const login = ans.user?.login || val(f, 'login');
          clear(onceSlot).append(onceBox(t('users.password', { login }), ans.password));
          toast(t('users.created', { login }));
        }
        clear(formSlot);
        await refresh();
        if (!u) onceSlot.querySelector('.once')?.focus?.();
      },
    });
  }

  draw();
}
