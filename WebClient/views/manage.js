// Room management for its managers (permission flag 1): settings through getRoom/updateRoom, the member, manager
// and presenter lists through getRoleHolders/changeRole, with a principal picker fed by findPrincipalsForRole.
import { debounce, Disposer, formatShort, h, roomHash } from '../dom.js';
import { describeError } from '../errors.js';
import { PERM } from '../state.js';

const ROLES = [
  { role: 'member', title: 'Members', one: 'member', help: 'Members may join closed and secret rooms and read their history.' },
  { role: 'manager', title: 'Managers', one: 'manager', help: 'Managers change these settings and the lists on this page.' },
  { role: 'presenter', title: 'Presenters', one: 'presenter', help: 'In an auditorium only presenters post. A presenter must also be a member.' },
];

const TYPE_WORDS = { localUser: 'Person', directoryGroup: 'Group', directoryFolder: 'Organizational unit', domain: 'Domain' };

export function mountManage(container, { state, session }, { uri }) {
  const disposer = new Disposer();
  const heading = h('h2', { id: 'manage-title', class: 'view-title', tabIndex: -1, text: 'Manage room' });
  const back = h('a', { class: 'back-link', href: roomHash(uri), text: '← Back to the room' });
  const error = h('p', { id: 'manage-error', class: 'form-error', attrs: { role: 'alert' }, hidden: true });
  const saved = h('p', { id: 'manage-saved', class: 'form-saved', attrs: { role: 'status' }, hidden: true });
  const body = h('div', { class: 'manage-body' }, h('p', { class: 'muted', text: 'Loading the room’s settings…' }));
  container.replaceChildren(h('section', { class: 'view manage', attrs: { 'aria-labelledby': 'manage-title' } },
    h('header', { class: 'view-header' }, back, heading), error, saved, body));

  let savedTimer = 0;
  function showError(refusal) {
    error.textContent = typeof refusal === 'string' ? refusal : describeError(refusal);
    error.hidden = false;
    saved.hidden = true;
  }
  function showSaved(text) {
    error.hidden = true;
    saved.textContent = text;
    saved.hidden = false;
    clearTimeout(savedTimer);
    savedTimer = setTimeout(() => { saved.hidden = true; }, 8000);
  }
  disposer.add(() => clearTimeout(savedTimer));

  let info = null;
  let addIns = null; // null: this server has no add-ins
  const lists = {};

  async function load() {
    try {
      const [room, permissions, addInReply] = await Promise.all([
        session.command('getRoom', { room: { uri } }),
        session.command('getPermissions', { room: uri }).catch(() => null),
        session.command('getAllAddIns', {}).catch(() => null),
      ]);
      info = room;
      addIns = addInReply ? addInReply.addIns : null;
      heading.textContent = `Manage ${room.name}`;
      if (permissions && !(permissions.permissions & PERM.manage)) {
        body.replaceChildren(h('p', { class: 'empty-state', text: 'Only the managers of this room can change it. Ask one of them.' }));
        return;
      }
      body.replaceChildren(settingsForm(), ...ROLES.map(roleSection));
      await Promise.all(ROLES.map((r) => loadHolders(r.role)));
    } catch (refusal) {
      body.replaceChildren();
      showError(refusal);
    }
  }

  function settingsForm() {
    const field = (id, label, control, help) => h('div', { class: 'field' },
      h('label', { htmlFor: id, text: label }), control, help ? h('p', { class: 'help muted', id: `${id}-help`, text: help }) : null);
    const name = h('input', { id: 'manage-name', name: 'name', type: 'text', value: info.name, required: true, maxLength: 256 });
    const description = h('textarea', { id: 'manage-description', name: 'description', rows: 3, value: info.description || '' });
    const privacy = h('select', { id: 'manage-privacy', name: 'privacy' },
      h('option', { value: 'open', text: 'Open: anyone in the category may find and join it' }),
      h('option', { value: 'closed', text: 'Closed: anyone may find it, only members join' }),
      h('option', { value: 'secret', text: 'Secret: only members find and join it' }));
    privacy.value = info.privacy;
    const invitations = h('select', { id: 'manage-invitations', name: 'invitations' },
      h('option', { value: 'inherit', text: `Send invitations to new members (as the category: ${info.category?.invitations === false ? 'off' : 'on'})` }),
      h('option', { value: 'false', text: 'Never send invitations for this room' }));
    invitations.value = info.invitations === 'false' || info.invitations === false ? 'false' : 'inherit';
    const auditorium = h('input', { id: 'manage-auditorium', name: 'auditorium', type: 'checkbox', checked: info.behavior === 'auditorium' });
    const disabled = h('input', { id: 'manage-disabled', name: 'disabled', type: 'checkbox', checked: !!info.disabled });
    const addIn = h('select', { id: 'manage-addin', name: 'addIn', disabled: addIns === null },
      h('option', { value: '', text: addIns === null ? 'None (this server has no add-ins)' : 'None' }),
      ...(addIns || []).map((a) => h('option', { value: a.name, text: a.name })));
    addIn.value = info.addIn?.name || '';
    // The add-in as shown: a room naming an add-in no longer registered shows none. `addIn` is sent only when the
    // choice changes, so saving the other fields keeps the name the room stores.
    let addInShown = addIn.value;
    const submit = h('button', { type: 'submit', class: 'button-primary', text: 'Save changes' });
    const form = h('form', { id: 'manage', class: 'manage-form', noValidate: true, attrs: { 'aria-labelledby': 'manage-settings-title' } },
      h('h3', { id: 'manage-settings-title', text: 'Settings' }),
      field('manage-name', 'Name', name),
      field('manage-description', 'Description', description),
      field('manage-privacy', 'Privacy', privacy),
      field('manage-invitations', 'Invitations', invitations),
      h('div', { class: 'field checkbox' }, auditorium, h('label', { htmlFor: 'manage-auditorium', text: 'Auditorium: only presenters post' })),
      h('div', { class: 'field checkbox' }, disabled, h('label', { htmlFor: 'manage-disabled', text: 'Disabled: nobody can join, and everyone in it now is let out' })),
      field('manage-addin', 'Add-in', addIn, 'A web page shown beside the room.'),
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!name.value.trim()) { showError('A room needs a name.'); name.focus(); return; }
      const data = {
        room: uri, name: name.value.trim(), description: description.value, privacy: privacy.value,
        behavior: auditorium.checked ? 'auditorium' : 'normal', disabled: disabled.checked, invitations: invitations.value,
      };
      if (addIns !== null && addIn.value !== addInShown) data.addIn = addIn.value;
      submit.disabled = true;
      form.setAttribute('aria-busy', 'true');
      try {
        await session.command('updateRoom', data);
        if ('addIn' in data) addInShown = data.addIn;
        info = await session.command('getRoom', { room: { uri } }).catch(() => ({ ...info, ...data, addIn: info.addIn }));
        heading.textContent = `Manage ${info.name}`;
        showSaved('Changes saved.');
        const room = state.room(uri);
        if (room) state.refreshRoom(room);
      } catch (refusal) {
        showError(refusal);
      } finally {
        submit.disabled = false;
        form.removeAttribute('aria-busy');
      }
    });
    return form;
  }

  function roleSection({ role, title, one, help }) {
    const list = h('ul', { id: `role-${role}`, class: 'role-list', attrs: { 'aria-labelledby': `role-${role}-title` } });
    lists[role] = list;
    return h('section', { class: 'role-section', attrs: { 'aria-labelledby': `role-${role}-title` } },
      h('h3', { id: `role-${role}-title`, text: title }),
      h('p', { class: 'help muted', text: help }),
      list,
      picker(role, one));
  }

  async function loadHolders(role) {
    try {
      const reply = await session.command('getRoleHolders', { role, room: uri });
      const list = lists[role];
      const holders = [...reply.holders].sort((a, b) => (a.principal.displayName || a.principal.name).localeCompare(b.principal.displayName || b.principal.name));
      list.replaceChildren(...holders.map((holder) => holderItem(role, holder)));
      if (!holders.length) list.append(h('li', { class: 'muted empty', text: 'Nobody yet.' }));
      for (const { principal } of holders) if (principal.uri) state.learnName(principal.uri, principal.displayName);
    } catch (refusal) {
      showError(refusal);
    }
  }

  function holderItem(role, { principal, addedBy, addedOn }) {
    const name = principal.displayName || principal.name || principal.reference;
    const remove = h('button', { type: 'button', class: 'button-quiet remove', text: 'Remove', attrs: { 'aria-label': `Remove ${name} from the ${role}s` } });
    remove.addEventListener('click', async () => {
      remove.disabled = true;
      try {
        await session.command('changeRole', { change: 'remove', role, room: uri, principals: [principal.reference] });
        showSaved(`${name} is no longer a ${role}.`);
        await Promise.all(ROLES.map((r) => loadHolders(r.role)));
      } catch (refusal) {
        showError(refusal);
        remove.disabled = false;
      }
    });
    const meta = [TYPE_WORDS[principal.type] || principal.type, principal.uri ? principal.uri.replace(/^sip:/, '') : null,
      addedBy ? `added by ${state.displayName(addedBy)}` : null, addedOn ? formatShort(addedOn) : null].filter(Boolean).join(' · ');
    return h('li', { dataset: { reference: principal.reference }, title: principal.reference },
      h('div', { class: 'holder-text' }, h('span', { class: 'holder-name', text: name }), h('span', { class: 'holder-meta muted', text: meta })),
      remove);
  }

  // A combobox: type to search the directory (debounced), arrows to choose, Enter or click to add.
  function picker(role, one) {
    const id = `principal-search-${role}`;
    const listId = `principal-options-${role}`;
    const input = h('input', {
      id, type: 'text', class: 'principal-search', dataset: { role },
      attrs: { autocomplete: 'off', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, placeholder: 'Type a name' },
    });
    const options = h('ul', { id: listId, class: 'principal-options', attrs: { role: 'listbox', 'aria-label': `People and groups to add as ${one}s` }, hidden: true });
    const note = h('p', { class: 'help muted picker-note', attrs: { 'aria-live': 'polite' } });
    let active = -1;
    let generation = 0;

    function close() {
      options.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function setActive(index) {
      const items = [...options.querySelectorAll('.principal-option')];
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach((item, i) => item.setAttribute('aria-selected', String(i === active)));
      input.setAttribute('aria-activedescendant', items[active].id);
      items[active].scrollIntoView({ block: 'nearest' });
    }
    async function add(principal) {
      close();
      try {
        await session.command('changeRole', { change: 'add', role, room: uri, principals: [principal.reference] });
        input.value = '';
        note.textContent = '';
        showSaved(`${principal.displayName || principal.name} is now a ${one}.`);
        await loadHolders(role);
      } catch (refusal) {
        showError(refusal);
      }
      input.focus();
    }
    const search = debounce(async () => {
      const text = input.value.trim();
      const mine = ++generation;
      if (!text) { close(); note.textContent = ''; return; }
      try {
        const reply = await session.command('findPrincipalsForRole', { role, room: uri, search: text });
        if (mine !== generation) return;
        const held = new Set([...lists[role].querySelectorAll('li[data-reference]')].map((li) => li.dataset.reference));
        const found = reply.principals.filter((p) => !held.has(p.reference));
        options.replaceChildren(...found.map((principal, index) => {
          const item = h('li', {
            id: `${listId}-${index}`, class: 'principal-option', tabIndex: -1, dataset: { reference: principal.reference },
            attrs: { role: 'option', 'aria-selected': 'false' },
          },
          h('span', { class: 'option-name', text: principal.displayName || principal.name }),
          h('span', { class: 'option-meta muted', text: [TYPE_WORDS[principal.type] || principal.type, principal.uri?.replace(/^sip:/, '')].filter(Boolean).join(' · ') }));
          item.addEventListener('mousedown', (event) => event.preventDefault()); // keeps focus in the input
          item.addEventListener('click', () => add(principal));
          item.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); add(principal); } });
          item.principal = principal;
          return item;
        }));
        options.hidden = found.length === 0;
        input.setAttribute('aria-expanded', String(found.length > 0));
        active = -1;
        note.textContent = found.length
          ? `${found.length} found${reply.moreAvailable ? '; more match, type more to narrow' : ''}. Use the arrow keys and Enter to add.`
          : 'Nobody found who could have this role.';
      } catch (refusal) {
        if (mine === generation) showError(refusal);
      }
    }, 250);

    input.addEventListener('input', search);
    input.addEventListener('keydown', (event) => {
      const items = [...options.querySelectorAll('.principal-option')];
      if (event.key === 'ArrowDown' && items.length) { event.preventDefault(); options.hidden = false; setActive(active + 1); }
      else if (event.key === 'ArrowUp' && items.length) { event.preventDefault(); setActive(active - 1); }
      else if (event.key === 'Escape') { close(); }
      else if (event.key === 'Enter') {
        event.preventDefault();
        const chosen = items[active] || (items.length === 1 ? items[0] : null);
        if (chosen && !options.hidden) add(chosen.principal);
      }
    });
    input.addEventListener('blur', () => setTimeout(() => { if (!options.contains(document.activeElement)) close(); }, 150));
    disposer.add(() => search.cancel());

    return h('div', { class: 'picker' },
      h('label', { htmlFor: id, text: `Add a ${one}` }),
      h('div', { class: 'picker-box' }, input, options),
      note);
  }

  load();
  return { focus: () => heading.focus(), unmount: () => disposer.dispose() };
}
