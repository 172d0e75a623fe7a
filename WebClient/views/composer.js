// The message box: plain messages, alerts and stories. Enter sends, Shift+Enter makes a new line. Text is cleared
// only once the server has stored the message; a retry reuses the clientMessageId, so it is never stored twice.
import { h, utf8Length } from '../dom.js';
import { ChatError, describeError } from '../errors.js';
import { icon } from '../icons.js';

const drafts = new Map(); // room uri → {text, kind, title}: kept while switching rooms

/** Forgets the drafts (sign-out: the next user of the tab must not see them). */
export function clearDrafts() { drafts.clear(); }

function newMessageId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Pages served over plain http on a LAN name have no randomUUID: build a version 4 UUID by hand.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function mountComposer(container, { state, session, room, uploader }) {
  const note = h('p', { id: 'composer-note', class: 'composer-note', hidden: true });
  const kind = h('select', { id: 'composer-kind', name: 'kind', attrs: { 'aria-label': 'Message type' } },
    h('option', { value: 'plain', text: 'Message' }),
    h('option', { value: 'alert', text: 'Alert' }),
    h('option', { value: 'story', text: 'Story' }));
  const title = h('input', {
    id: 'composer-title', name: 'story-title', type: 'text', hidden: true, maxLength: 256,
    attrs: { 'aria-label': 'Story title', placeholder: 'Story title', autocomplete: 'off' },
  });
  const text = h('textarea', {
    id: 'composer-text', name: 'text', rows: 1,
    attrs: { 'aria-label': `Message ${room.name || ''}`.trim(), 'aria-describedby': 'composer-hint composer-note', placeholder: `Message ${room.name || ''}`.trim() },
  });
  const send = h('button', { type: 'submit', class: 'button-primary send', title: 'Send (Enter)' }, icon('send'), h('span', { class: 'send-label', text: 'Send' }));
  const counter = h('span', { class: 'counter', attrs: { 'aria-live': 'polite' } });
  const hint = h('span', { id: 'composer-hint', class: 'hint', text: 'Enter to send · Shift+Enter for a new line' });
  const error = h('p', { id: 'composer-error', class: 'inline-error', attrs: { role: 'alert' }, hidden: true });
  const form = h('form', { id: 'composer', class: 'composer', noValidate: true, attrs: { 'aria-label': 'Write a message' } },
    h('div', { class: 'composer-options' }, kind, title),
    h('div', { class: 'composer-row' }, uploader.control, uploader.input, text, send),
    h('div', { class: 'composer-meta' }, hint, counter));
  container.replaceChildren(note, form, error, uploader.panel);

  let pending = null; // {id, signature}: the clientMessageId of the text being sent
  let sending = false;
  let retryWhenBack = false;
  let allowed = false;

  const draft = drafts.get(room.uri);
  if (draft) { text.value = draft.text; kind.value = draft.kind; title.value = draft.title; }

  function limit() {
    const server = state.server || {};
    return kind.value === 'story' ? server.storySizeLimit : server.messageSizeLimit;
  }

  function showError(message) { error.textContent = message; error.hidden = !message; }

  function refresh() {
    const isStory = kind.value === 'story';
    title.hidden = !isStory;
    const what = room.name || 'this room';
    const placeholder = isStory ? 'Story text' : kind.value === 'alert' ? `Alert everyone in ${what}` : `Message ${what}`;
    text.placeholder = placeholder;
    text.setAttribute('aria-label', isStory ? 'Story text' : placeholder);
    form.classList.toggle('is-alert', kind.value === 'alert');
    const bytes = utf8Length(text.value);
    const max = limit();
    if (max && bytes > max * 0.8) {
      counter.textContent = bytes > max ? `${bytes - max} bytes over the limit` : `${max - bytes} bytes left`;
      counter.classList.toggle('over', bytes > max);
    } else {
      counter.textContent = '';
    }
    // Grows with the text, up to a third of the screen.
    text.style.height = 'auto';
    text.style.height = `${Math.min(text.scrollHeight + 2, Math.max(120, window.innerHeight / 3))}px`;
    drafts.set(room.uri, { text: text.value, kind: kind.value, title: title.value });
  }

  /** Applies who may post now (joined, auditorium, permissions). */
  function update() {
    refresh(); // the room's name may have arrived with the join
    const rule = room.postRule(state.me?.uri);
    allowed = rule.allowed;
    // While (re)joining the box stays usable, only sending waits.
    for (const control of [text, kind, title]) control.disabled = !allowed && !rule.transient;
    send.disabled = !allowed || sending;
    uploader.setEnabled(allowed);
    note.textContent = rule.reason || '';
    note.hidden = allowed || !!rule.transient; // the room's banner says it is joining
    form.classList.toggle('disabled', !allowed && !rule.transient);
    if (allowed && retryWhenBack && pending && !sending) { retryWhenBack = false; form.requestSubmit(); }
  }

  async function submit() {
    if (sending) return;
    if (!allowed) {
      // Joining (e.g. reconnecting): send as soon as the room is back.
      if (room.status === 'joining' && text.value.trim()) {
        retryWhenBack = true;
        if (!pending) pending = { id: newMessageId(), signature: JSON.stringify([kind.value, title.value.trim(), text.value]) };
        showError('Not sent yet: waiting for the connection. Your message will be sent when it is back.');
      }
      return;
    }
    const body = text.value;
    const storyTitle = title.value.trim();
    const type = kind.value;
    if (!body.trim()) { showError(type === 'story' ? 'Write the story’s text first.' : 'Type a message first.'); text.focus(); return; }
    if (type === 'story' && !storyTitle) { showError('Give the story a title.'); title.focus(); return; }
    const frameLimit = state.server?.frameSizeLimit;
    if (frameLimit && utf8Length(body) > frameLimit - 4096) { showError(describeError(new ChatError({ code: 'LimitExceeded', detail: 'message.tooLarge' }))); return; }
    // The same content keeps its id: a retry after a lost reply is stored once.
    const signature = JSON.stringify([type, storyTitle, body]);
    if (!pending || pending.signature !== signature) pending = { id: newMessageId(), signature };
    sending = true;
    send.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await session.post({
        room: room.uri, clientMessageId: pending.id, text: body, alert: type === 'alert',
        ...(type === 'story' ? { storyTitle } : {}),
      });
      pending = null;
      retryWhenBack = false;
      showError('');
      if (text.value === body) text.value = '';
      if (title.value.trim() === storyTitle) title.value = '';
      kind.value = 'plain';
      refresh();
    } catch (refusal) {
      if (refusal.isConnection) {
        retryWhenBack = true;
        showError('Not sent yet: the connection dropped. Your message is kept and will be sent when the connection is back.');
      } else if (refusal.detail === 'message.tooLarge' && limit()) {
        // Name the limit and where the text stands, so it can be cut to fit.
        showError(`${describeError(refusal)} It is ${utf8Length(body)} bytes; the limit is ${limit()}.`);
      } else {
        showError(describeError(refusal));
      }
    } finally {
      sending = false;
      form.removeAttribute('aria-busy');
      send.disabled = !allowed;
    }
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); submit(); });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  title.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) { event.preventDefault(); text.focus(); }
  });
  text.addEventListener('input', () => { if (!retryWhenBack) showError(''); refresh(); });
  title.addEventListener('input', refresh);
  kind.addEventListener('change', () => { refresh(); (kind.value === 'story' && !title.value ? title : text).focus(); });

  refresh();
  update();
  return {
    update,
    focus() { if (allowed) text.focus(); },
    get element() { return form; },
  };
}
