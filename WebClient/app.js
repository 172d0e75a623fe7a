// Bootstrap and router. Hash routes: #/rooms, #/room/<uri>[/<messageId>], #/browse, #/invitations, #/search,
// #/manage/<uri>. The page shows the sign-in form, a splash while a saved session signs in again, or the app.
import { announce, h } from './dom.js';
import { describeError } from './errors.js';
import { Session } from './session.js';
import { ChatState } from './state.js';
import { mountBrowse } from './views/browse.js';
import { clearDrafts } from './views/composer.js';
import { cancelAllUploads } from './views/files.js';
import { mountInvitations } from './views/invitations.js';
import { mountManage } from './views/manage.js';
import { mountRoom } from './views/room.js';
import { mountHome, mountSidebar } from './views/rooms.js';
import { clearSearch, mountSearch } from './views/search.js';
import { mountSignIn } from './views/signin.js';
import { icon } from './icons.js';
import { initials } from './views/messages.js';

const session = new Session();
const state = new ChatState(session);
const byId = (id) => document.getElementById(id);

const VIEWS = {
  home: { mount: mountHome, title: () => 'Rooms' },
  room: { mount: mountRoom, title: (p) => state.room(p.uri)?.name || 'Room' },
  browse: { mount: mountBrowse, title: () => 'Browse rooms' },
  invitations: { mount: mountInvitations, title: () => 'Invitations' },
  search: { mount: mountSearch, title: () => 'Search' },
  manage: { mount: mountManage, title: (p) => `Manage ${state.room(p.uri)?.name || 'room'}` },
};

let current = null; // {key, name, params, view}
let sidebar = null;
let signIn = null;
let lastUser = '';
let statusTimer = 0;
let reconnected = false;
let shellRun = 0; // bumped by each sign-in and sign-out, so a late showShell stops

const ctx = { state, session };

function parseRoute(hash) {
  const decode = (text) => { try { return decodeURIComponent(text); } catch { return null; } };
  let match = /^#\/room\/(.+?)(?:\/(\d+))?$/.exec(hash);
  if (match && decode(match[1])) return { name: 'room', key: `room:${decode(match[1])}`, params: { uri: decode(match[1]), messageId: match[2] } };
  match = /^#\/manage\/(.+)$/.exec(hash);
  if (match && decode(match[1])) return { name: 'manage', key: `manage:${decode(match[1])}`, params: { uri: decode(match[1]) } };
  const simple = { '#/browse': 'browse', '#/invitations': 'invitations', '#/search': 'search' }[hash];
  return simple ? { name: simple, key: simple, params: {} } : { name: 'home', key: 'home', params: {} };
}

function route({ focus = true } = {}) {
  if (session.state === 'signedOut' || !state.me) return;
  const next = parseRoute(location.hash);
  closeNav();
  if (current && current.key === next.key && current.view.update) {
    current.view.update(next.params);
    return;
  }
  unmountView();
  const main = byId('main');
  main.replaceChildren();
  current = { ...next, view: VIEWS[next.name].mount(main, ctx, next.params) };
  main.scrollTop = 0;
  updateTitle();
  if (focus) current.view.focus?.();
}

function unmountView() {
  current?.view.unmount?.();
  current = null;
}

function updateTitle() {
  const unread = state.unreadTotal;
  byId('nav-toggle').classList.toggle('has-unread', unread > 0);
  const base = current ? VIEWS[current.name].title(current.params) : 'Persistent Chat';
  document.title = `${unread ? `(${unread}) ` : ''}${base} · Persistent Chat`;
}

// Screens.

function showSignIn(message) {
  unmountView();
  sidebar?.unmount();
  sidebar = null;
  byId('shell').hidden = true;
  byId('splash').hidden = true;
  const screen = byId('signin-screen');
  screen.hidden = false;
  signIn?.unmount();
  signIn = mountSignIn(screen, { session, message, lastUser });
  document.title = 'Sign in · Persistent Chat';
}

function showSplash() {
  byId('signin-screen').hidden = true;
  byId('shell').hidden = true;
  const splash = byId('splash');
  splash.hidden = false;
  const status = h('p', { class: 'splash-status', text: 'Signing in again…' });
  const retry = h('button', { type: 'button', class: 'button-secondary', text: 'Try now', hidden: true, on: { click: () => session.retryNow() } });
  const out = h('button', { type: 'button', class: 'button-quiet', text: 'Sign out', on: { click: () => session.signOut() } });
  splash.replaceChildren(h('div', { class: 'splash-card' }, h('div', { class: 'signin-logo', attrs: { 'aria-hidden': 'true' } }), status, h('div', { class: 'banner-actions' }, retry, out)));
  const off = session.on('status', ({ state: now }) => {
    if (byId('splash').hidden) { off(); return; }
    const why = session.lastError && !session.lastError.isConnection ? describeError(session.lastError) : 'The chat server cannot be reached.';
    status.textContent = now === 'reconnecting' ? `${why} Retrying…` : 'Signing in again…';
    retry.hidden = now !== 'reconnecting' || session.attempting;
  });
}

