// Searching message history (queryHistory) in one room or all my rooms, by words or an exact phrase, authors and
// dates. Each result links to the message in its room (#/room/<uri>/<id>).
import { formatShort, h, plural, roomHash, toSipUri } from '../dom.js';
import { describeError } from '../errors.js';
import { PERM } from '../state.js';
import { linkify } from '../parts.js';

let remembered = null; // {values, results}: the last search, shown again when coming back from a result

/** Forgets the last search (sign-out). */
export function clearSearch() { remembered = null; }

function parseDay(value, endOfDay) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || '');
  if (!match) return undefined;
  const [y, m, d] = match.slice(1).map(Number);
  return endOfDay ? new Date(y, m - 1, d + 1).getTime() - 1 : new Date(y, m - 1, d).getTime();
}

export function mountSearch(container, { state, session }) {
  const field = (id, labelText, control, extraClass = '') => h('div', { class: `field ${extraClass}`.trim() }, h('label', { htmlFor: id, text: labelText }), control);
  const q = h('input', { id: 'search-q', name: 'q', type: 'search', attrs: { autocomplete: 'off', placeholder: 'Words to find' } });
  const phrase = h('input', { id: 'search-phrase', name: 'phrase', type: 'checkbox' });
  const caseSensitive = h('input', { id: 'search-case', name: 'case', type: 'checkbox' });
  const authors = h('input', { id: 'search-authors', name: 'authors', type: 'text', attrs: { autocomplete: 'off', placeholder: 'e.g. alice@contoso.com, bob@contoso.com' } });
  const from = h('input', { id: 'search-from', name: 'from', type: 'date' });
  const to = h('input', { id: 'search-to', name: 'to', type: 'date' });
  const roomSelect = h('select', { id: 'search-room', name: 'room' });
  const submit = h('button', { type: 'submit', class: 'button-primary', text: 'Search' });
  const error = h('p', { id: 'search-error', class: 'form-error', attrs: { role: 'alert' }, hidden: true });
  const summary = h('p', { class: 'results-summary muted', attrs: { role: 'status' } });
  const results = h('ol', { id: 'search-results', class: 'search-results' });
  const more = h('button', { type: 'button', class: 'button-secondary', text: 'More results', hidden: true });
  const heading = h('h2', { id: 'search-title', class: 'view-title', tabIndex: -1, text: 'Search messages' });
  const form = h('form', { id: 'search', class: 'search-form', noValidate: true, attrs: { role: 'search', 'aria-label': 'Search messages' } },
    h('div', { class: 'search-main' }, field('search-q', 'Find', q, 'grow'), field('search-room', 'In', roomSelect), submit),
    h('div', { class: 'search-options' },
      h('div', { class: 'field checkbox' }, phrase, h('label', { htmlFor: 'search-phrase', text: 'Exact phrase' })),
      h('div', { class: 'field checkbox' }, caseSensitive, h('label', { htmlFor: 'search-case', text: 'Match case' })),
      field('search-authors', 'From people', authors, 'grow'),
      field('search-from', 'From date', from),
      field('search-to', 'To date', to)));
  container.replaceChildren(h('section', { class: 'view', attrs: { 'aria-labelledby': 'search-title' } },
    h('header', { class: 'view-header' }, heading), form, error, summary, results, more));

  // The rooms whose history I may read: my rooms I am joined to with the right, or a member of.
  function searchable() {
    return state.listed.filter((r) => (r.joined ? (r.permissions & PERM.readHistory) !== 0 : state.memberRooms.has(r.uri)));
  }
  let roomsKey = null;
  function fillRooms(selected) {
    const key = searchable().map((r) => `${r.uri} ${r.name}`).join('\n');
    if (key === roomsKey) return;
    roomsKey = key;
    roomSelect.replaceChildren(h('option', { value: '', text: 'All my rooms' }),
      ...searchable().map((r) => h('option', { value: r.uri, text: r.name })));
    roomSelect.value = selected || '';
    if (roomSelect.value !== (selected || '')) roomSelect.value = '';
  }

  let found = []; // {message, roomName}
  let continuations = []; // {room, startingMessageId} for rooms with more matches
  let lastQuery = null;
  let terms = [];

  function values() {
    return { q: q.value, phrase: phrase.checked, caseSensitive: caseSensitive.checked, authors: authors.value, from: from.value, to: to.value, room: roomSelect.value };
  }

  function buildQuery(v) {
    const query = { searchString: v.q.trim(), exactPhrase: v.phrase, caseSensitive: v.caseSensitive, searchOrderReversed: true, sortOrderReversed: true };
    const people = v.authors.split(/[,;\s]+/).filter(Boolean).map((a) => toSipUri(a.includes('@') || !state.server?.domain ? a : `${a}@${state.server.domain}`));
    if (people.length) query.authors = people;
    const start = parseDay(v.from, false);
    const end = parseDay(v.to, true);
    if (start !== undefined) query.from = start;
    if (end !== undefined) query.to = end;
    return query;
  }

  async function run(v, continuing = false) {
    error.hidden = true;
    const query = continuing ? lastQuery.query : buildQuery(v);
    if (!continuing) {
      if (!query.searchString && !query.authors && query.from === undefined && query.to === undefined) {
        showError('Type words to find, or choose people or dates.');
        q.focus();
        return;
      }
      if (query.from !== undefined && query.to !== undefined && query.from > query.to) { showError('The “from” date is after the “to” date.'); return; }
      const rooms = v.room ? [v.room] : searchable().map((r) => r.uri).slice(0, 100);
      if (!rooms.length) { showError('You are not in any room whose history you may read.'); return; }
      lastQuery = { query, rooms };
      terms = query.searchString ? (query.exactPhrase ? [query.searchString] : query.searchString.split(/\s+/)) : [];
      found = [];
      continuations = [];
    }
    submit.disabled = true;
    more.disabled = true;
    summary.textContent = 'Searching…';
    results.setAttribute('aria-busy', 'true');
    try {
      const batches = continuing
        ? continuations.map((c) => ({ rooms: [c.room], query: { ...query, startingMessageId: c.startingMessageId } }))
        : [{ rooms: lastQuery.rooms, query }];
      const next = [];
      for (const batch of batches) {
        const reply = await session.command('queryHistory', batch);
        for (const result of reply.results) {
          for (const message of result.messages) found.push({ message, roomName: result.roomName });
          if (result.exceededServerLimit && result.messages.length) {
            // Newest first in search order: go on after the oldest received.
            const last = result.messages.reduce((a, b) => (a.id < b.id ? a : b));
            next.push({ room: result.room, startingMessageId: last.id });
          }
        }
      }
      continuations = next;
      const seen = new Set();
      found = found.filter(({ message }) => (seen.has(`${message.room}/${message.id}`) ? false : seen.add(`${message.room}/${message.id}`)))
        .sort((a, b) => b.message.ts - a.message.ts || b.message.id - a.message.id);
      remembered = { values: v || remembered?.values, found, continuations, lastQuery, terms };
      render();
    } catch (refusal) {
      summary.textContent = '';
      showError(describeError(refusal));
    } finally {
      submit.disabled = false;
      more.disabled = false;
      results.removeAttribute('aria-busy');
    }
  }

  function showError(text) { error.textContent = text; error.hidden = false; }

  function render() {
    results.replaceChildren(...found.map(({ message, roomName }) => h('li', { class: 'search-result' },
      h('a', { class: 'result-link', href: roomHash(message.room, message.id) },
        h('span', { class: 'result-meta' },
          h('span', { class: 'result-room', text: roomName || message.roomName }),
          h('span', { class: 'result-author', text: state.displayName(message.author) }),
          h('time', { class: 'muted', dateTime: new Date(message.ts).toISOString(), text: formatShort(message.ts) }),
          message.alert ? h('span', { class: 'tag tag-alert', text: 'Alert' }) : null),
        message.storyTitle ? h('strong', { class: 'result-title', text: message.storyTitle }) : null,
        h('span', { class: 'result-text' }, textOnly(linkify(message.text || '', terms)))))));
    summary.textContent = found.length
      ? `${plural(found.length, 'message')} found${continuations.length ? ' so far' : ''}.`
      : 'Nothing found. Try fewer or other words.';
    more.hidden = continuations.length === 0;
  }

  // Links inside the result link would nest anchors: keep their text only.
  function textOnly(nodes) {
    return nodes.map((n) => (n instanceof HTMLAnchorElement ? n.textContent : n));
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); run(values()); });
  more.addEventListener('click', () => run(null, true));

  fillRooms(state.activeRoom);
  if (remembered) {
    const v = remembered.values;
    q.value = v.q; phrase.checked = v.phrase; caseSensitive.checked = v.caseSensitive;
    authors.value = v.authors; from.value = v.from; to.value = v.to;
    roomsKey = null;
    fillRooms(v.room);
    ({ found, continuations, lastQuery, terms } = remembered);
    render();
  }
  const offList = state.on('list', () => fillRooms(roomSelect.value));
  const offNames = state.on('names', () => { if (found.length) render(); });
  return { focus: () => q.focus(), unmount: () => { offList(); offNames(); } };
}
