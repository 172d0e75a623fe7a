// Small DOM and formatting helpers. Everything builds nodes with textContent and properties, never HTML strings.

/**
 * Creates an element. `props`: `class`, `text`, `dataset`, `attrs` (setAttribute), `on` (event listeners),
 * `hidden`, and any other key set as a property (id, type, name, value, href, disabled, …).
 * Children are nodes, strings (text nodes) or null/false (skipped); arrays are flattened.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'attrs') for (const [a, v] of Object.entries(value)) { if (v !== null && v !== undefined && v !== false) el.setAttribute(a, v === true ? '' : String(v)); }
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else el[key] = value;
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** A minimal event emitter; `on` returns the function that unsubscribes. */
export class Emitter {
  #handlers = new Map();
  on(type, fn) {
    if (!this.#handlers.has(type)) this.#handlers.set(type, new Set());
    this.#handlers.get(type).add(fn);
    return () => this.#handlers.get(type)?.delete(fn);
  }
  emit(type, detail) {
    for (const fn of [...(this.#handlers.get(type) || [])]) {
      try { fn(detail); } catch (error) { console.error(error); }
    }
  }
}

/** Runs the unsubscribe functions collected by a view when it goes away. */
export class Disposer {
  #items = [];
  add(fn) { this.#items.push(fn); return fn; }
  listen(target, type, fn, options) {
    target.addEventListener(type, fn, options);
    this.#items.push(() => target.removeEventListener(type, fn, options));
  }
  dispose() { for (const fn of this.#items.splice(0).reverse()) { try { fn(); } catch (error) { console.error(error); } } }
}

export function debounce(fn, ms) {
  let timer = 0;
  const debounced = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/** Says `text` through the page's polite live region (screen readers), without showing it. */
export function announce(text) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A fresh text node after a tick makes repeated identical texts be read again.
  setTimeout(() => { region.textContent = text; }, 30);
}

// Route helpers: room URIs travel percent-encoded in one hash segment.
export const roomHash = (uri, messageId) =>
  `#/room/${encodeURIComponent(uri)}${messageId !== undefined && messageId !== null ? `/${messageId}` : ''}`;
export const manageHash = (uri) => `#/manage/${encodeURIComponent(uri)}`;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const dayYearFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const shortFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatTime = (ms) => timeFormat.format(new Date(ms));
export const formatFull = (ms) => fullFormat.format(new Date(ms));
export const formatShort = (ms) => shortFormat.format(new Date(ms));

/** A day key (local time) for grouping messages under day separators. */
export function dayKey(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** "Today", "Yesterday", or the date, for a day separator. */
export function formatDay(ms) {
  const d = new Date(ms);
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (dayKey(ms) === dayKey(today.getTime())) return 'Today';
  if (dayKey(ms) === dayKey(yesterday.getTime())) return 'Yesterday';
  return (d.getFullYear() === today.getFullYear() ? dayFormat : dayYearFormat).format(d);
}

export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The user part of a SIP URI ("sip:bob@contoso.com" → "bob"), for people whose display name is not known. */
export function shortName(uri) {
  const match = /^sip:([^@]+)@/i.exec(uri || '');
  return match ? match[1] : (uri || 'someone');
}

/** Normalises what people type as a SIP address: "bob@contoso.com" → "sip:bob@contoso.com". */
export function toSipUri(text) {
  const value = text.trim();
  if (!value) return '';
  return /^sip:/i.test(value) ? `sip:${value.slice(4)}` : `sip:${value}`;
}

export const utf8Length = (text) => new TextEncoder().encode(text).length;

/** Allowed link targets in messages: http, https, mailto only. Returns the URL string or null. */
export function safeUrl(text) {
  try {
    const url = new URL(text);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