async function showShell() {
  signIn?.unmount();
  signIn = null;
  byId('signin-screen').hidden = true;
  byId('splash').hidden = true;
  byId('shell').hidden = false;
  const me = session.user;
  const run = ++shellRun;
  lastUser = me.uri;
  showMe(null);
  byId('brand').textContent = session.server?.displayName || 'Persistent Chat';
  byId('main').replaceChildren(h('p', { class: 'view muted', text: 'Loading your rooms…' }));
  await state.start();
  if (run !== shellRun) return; // signed out (or in again) meanwhile
  sidebar?.unmount();
  sidebar = mountSidebar(byId('sidebar'), { state });
  // Filled once the sidebar is there: whoever waits for the name finds the room list too.
  showMe(me);
  route();
}

/** The signed-in user in the header, or nobody. */
function showMe(me) {
  byId('whoami').textContent = me ? me.displayName : '';
  byId('whoami').title = me ? me.uri : '';
  byId('me-avatar').textContent = me ? initials(me.displayName) : '';
}

// The status line: online, connecting, reconnecting (with a countdown and "Reconnect now").
function renderStatus() {
  const line = byId('connection-status');
  const button = byId('reconnect-now');
  clearInterval(statusTimer);
  const wrap = line.parentElement;
  wrap.dataset.state = session.state;
  button.hidden = session.state !== 'reconnecting' || session.attempting;
  if (session.state === 'online') {
    line.textContent = reconnected ? 'Reconnected' : 'Online';
    if (reconnected) statusTimer = setTimeout(() => { reconnected = false; line.textContent = 'Online'; }, 4000);
  } else if (session.state === 'connecting') {
    line.textContent = 'Connecting…';
  } else if (session.state === 'reconnecting') {
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((session.retryAt - Date.now()) / 1000));
      const text = seconds > 0 ? `Connection lost. Reconnecting in ${seconds} s…` : 'Connection lost. Reconnecting…';
      if (line.textContent !== text) line.textContent = text;
    };
    tick();
    statusTimer = setInterval(tick, 1000);
  } else {
    line.textContent = '';
  }
}

// Phone layout: the room list slides in over the content.
function closeNav() {
  byId('shell').classList.remove('nav-open');
  byId('nav-toggle').setAttribute('aria-expanded', 'false');
  byId('scrim').hidden = true;
}

function wire() {
  byId('nav-toggle').prepend(icon('menu'));
  byId('nav-toggle').addEventListener('click', () => {
    const open = !byId('shell').classList.contains('nav-open');
    byId('shell').classList.toggle('nav-open', open);
    byId('nav-toggle').setAttribute('aria-expanded', String(open));
    byId('scrim').hidden = !open;
    if (open) byId('sidebar').querySelector('a')?.focus();
  });
  byId('scrim').addEventListener('click', closeNav);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && byId('shell').classList.contains('nav-open')) { closeNav(); byId('nav-toggle').focus(); }
  });
  byId('sign-out').addEventListener('click', () => { byId('sign-out').disabled = true; session.signOut(); });
  byId('reconnect-now').addEventListener('click', () => session.retryNow());
  window.addEventListener('hashchange', () => route());

  session.on('status', renderStatus);
  session.on('established', ({ first }) => {
    if (first) { showShell(); return; }
    reconnected = true;
    renderStatus();
    state.resync();
  });
  session.on('signedOut', ({ error }) => {
    byId('sign-out').disabled = false;
    shellRun += 1;
    showMe(null);
    state.clear();
    clearDrafts();
    clearSearch();
    cancelAllUploads();
    showSignIn(error ? describeError(error) : '');
  });
  state.on('list', updateTitle);
  state.on('room', updateTitle);
  state.on('invited', (invitation) => {
    const by = invitation.invitedBy ? `${state.displayName(invitation.invitedBy)} added you to` : 'You were added to';
    announce(`${by} ${invitation.room.name}. See Invitations to join it.`);
  });
  state.on('incoming', ({ room, message }) => {
    if (message.alert && room.uri !== state.activeRoom && message.author !== state.me?.uri) {
      announce(`Alert in ${room.name} from ${state.displayName(message.author)}: ${message.text}`);
    }
  });
}

wire();
if (session.saved) {
  lastUser = session.saved.user;
  showSplash();
  session.resume();
} else {
  showSignIn('');
}
