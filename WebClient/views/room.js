// A room: header (name, description, manage, leave), the message list, the composer with file upload, the people
// pane and the add-in pane. Opening a room I am not in joins it (as a room link does in Lync).
import { announce, Disposer, h, manageHash } from '../dom.js';
import { describeError } from '../errors.js';
import { icon } from '../icons.js';
import { mountAddIn } from './addin.js';
import { mountComposer } from './composer.js';
import { downloadFile, uploaderFor } from './files.js';
import { MessageList } from './messages.js';
import { mountParticipants } from './participants.js';
import { roomIcon, roomKind } from './rooms.js';

export function mountRoom(container, { state, session }, params) {
  const disposer = new Disposer();
  const uri = params.uri;
  let room = state.room(uri);
  let wantMessage = params.messageId ? Number(params.messageId) : null;

  // Not one of my rooms yet (a room link, a search result, a typed address): join it.
  if (!room || (!room.listed && !room.joined && room.status !== 'joining')) {
    state.join(uri).catch(() => {}); // a refusal shows in the banner
    room = state.room(uri);
  }

  // Header.
  const title = h('h2', { id: 'room-name', tabIndex: -1, text: room.name || 'Room' });
  const description = h('p', { class: 'room-description' });
  const kindTag = h('span', { class: 'room-kind muted' });
  const iconSlot = h('span', { class: 'room-title-icon', attrs: { 'aria-hidden': 'true' } });
  const peopleToggle = h('button', { type: 'button', id: 'people-toggle', class: 'icon-button pane-toggle', attrs: { 'aria-expanded': 'false', 'aria-controls': 'participants-pane' } },
    icon('people'), h('span', { class: 'people-count', text: '' }));
  const addInToggle = h('button', { type: 'button', id: 'add-in-toggle', class: 'icon-button pane-toggle', hidden: true, attrs: { 'aria-expanded': 'true', 'aria-controls': 'add-in' } },
    icon('panel'), h('span', { class: 'sr-only', text: 'Show or hide the add-in' }));
  const manageSlot = h('span', { class: 'manage-slot' });
  const leave = h('button', { type: 'button', id: 'leave-room', class: 'button-quiet' }, icon('leave'), h('span', { text: 'Leave' }));
  const header = h('header', { class: 'room-header' },
    iconSlot,
    h('div', { class: 'room-title' }, title, h('div', { class: 'room-subtitle' }, kindTag, description)),
    h('div', { class: 'room-actions' }, addInToggle, peopleToggle, manageSlot, leave));

  // Banner: joining, refused, ended.
  const banner = h('div', { class: 'room-banner', attrs: { role: 'status' }, hidden: true });
  const problem = h('div', { class: 'room-problem', attrs: { role: 'alert' }, hidden: true });

  // Messages, composer, panes.
  const jump = h('button', { type: 'button', class: 'jump-latest', hidden: true }, icon('down'), h('span'));
  const list = new MessageList({
    state, room, jump,
    ctx: { download: (part, anchor) => downloadFile(session, part, anchor) },
    onNearTop: () => state.loadOlder(room),
  });
  const uploader = uploaderFor(session, room);
  const composerArea = h('div', { class: 'composer-area' });
  const composer = mountComposer(composerArea, { state, session, room, uploader });
  const peoplePane = h('aside', { id: 'participants-pane', class: 'pane participants-pane', attrs: { 'aria-label': 'People in this room' } });
  const people = mountParticipants(peoplePane, { state, room, onCount: (n) => {
    peopleToggle.querySelector('.people-count').textContent = String(n);
    peopleToggle.setAttribute('aria-label', `People in this room: ${n}`);
  } });
  const addInPane = h('aside', { id: 'add-in', class: 'pane add-in-pane', attrs: { 'aria-label': 'Add-in' }, hidden: true });
  const timeline = h('div', { class: 'timeline' }, h('div', { class: 'scroll-area' }, list.ol, jump), composerArea);
  const body = h('div', { class: 'room-body' }, timeline, peoplePane, addInPane);
  const section = h('section', { id: 'room', class: 'view room-view', dataset: { roomUri: uri }, attrs: { 'aria-labelledby': 'room-name' } },
    header, banner, problem, body);
  container.replaceChildren(section);

  disposer.listen(document, 'keydown', (event) => {
    if (event.key === 'Escape' && section.classList.contains('people-open')) {
      section.classList.remove('people-open');
      peopleToggle.setAttribute('aria-expanded', 'false');
      peopleToggle.focus();
    }
  });
  peopleToggle.addEventListener('click', () => {
    const open = !section.classList.contains('people-open');
    section.classList.toggle('people-open', open);
    peopleToggle.setAttribute('aria-expanded', String(open));
  });
  addInToggle.addEventListener('click', () => {
    const hide = !section.classList.contains('add-in-closed');
    section.classList.toggle('add-in-closed', hide);
    addInToggle.setAttribute('aria-expanded', String(!hide));
  });
  leave.addEventListener('click', async () => {
    leave.disabled = true;
    try {
      await state.leave(uri);
      location.hash = '#/rooms';
    } catch (refusal) {
      showProblem(refusal);
      leave.disabled = false;
    }
  });

  function showProblem(refusal) {
    problem.replaceChildren(h('p', { text: describeError(refusal) }));
    problem.hidden = false;
    renderHeader();
  }

  function renderHeader() {
    title.textContent = room.name || 'Room';
    description.textContent = room.description || '';
    description.hidden = !room.description;
    kindTag.textContent = roomKind(room);
    iconSlot.replaceChildren(roomIcon(room));
    list.ol.setAttribute('aria-label', `Messages in ${room.name || 'this room'}`);
    leave.hidden = !room.listed && !room.joined;
    // Managers only: the link is absent for everyone else. Always this page's own route: roomManagementUrl is for
    // other clients, and another origin would not have this tab's session.
    if (room.canManage && !manageSlot.firstChild) {
      manageSlot.append(h('a', { id: 'manage-link', class: 'button-quiet', href: manageHash(uri) }, icon('settings'), h('span', { text: 'Manage' })));
    } else if (!room.canManage) {
      manageSlot.replaceChildren();
    }
    const hasAddIn = mountAddIn(addInPane, room);
    addInPane.hidden = !hasAddIn;
    addInToggle.hidden = !hasAddIn;
    section.classList.toggle('has-add-in', hasAddIn);
  }

  function renderBanner() {
    banner.hidden = true;
    banner.replaceChildren();
    if (room.status === 'joining') {
      banner.append(h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), session.state === 'online' ? 'Joining the room…' : 'Waiting for the connection…');
      banner.hidden = false;
    } else if (room.status === 'ended' || room.status === 'failed' || room.status === 'left') {
      const reason = room.status === 'ended' ? endedWords(room.error) : room.status === 'failed' ? describeError(room.error) : 'You left this room.';
      const again = h('button', { type: 'button', class: 'button-primary join', text: room.status === 'failed' ? 'Try again' : 'Join again' });
      again.addEventListener('click', () => {
        problem.hidden = true;
        state.join(uri).catch(() => {});
      });
      // Removed from a room that admits members only, or the room disabled: joining again would only be refused.
      const shut = room.status === 'ended' && room.error
        && ((room.error.detail === 'room.membershipRemoved' && room.privacy !== 'open')
          || room.error.code === 'NodeDisabled' || room.error.detail === 'room.disabled');
      const actions = shut ? [] : [again];
      if (room.listed) {
        const remove = h('button', { type: 'button', class: 'button-quiet', text: 'Remove from my rooms' });
        remove.addEventListener('click', () => { state.forget(uri); location.hash = '#/rooms'; });
        actions.push(remove);
      }
      banner.append(h('p', { text: reason }), h('div', { class: 'banner-actions' }, ...actions));
      banner.hidden = false;
      problem.hidden = true;
    }
    if (room.joined) problem.hidden = true;
  }

  function endedWords(reason) {
    if (reason?.detail === 'room.membershipRemoved') return 'You were removed from this room’s members, so your session in it ended.';
    if (reason?.code === 'NodeDisabled' || reason?.detail === 'room.disabled') return 'This room was disabled by a manager, so your session in it ended.';
    return `Your session in this room ended. ${describeError(reason)}`;
  }

  async function goToMessage() {
    if (!wantMessage || !room.joined) return;
    const id = wantMessage;
    wantMessage = null;
    const found = await state.seek(room, id);
    if (!found || !list.highlight(id)) {
      banner.replaceChildren(h('p', { text: 'That message is not in this room’s history any more.' }));
      banner.hidden = false;
    }
  }

  function markReadIfSeen() {
    if (document.visibilityState === 'visible' && room.joined) state.markRead(room);
  }

  // State events for this room.
  disposer.add(state.on('room', (changed) => {
    if (changed !== room) return;
    renderHeader();
    renderBanner();
    composer.update();
    list.renderStatus();
    if (room.joined) { markReadIfSeen(); goToMessage(); requestAnimationFrame(() => list.fill()); }
  }));
  disposer.add(state.on('messages', ({ room: changed, kind, messages }) => {
    if (changed !== room) return;
    if (kind === 'append') list.append(messages, { own: messages.some((m) => m.author === state.me?.uri) });
    else if (kind === 'prepend') { list.prepend(messages); requestAnimationFrame(() => list.fill()); }
    else { list.renderAll({ keepPosition: true }); requestAnimationFrame(() => list.fill()); }
    markReadIfSeen();
  }));
  disposer.add(state.on('history', ({ room: changed }) => { if (changed === room) list.renderStatus(); }));
  disposer.add(state.on('roster', (changed) => { if (changed === room) { people.render(); composer.update(); } }));
  disposer.add(state.on('names', () => { list.updateNames(); people.render(); }));
  disposer.add(state.on('incoming', ({ room: changed, message }) => {
    if (changed !== room || message.author === state.me?.uri) return;
    const what = message.storyTitle ? `story “${message.storyTitle}”` : message.text;
    announce(`${message.alert ? 'Alert from ' : ''}${state.displayName(message.author)}: ${what}`);
  }));
  disposer.add(session.on('status', () => renderBanner()));
  disposer.listen(document, 'visibilitychange', markReadIfSeen);

  // Where reading stopped: the first of the unread messages (when there are enough to scroll for).
  const firstUnread = room.unread > 3 ? room.messages[room.messages.length - room.unread]?.id : undefined;
  state.activeRoom = uri;
  state.emit('list');
  renderHeader();
  renderBanner();
  list.renderAll();
  if (firstUnread !== undefined && !wantMessage) list.markFirstUnread(firstUnread);
  requestAnimationFrame(() => list.fill());
  markReadIfSeen();
  goToMessage();

  return {
    uri,
    /** Same room, maybe another message to show. */
    update(next) {
      if (next.messageId) { wantMessage = Number(next.messageId); goToMessage(); }
    },
    focus() {
      // Straight to the message box, except on touch screens (where it would pop up the keyboard).
      if (!matchMedia('(pointer: coarse)').matches && room.postRule(state.me?.uri).allowed) composer.focus();
      else title.focus();
    },
    unmount() {
      disposer.dispose();
      if (state.activeRoom === uri) state.activeRoom = null;
      state.emit('list');
    },
  };
}
