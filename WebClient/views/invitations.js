// Invitations: rooms I was made a member of and have not joined or dismissed yet. Live `invitation` notices add to it.
import { Disposer, formatShort, h } from '../dom.js';
import { roomEntry } from './browse.js';

export function mountInvitations(container, { state }) {
  const disposer = new Disposer();
  const heading = h('h2', { id: 'invitations-title', class: 'view-title', tabIndex: -1, text: 'Invitations' });
  const list = h('ul', { id: 'invitations', class: 'entries', attrs: { 'aria-labelledby': 'invitations-title' } });
  const empty = h('p', { class: 'empty-state muted', text: 'No invitations right now. When a room manager adds you to a room, it shows up here.' });
  container.replaceChildren(h('section', { class: 'view', attrs: { 'aria-labelledby': 'invitations-title' } },
    h('header', { class: 'view-header' }, heading), list, empty));

  let entries = [];
  function render() {
    const pending = state.pendingInvitations();
    // Keep entries that are still pending (a button may be busy joining).
    const byId = new Map(entries.map((e) => [e.id, e]));
    entries = pending.map((invitation) => byId.get(invitation.id) || entryFor(invitation));
    list.replaceChildren(...entries.map((e) => e.li));
    empty.hidden = entries.length > 0;
  }

  function entryFor(invitation) {
    const by = invitation.invitedBy ? `Invited by ${state.displayName(invitation.invitedBy)}` : 'Invited';
    const dismiss = h('button', {
      type: 'button', class: 'button-quiet dismiss', text: 'Dismiss',
      attrs: { 'aria-label': `Dismiss the invitation to ${invitation.room.name}` },
      on: { click: () => state.dismissInvitation(invitation.id) },
    });
    const entry = roomEntry(state, invitation.room, {
      extra: h('p', { class: 'entry-meta muted', text: `${by} · ${formatShort(invitation.createdOn)}` }),
    });
    entry.li.querySelector('.entry-actions').append(dismiss);
    entry.li.classList.add('invitation');
    return { id: invitation.id, li: entry.li };
  }

  disposer.add(state.on('invitations', render));
  disposer.add(state.on('names', () => { entries = []; render(); }));
  render();
  return { focus: () => heading.focus(), unmount: () => disposer.dispose() };
}
