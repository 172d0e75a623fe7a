// Finding rooms I may see: browse by words in names (and descriptions), optionally filtered by privacy.
import { Disposer, h, plural, roomHash } from '../dom.js';
import { describeError } from '../errors.js';
import { roomIcon, roomKind } from './rooms.js';

/** One room in a result list, with Join (or Open when I am in it). Shared with the invitations view. */
export function roomEntry(state, snapshot, { extra, onJoined } = {}) {
  const error = h('p', { class: 'inline-error', attrs: { role: 'alert' }, hidden: true });
  const actions = h('div', { class: 'entry-actions' });
  const li = h('li', { class: 'room-entry', dataset: { roomUri: snapshot.uri } },
    h('span', { class: 'entry-icon', attrs: { 'aria-hidden': 'true' } }, roomIcon({ privacy: snapshot.privacy, isAuditorium: snapshot.behavior === 'auditorium' })),
    h('div', { class: 'entry-text' },
      h('h3', { class: 'entry-name', text: snapshot.name }),
      snapshot.description ? h('p', { class: 'entry-description', text: snapshot.description }) : null,
      h('p', { class: 'entry-meta muted', text: [roomKind({ privacy: snapshot.privacy, isAuditorium: snapshot.behavior === 'auditorium' }), snapshot.categoryName, typeof snapshot.participants === 'number' ? `${plural(snapshot.participants, 'person', 'people')} here` : ''].filter(Boolean).join(' · ') }),
      extra || null,
      error),
    actions);

  let shownJoined = null;
  function renderActions() {
    const joined = !!state.room(snapshot.uri)?.joined;
    if (joined === shownJoined) return; // keeps a button that is busy joining
    shownJoined = joined;
    if (joined) {
      actions.replaceChildren(h('a', { class: 'button-secondary open', href: roomHash(snapshot.uri), text: 'Open' }));
      return;
    }
    const join = h('button', {
      type: 'button', class: 'button-primary join', text: 'Join',
      attrs: { 'aria-label': `Join ${snapshot.name}` },
      on: {
        click: async () => {
          join.disabled = true;
          join.textContent = 'Joining…';
          error.hidden = true;
          try {
            await state.join(snapshot.uri, snapshot);
            onJoined?.(snapshot);
            location.hash = roomHash(snapshot.uri);
          } catch (refusal) {
            error.textContent = describeError(refusal);
            error.hidden = false;
            join.disabled = false;
            join.textContent = 'Join';
          }
        },
      },
    });
    actions.replaceChildren(join);
  }
  renderActions();
  return { li, renderActions };
}

export function mountBrowse(container, { state, session }) {
  const disposer = new Disposer();
  const criteria = h('input', { id: 'browse-criteria', name: 'criteria', type: 'search', attrs: { autocomplete: 'off', placeholder: 'Room name' } });
  const descriptions = h('input', { id: 'browse-descriptions', name: 'descriptions', type: 'checkbox', checked: true });
  const privacy = h('select', { id: 'browse-privacy', name: 'privacy' },
    h('option', { value: '', text: 'Any' }), h('option', { value: 'open', text: 'Open' }),
    h('option', { value: 'closed', text: 'Closed' }), h('option', { value: 'secret', text: 'Secret' }));
  const error = h('p', { id: 'browse-error', class: 'form-error', attrs: { role: 'alert' }, hidden: true });
  const summary = h('p', { class: 'muted results-summary', attrs: { role: 'status' } });
  const results = h('ul', { id: 'browse-results', class: 'entries' });
  const heading = h('h2', { id: 'browse-title', class: 'view-title', tabIndex: -1, text: 'Browse rooms' });
  const form = h('form', { id: 'browse', class: 'toolbar-form', attrs: { role: 'search', 'aria-label': 'Find rooms' } },
    h('div', { class: 'field grow' }, h('label', { htmlFor: 'browse-criteria', text: 'Find rooms' }), criteria),
    h('div', { class: 'field' }, h('label', { htmlFor: 'browse-privacy', text: 'Privacy' }), privacy),
    h('div', { class: 'field checkbox' }, descriptions, h('label', { htmlFor: 'browse-descriptions', text: 'Search descriptions too' })),
    h('button', { type: 'submit', class: 'button-primary', text: 'Search' }));
  container.replaceChildren(h('section', { class: 'view', attrs: { 'aria-labelledby': 'browse-title' } },
    h('header', { class: 'view-header' }, heading, h('p', { class: 'muted', text: 'Rooms you may see. Open rooms welcome everyone; closed rooms only their members.' })),
    form, error, summary, results));

  let entries = [];
  let generation = 0;
  async function run() {
    const mine = ++generation;
    error.hidden = true;
    summary.textContent = 'Searching…';
    results.setAttribute('aria-busy', 'true');
    try {
      const words = criteria.value.trim();
      const reply = privacy.value
        ? await session.command('browseFiltered', { searchTerms: words || undefined, searchDescription: descriptions.checked, privacy: privacy.value })
        : await session.command('browse', { criteria: words, searchDescription: descriptions.checked });
      if (mine !== generation) return;
      const rooms = [...reply.rooms].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
      entries = rooms.map((snapshot) => roomEntry(state, snapshot));
      results.replaceChildren(...entries.map((e) => e.li));
      summary.textContent = rooms.length ? plural(rooms.length, 'room') + ' found.' : 'No rooms match. Try other words.';
    } catch (refusal) {
      if (mine !== generation) return;
      summary.textContent = '';
      error.textContent = describeError(refusal);
      error.hidden = false;
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); run(); });
  disposer.add(state.on('room', () => entries.forEach((e) => e.renderActions())));
  run();
  return { focus: () => criteria.focus(), unmount: () => disposer.dispose() };
}
