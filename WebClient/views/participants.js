// Who is in the room: `ul#participants`, kept live by participantJoined/Left and privilegeChanged notices. A room
// over the participant update limit announces no joins or leaves: then `#participants-hidden` says so and offers
// to fetch the list once.
import { h } from '../dom.js';
import { describeError } from '../errors.js';
import { hue, initials } from './messages.js';

export function mountParticipants(container, { state, room, onCount }) {
  const heading = h('h3', { id: 'participants-title', class: 'pane-title', text: 'People' });
  const list = h('ul', { id: 'participants', class: 'participants', attrs: { 'aria-labelledby': 'participants-title' } });
  const hiddenNote = h('div', { id: 'participants-hidden', class: 'participants-hidden', hidden: true });
  container.replaceChildren(heading, hiddenNote, list);

  function render() {
    if (room.rosterHidden) {
      const limit = state.server?.participantUpdateLimit;
      const fetchButton = h('button', { type: 'button', class: 'link-button', text: room.participants.size ? 'Refresh the list' : 'Show who is here' });
      const error = h('p', { class: 'inline-error', attrs: { role: 'alert' }, hidden: true });
      fetchButton.addEventListener('click', async () => {
        fetchButton.disabled = true;
        try { await state.loadHiddenParticipants(room); } catch (refusal) { error.textContent = describeError(refusal); error.hidden = false; }
        fetchButton.disabled = false;
      });
      hiddenNote.replaceChildren(
        h('p', { text: `This room is busy${limit ? ` (over ${limit} people)` : ''}, so arrivals and departures are not shown live.` }),
        fetchButton, error);
      hiddenNote.hidden = false;
    } else {
      hiddenNote.hidden = true;
    }
    const people = [...room.participants.values()].sort((a, b) => rank(a) - rank(b)
      || (a.displayName || a.uri).localeCompare(b.displayName || b.uri, undefined, { sensitivity: 'base' }));
    list.replaceChildren(...people.map((p) => {
      const me = p.uri === state.me?.uri;
      const roles = [p.isManager && 'manager', p.isPresenter && 'presenter'].filter(Boolean);
      const notes = [...roles.map((r) => r[0].toUpperCase() + r.slice(1)), me && 'you'].filter(Boolean).join(' · ');
      return h('li', { dataset: { uri: p.uri }, class: [me && 'self', ...roles.map((r) => `is-${r}`)].filter(Boolean).join(' '), title: p.uri },
        h('span', { class: `avatar avatar-small ${hue(p.uri)}`, text: initials(p.displayName || p.uri), attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'participant-text' },
          h('span', { class: 'participant-name', text: p.displayName || p.uri }),
          notes ? h('span', { class: 'participant-roles', text: notes }) : null));
    }));
    heading.textContent = room.rosterHidden && !room.participants.size ? 'People' : `People · ${room.participants.size}`;
    onCount?.(room.participants.size);
  }

  // Presenters first in an auditorium, then managers, then everyone.
  function rank(p) {
    if (room.isAuditorium && p.isPresenter) return 0;
    return p.isManager ? 1 : 2;
  }

  render();
  return { render };
}
