// The sidebar (my rooms with unread counts, invitations badge, browse and search links) and the home view.
import { Disposer, h, plural, roomHash } from '../dom.js';
import { icon } from '../icons.js';

export function roomIcon(room) {
  if (room.isAuditorium) return icon('megaphone', 'icon room-icon');
  if (room.privacy === 'secret') return icon('hidden', 'icon room-icon');
  if (room.privacy === 'closed') return icon('lock', 'icon room-icon');
  return icon('hash', 'icon room-icon');
}

export function roomKind(room) {
  const privacy = { open: 'Open room', closed: 'Closed room', secret: 'Secret room' }[room.privacy] || 'Room';
  return room.isAuditorium ? `${privacy}, auditorium` : privacy;
}

const STATE_WORDS = { joining: 'joining…', failed: 'not joined', ended: 'ended' };

export function mountSidebar(container, { state }) {
  const disposer = new Disposer();
  const badge = h('span', { id: 'invitations-badge', class: 'badge', hidden: true });
  const links = h('ul', { class: 'nav-links' },
    h('li', {}, h('a', { id: 'browse-link', href: '#/browse' }, icon('compass'), h('span', { text: 'Browse rooms' }))),
    h('li', {}, h('a', { id: 'invitations-link', href: '#/invitations' }, icon('mail'), h('span', { text: 'Invitations' }), badge)),
    h('li', {}, h('a', { id: 'search-link', href: '#/search' }, icon('search'), h('span', { text: 'Search messages' }))));
  const list = h('ul', { class: 'room-items', attrs: { 'aria-labelledby': 'your-rooms-heading' } });
  const empty = h('p', { class: 'nav-empty muted' }, 'You are not in any room yet. ', h('a', { href: '#/browse', text: 'Browse rooms' }), ' to find one.');
  const nav = h('nav', { id: 'room-list', attrs: { 'aria-label': 'Rooms' } },
    links,
    h('h2', { id: 'your-rooms-heading', class: 'nav-heading', text: 'Your rooms' }),
    list, empty);
  container.replaceChildren(nav);

  const items = new Map(); // uri → {li, link, iconSlot, stateLabel, unread}

  function itemFor(room) {
    let item = items.get(room.uri);
    if (!item) {
      const link = h('a', { class: 'room-link', href: roomHash(room.uri), dataset: { roomUri: room.uri } });
      item = {
        link,
        iconSlot: h('span', { class: 'room-icon-slot', attrs: { 'aria-hidden': 'true' } }),
        stateLabel: h('span', { class: 'room-state' }),
        unread: h('span', { class: 'unread-badge' }),
      };
      item.li = h('li', { class: 'room-item', dataset: { roomUri: room.uri } }, item.iconSlot, link, item.stateLabel, item.unread);
      items.set(room.uri, item);
    }
    return item;
  }

  function render() {
    const rooms = state.listed;
    const active = state.activeRoom;
    const keep = new Set(rooms.map((r) => r.uri));
    for (const [uri, item] of items) if (!keep.has(uri)) { item.li.remove(); items.delete(uri); }
    rooms.forEach((room, index) => {
      const item = itemFor(room);
      if (item.link.textContent !== (room.name || 'Room')) item.link.textContent = room.name || 'Room';
      item.link.title = room.description || roomKind(room);
      item.iconSlot.replaceChildren(roomIcon(room));
      if (room.uri === active) item.link.setAttribute('aria-current', 'page'); else item.link.removeAttribute('aria-current');
      item.li.classList.toggle('active', room.uri === active);
      item.li.classList.toggle('has-unread', room.unread > 0);
      item.li.classList.toggle('has-alert', room.unreadAlerts > 0);
      item.li.classList.toggle('inactive', !room.joined);
      item.stateLabel.textContent = STATE_WORDS[room.status] || '';
      item.stateLabel.hidden = !STATE_WORDS[room.status];
      item.unread.textContent = room.unread > 99 ? '99+' : String(room.unread);
      item.unread.hidden = room.unread === 0;
      item.unread.setAttribute('aria-label', `${plural(room.unread, 'unread message')}${room.unreadAlerts ? `, ${plural(room.unreadAlerts, 'alert')}` : ''}`);
      if (list.children[index] !== item.li) list.insertBefore(item.li, list.children[index] || null);
    });
    empty.hidden = rooms.length > 0;
  }

  function renderBadge() {
    const count = state.pendingInvitations().length;
    badge.textContent = String(count);
    badge.hidden = count === 0;
    badge.setAttribute('aria-label', plural(count, 'pending invitation'));
  }

  function markCurrent() {
    for (const link of links.querySelectorAll('a')) {
      if (location.hash === link.getAttribute('href')) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  disposer.add(state.on('list', render));
  disposer.add(state.on('room', render));
  disposer.add(state.on('invitations', renderBadge));
  disposer.listen(window, 'hashchange', markCurrent);
  markCurrent();
  render();
  renderBadge();
  return { render, unmount: () => disposer.dispose() };
}

/** The home view: my rooms at a glance (the main list on a phone) and pending invitations. */
export function mountHome(container, { state }) {
  const disposer = new Disposer();
  const heading = h('h2', { class: 'view-title', tabIndex: -1, text: `Welcome, ${state.me?.displayName || ''}` });
  const invitations = h('p', { class: 'callout', hidden: true });
  const summary = h('p', { class: 'muted' });
  const list = h('ul', { class: 'home-rooms' });
  const empty = h('div', { class: 'empty-state', hidden: true },
    h('p', { text: 'You are not in any room yet.' }),
    h('a', { class: 'button-primary', href: '#/browse', text: 'Browse rooms' }));
  const section = h('section', { class: 'view home', attrs: { 'aria-labelledby': 'home-title' } },
    h('header', { class: 'view-header' }, heading, summary),
    invitations, list, empty);
  heading.id = 'home-title';
  container.replaceChildren(section);

  function render() {
    const rooms = state.listed;
    list.replaceChildren(...rooms.map((room) => {
      const last = room.messages[room.messages.length - 1];
      const preview = last ? `${state.displayName(last.author)}: ${last.storyTitle || last.text}` : (room.description || roomKind(room));
      return h('li', {},
        h('a', { class: 'home-room', href: roomHash(room.uri) },
          h('span', { class: 'home-room-icon', attrs: { 'aria-hidden': 'true' } }, roomIcon(room)),
          h('span', { class: 'home-room-text' },
            h('span', { class: 'home-room-name', text: room.name || 'Room' }),
            h('span', { class: 'home-room-preview', text: preview })),
          room.unread ? h('span', { class: 'unread-badge', text: String(room.unread), attrs: { 'aria-label': plural(room.unread, 'unread message') } }) : null));
    }));
    empty.hidden = rooms.length > 0;
    summary.textContent = rooms.length ? `You are in ${plural(rooms.length, 'room')}${state.server?.displayName ? ` on ${state.server.displayName}` : ''}.` : '';
    const pending = state.pendingInvitations().length;
    invitations.hidden = pending === 0;
    invitations.replaceChildren(icon('mail'), ` You have ${plural(pending, 'invitation')} to join rooms. `,
      h('a', { href: '#/invitations', text: 'See invitations' }));
  }

  disposer.add(state.on('list', render));
  disposer.add(state.on('invitations', render));
  disposer.add(state.on('messages', render));
  disposer.add(state.on('names', render));
  render();
  return { focus: () => heading.focus(), unmount: () => disposer.dispose() };
}
