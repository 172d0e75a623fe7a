// The message list of a room: `ol#messages`, the scroll container. Day separators, alerts, stories, formatted
// parts; older pages load when scrolling near the top, keeping the scroll position; new messages stick to the
// bottom when the reader is there, else a "new messages" button appears.
import { dayKey, formatDay, formatFull, formatTime, h } from '../dom.js';
import { renderBody } from '../parts.js';

const GROUP_MS = 5 * 60 * 1000;
const NEAR_TOP_PX = 300;
const NEAR_BOTTOM_PX = 48;

export function initials(name) {
  const words = (name || '?').replace(/^sip:/i, '').split(/[\s._@-]+/).filter(Boolean);
  return ((words[0]?.[0] || '?') + (words.length > 1 ? words[words.length - 1][0] : '')).toUpperCase();
}

/** A stable colour class for a person. */
export function hue(uri) {
  let hash = 0;
  for (const ch of uri || '') hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return `hue-${hash % 8}`;
}

export class MessageList {
  #state;
  #room;
  #ctx;
  #nodes = new Map(); // id → li
  #status;
  #jump;
  #unseen = 0;
  #onNearTop;
  ol;

  /** ctx: {download(part, anchor)}; jump: the "new messages" button; onNearTop(): load older. */
  constructor({ state, room, ctx, jump, onNearTop }) {
    this.#state = state;
    this.#room = room;
    this.#ctx = ctx;
    this.#jump = jump;
    this.#onNearTop = onNearTop;
    this.ol = h('ol', { id: 'messages', class: 'messages', tabIndex: 0, attrs: { 'aria-label': `Messages in ${room.name || 'this room'}` } });
    this.#status = h('li', { class: 'history-status' });
    this.ol.addEventListener('scroll', () => this.#scrolled(), { passive: true });
    jump.addEventListener('click', () => { this.scrollToBottom(); this.ol.focus({ preventScroll: true }); });
  }

  get atBottom() { return this.ol.scrollHeight - this.ol.scrollTop - this.ol.clientHeight < NEAR_BOTTOM_PX; }

  scrollToBottom() {
    this.ol.scrollTop = this.ol.scrollHeight;
    this.#unseen = 0;
    this.#renderJump();
  }

  /** Rebuilds the list from the room's messages (reusing nodes). */
  renderAll({ keepPosition = false } = {}) {
    const fromBottom = this.ol.scrollHeight - this.ol.scrollTop;
    const wasAtBottom = this.atBottom;
    const nodes = [this.#status];
    let previous = null;
    const keep = new Set();
    for (const message of this.#room.messages) {
      if (!previous || dayKey(previous.ts) !== dayKey(message.ts)) nodes.push(this.#separator(message.ts));
      const li = this.#nodeFor(message);
      li.classList.toggle('continued', this.#continues(previous, message));
      nodes.push(li);
      keep.add(message.id);
      previous = message;
    }
    for (const id of this.#nodes.keys()) if (!keep.has(id)) this.#nodes.delete(id);
    this.ol.replaceChildren(...nodes);
    this.renderStatus();
    if (keepPosition && !wasAtBottom) this.ol.scrollTop = this.ol.scrollHeight - fromBottom;
    else this.scrollToBottom();
  }

  /** Adds messages after the newest shown. */
  append(messages, { own = false } = {}) {
    const wasAtBottom = this.atBottom;
    const all = this.#room.messages;
    for (const message of messages) {
      const index = all.findIndex((m) => m.id === message.id);
      const previous = index > 0 ? all[index - 1] : null;
      if (!previous || dayKey(previous.ts) !== dayKey(message.ts)) this.ol.append(this.#separator(message.ts));
      const li = this.#nodeFor(message);
      li.classList.toggle('continued', this.#continues(previous, message));
      this.ol.append(li);
    }
    this.renderStatus();
    if (wasAtBottom || own) this.scrollToBottom();
    else { this.#unseen += messages.length; this.#renderJump(); }
  }

  /** Adds older messages above the oldest shown, keeping what the reader sees in place. */
  prepend(messages) {
    if (!messages.length) { this.renderStatus(); return; }
    const fromBottom = this.ol.scrollHeight - this.ol.scrollTop;
    const fragment = document.createDocumentFragment();
    let previous = null;
    for (const message of messages) {
      if (!previous || dayKey(previous.ts) !== dayKey(message.ts)) fragment.append(this.#separator(message.ts));
      const li = this.#nodeFor(message);
      li.classList.toggle('continued', this.#continues(previous, message));
      fragment.append(li);
      previous = message;
    }
    // The old first message: its day separator goes when the new last one is of the same day.
    const oldFirstSeparator = this.#status.nextElementSibling;
    const oldFirst = oldFirstSeparator?.nextElementSibling;
    const oldFirstMessage = oldFirst && this.#room.messages.find((m) => String(m.id) === oldFirst.dataset.messageId);
    if (oldFirstSeparator?.classList.contains('day-separator') && oldFirstMessage && dayKey(oldFirstMessage.ts) === dayKey(previous.ts)) {
      oldFirstSeparator.remove();
    }
    if (oldFirst && oldFirstMessage) oldFirst.classList.toggle('continued', this.#continues(previous, oldFirstMessage));
    this.#status.after(fragment);
    this.ol.scrollTop = this.ol.scrollHeight - fromBottom;
    this.renderStatus();
  }

  /** The top line: loading, a button to load more, or the beginning of the history. */
  renderStatus() {
    const room = this.#room;
    if (room.loadingOlder) {
      this.#status.replaceChildren(h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), 'Loading older messages…');
    } else if (room.hasOlder && room.messages.length) {
      this.#status.replaceChildren(h('button', { type: 'button', class: 'link-button', text: 'Load older messages', on: { click: () => this.#onNearTop() } }));
    } else if (room.joined || room.messages.length) {
      this.#status.replaceChildren(room.messages.length ? 'This is the beginning of the room’s history.' : 'No messages yet. Say hello!');
    } else {
      this.#status.replaceChildren();
    }
  }

  /** Scrolls to a message and marks it for a moment. False when it is not loaded. */
  highlight(id) {
    const li = this.#nodes.get(Number(id));
    if (!li) return false;
    li.scrollIntoView({ block: 'center' });
    li.classList.remove('highlight');
    void li.offsetWidth; // restarts the animation
    li.classList.add('highlight');
    li.focus({ preventScroll: true });
    return true;
  }

  /** Marks the first unread message with a "new" line and brings it into view. */
  markFirstUnread(id) {
    const li = this.#nodes.get(id);
    if (!li) return;
    li.classList.add('first-unread');
    li.scrollIntoView({ block: 'center' });
  }

  /** Fills the view: loads older pages while there is no scrollbar yet. */
  fill() {
    if (this.#room.hasOlder && this.ol.scrollHeight <= this.ol.clientHeight + NEAR_TOP_PX) this.#onNearTop();
  }

  updateNames() {
    for (const li of this.#nodes.values()) {
      const author = li.querySelector('.author');
      const name = this.#state.displayName(author.dataset.uri);
      if (author.textContent !== name) {
        author.textContent = name;
        li.querySelector('.avatar').textContent = initials(name);
      }
    }
  }

  #scrolled() {
    if (this.ol.scrollTop < NEAR_TOP_PX && this.#room.hasOlder && !this.#room.loadingOlder) this.#onNearTop();
    if (this.atBottom && this.#unseen) { this.#unseen = 0; this.#renderJump(); }
  }

  #renderJump() {
    this.#jump.hidden = this.#unseen === 0;
    this.#jump.lastChild.textContent = this.#unseen === 1 ? '1 new message' : `${this.#unseen} new messages`;
  }

  #continues(previous, message) {
    return !!previous && previous.author === message.author && message.ts - previous.ts < GROUP_MS
      && dayKey(previous.ts) === dayKey(message.ts) && !message.alert && !message.storyTitle && !previous.storyTitle;
  }

  #separator(ts) {
    return h('li', { class: 'day-separator' }, h('span', { text: formatDay(ts) }));
  }

  #nodeFor(message) {
    let li = this.#nodes.get(message.id);
    if (li) return li;
    const name = this.#state.displayName(message.author);
    const own = message.author === this.#state.me?.uri;
    const classes = ['message', own && 'own', message.alert && 'alert', message.storyTitle && 'story'].filter(Boolean);
    const meta = h('div', { class: 'meta' },
      h('span', { class: 'author', dataset: { uri: message.author }, title: message.author, text: name }),
      h('time', { class: 'time', dateTime: new Date(message.ts).toISOString(), title: formatFull(message.ts), text: formatTime(message.ts) }),
      message.alert ? h('span', { class: 'tag tag-alert', text: 'Alert' }) : null);
    li = h('li', { class: classes.join(' '), dataset: { messageId: String(message.id) }, tabIndex: -1 },
      h('span', { class: `avatar ${hue(message.author)}`, text: initials(name), attrs: { 'aria-hidden': 'true' } }),
      h('div', { class: 'content' },
        meta,
        message.storyTitle ? h('h3', { class: 'story-title', text: message.storyTitle }) : null,
        h('div', { class: 'body' }, renderBody(message, this.#ctx))));
    this.#nodes.set(message.id, li);
    return li;
  }
}
