// What the client knows: the rooms I am in (joined sessions, their messages and rosters), invitations, and the
// display names seen so far. Views read it and listen to its events; only this module talks room protocol.
//
// Events: `list` (the rooms I am in, their states or unread counts changed), `room` (a room's settings, state or
// permissions), `roster`, `messages` ({room, kind: append|prepend|reset, messages}), `history` ({room} loading
// older messages started or ended), `incoming` ({room, message}: a live message), `invitations`,
// `invited` (a live invitation), `names`.
import { Emitter, shortName } from './dom.js';
import { ChatError } from './errors.js';

export const PERM = { manage: 1, join: 2, chat: 4, readHistory: 8, view: 16, auditoriumChat: 32 };
export const PAGE_SIZE = 50;
const SEEK_PAGE = 200;

/** One room: its snapshot, my session in it, and the messages loaded (sorted by id, no duplicates). */
export class Room {
  uri;
  name = '';
  description = '';
  privacy = 'open';
  behavior = 'normal';
  categoryName = '';
  addIn = null;
  participantCount = 0;
  /** new, joining, joined, failed, ended (the server ended it), left. */
  status = 'new';
  error = null;
  listed = false; // shown in "my rooms"
  permissions = 0;
  filePostAllowed = false;
  rosterHidden = false;
  participants = new Map();
  messages = [];
  ids = new Set();
  hasOlder = true;
  loadingOlder = null;
  unread = 0;
  unreadAlerts = 0;
  joinPromise = null;
  pending = []; // live messages that came while joining, inserted once the join's reply is applied

  constructor(uri) { this.uri = uri; }

  /**
   * Takes the properties given. A full snapshot (join, browse, getRoom, an invitation) also sets the add-in (an
   * AddIn object; absent: none, e.g. removed on the server). A partial one (roomChanged) leaves the add-in alone.
   */
  update(snapshot, full = false) {
    for (const key of ['name', 'description', 'privacy', 'behavior', 'categoryName']) {
      if (typeof snapshot[key] === 'string') this[key] = snapshot[key];
    }
    if (full) this.addIn = snapshot.addIn && typeof snapshot.addIn === 'object' ? snapshot.addIn : null;
    if (typeof snapshot.participants === 'number') this.participantCount = snapshot.participants;
  }

  get joined() { return this.status === 'joined'; }
  get isAuditorium() { return this.behavior === 'auditorium'; }
  get canManage() { return this.joined ? (this.permissions & PERM.manage) !== 0 : false; }

  /** Whether I may post, and if not, why (for the composer's note). */
  postRule(me) {
    if (this.status === 'joining') return { allowed: false, transient: true, reason: 'Joining the room… You can go on typing.' };
    if (!this.joined) return { allowed: false, reason: 'You are not in this room.' };
    if (this.isAuditorium) {
      const presenter = this.participants.get(me)?.isPresenter;
      if ((this.permissions & PERM.auditoriumChat) || presenter) return { allowed: true };
      return { allowed: false, reason: 'This room is an auditorium: only its presenters can post. You can read along.' };
    }
    if (this.permissions & PERM.chat) return { allowed: true };
    return { allowed: false, reason: 'You can read this room but not post in it.' };
  }

  setMessages(messages) {
    this.messages = [...messages].sort((a, b) => a.id - b.id);
    this.ids = new Set(this.messages.map((m) => m.id));
  }

  /** Adds messages not yet held. Returns {added, appended}: appended when all went after the newest held. */
  insert(messages) {
    const fresh = messages.filter((m) => !this.ids.has(m.id)).sort((a, b) => a.id - b.id);
    if (fresh.length === 0) return { added: [], appended: true };
    const newest = this.messages.length ? this.messages[this.messages.length - 1].id : -Infinity;
    for (const m of fresh) this.ids.add(m.id);
    if (fresh[0].id > newest) {
      this.messages.push(...fresh);
      return { added: fresh, appended: true };
    }
    this.messages = [...this.messages, ...fresh].sort((a, b) => a.id - b.id);
    return { added: fresh, appended: false };
  }

  reset() {
    this.messages = [];
    this.ids = new Set();
    this.hasOlder = true;
    this.participants = new Map();
    this.unread = 0;
    this.unreadAlerts = 0;
  }
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimited(items, limit, fn) {
  const queue = [...items];
  const worker = async () => { while (queue.length) await fn(queue.shift()).catch(() => {}); };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}

// Per-user memory on this device: rooms I left (not joined again at sign-in), open rooms I joined without being a
// member (joined again at sign-in), invitations I joined or dismissed. No secrets.
function prefsKey(uri) { return `pchat.web.v1:${uri}`; }

function loadPrefs(uri) {
  try {
    const raw = JSON.parse(localStorage.getItem(prefsKey(uri)) || '{}');
    return {
      left: new Set(raw.left || []),
      extra: new Map((raw.extra || []).map((r) => [r.uri, r.name || ''])),
      handled: new Set(raw.handled || []),
    };
  } catch {
    return { left: new Set(), extra: new Map(), handled: new Set() };
  }
}

export class ChatState extends Emitter {
  me = null; // {uri, displayName}
  server = null;
  rooms = new Map();
  invitations = new Map(); // id → Invitation
  lastInviteId = 0;
  memberRooms = new Set();
  names = new Map();
  activeRoom = null; // the uri of the room on screen
  #prefs = loadPrefs('');
  #session;
  #namesQueued = false;
  #started = false;
  #lookedUp = new Set();

  constructor(session) {
    super();
    this.#session = session;
    session.on('message', (message) => this.#onMessage(message));
    session.on('notice', (notice) => this.#onNotice(notice));
  }

  get session() { return this.#session; }

  /** The rooms I am in, by name. */
  get listed() {
    return [...this.rooms.values()].filter((r) => r.listed)
      .sort((a, b) => (a.name || a.uri).localeCompare(b.name || b.uri, undefined, { sensitivity: 'base' }));
  }

  room(uri) { return this.rooms.get(uri); }

  /** A person's display name; unknown ones are looked up in the background (the `names` event tells). */
  displayName(uri) {
    const known = this.names.get(uri);
    if (known) return known;
    this.#lookUp(uri);
    return shortName(uri);
  }

  // Messages carry only the author's SIP URI. Users are usually findable by their e-mail, which in Lync
  // deployments is most often the SIP address: ask findUsers once per unknown author.
  #lookUp(uri) {
    const address = /^sip:(.+@.+)$/i.exec(uri || '')?.[1];
    if (!address || this.#lookedUp.has(uri) || this.#lookedUp.size > 500 || this.#session.state !== 'online') return;
    this.#lookedUp.add(uri);
    this.#session.command('findUsers', { email: address })
      .then((reply) => {
        const match = reply.principals.find((p) => p.uri?.toLowerCase() === uri.toLowerCase());
        if (match) this.learnName(uri, match.displayName);
      })
      .catch(() => {});
  }

  learnName(uri, displayName) {
    if (!uri || !displayName || this.names.get(uri) === displayName) return;
    this.names.set(uri, displayName);
    if (this.#namesQueued) return;
    this.#namesQueued = true;
    queueMicrotask(() => { this.#namesQueued = false; this.emit('names'); });
  }

  /** Forgets everything (sign-out). */
  clear() {
    this.me = null;
    this.rooms.clear();
    this.invitations.clear();
    this.names.clear();
    this.#lookedUp.clear();
    this.lastInviteId = 0;
    this.memberRooms = new Set();
    this.activeRoom = null;
  }

  /** After the first sign-in of the page: my rooms, my invitations, and joining the rooms I am in. */
  async start() {
    this.me = this.#session.user;
    this.server = this.#session.server;
    this.learnName(this.me.uri, this.me.displayName);
    this.#prefs = loadPrefs(this.me.uri);
    this.#started = false;
    const [mine] = await Promise.all([
      this.#session.command('browseMyRooms', { relation: 'member' }).catch(() => null),
      this.#refreshInvitations(),
    ]);
    if (!mine) { this.emit('list'); return; } // resync starts over once the connection is back
    this.#started = true;
    this.memberRooms = new Set(mine.rooms.map((r) => r.uri));
    for (const snapshot of mine.rooms) this.#roomFor(snapshot.uri, snapshot);
    const invited = new Set(this.pendingInvitations().map((i) => i.room.uri));
    const toJoin = mine.rooms.map((r) => r.uri).filter((uri) => !this.#prefs.left.has(uri) && !invited.has(uri));
    for (const [uri, name] of this.#prefs.extra) {
      if (!toJoin.includes(uri) && !this.#prefs.left.has(uri)) {
        const room = this.#roomFor(uri);
        if (!room.name) room.name = name;
        toJoin.push(uri);
      }
    }
    for (const uri of toJoin) { const room = this.rooms.get(uri); room.listed = true; room.status = 'joining'; }
    this.emit('list');
    this.emit('invitations');
    // Resolves once the list is known; the joins go on (each room shows "joining…" until done).
    eachLimited(toJoin, 4, (uri) => this.#join(this.rooms.get(uri), { merge: false }));
  }

  /** After a reconnection: join the open rooms again, filling what was missed; fetch missed invitations. */
  async resync() {
    this.server = this.#session.server;
    if (!this.#started) { await this.start(); return; }
    const again = this.listed.filter((r) => ['joined', 'joining', 'failed'].includes(r.status));
    for (const room of again) room.status = 'joining';
    this.emit('list');
    await Promise.all([
      this.#refreshInvitations().then(() => this.emit('invitations')),
      eachLimited(again.map((r) => r.uri), 4, (uri) => this.#join(this.rooms.get(uri), { merge: true })),
    ]);
  }

  /** Joins a room (by URI, optionally with what is known of it); it joins my rooms. Rejects with the refusal. */
  async join(uri, snapshot) {
    const room = this.#roomFor(uri, snapshot);
    if (room.joined) return room;
    const wasListed = room.listed;
    room.listed = true;
    try {
      await this.#join(room, { merge: false });
    } catch (error) {
      if (!wasListed && !error.isConnection) { room.listed = false; this.emit('list'); this.emit('room', room); }
      throw error;
    }
    this.#prefs.left.delete(uri);
    if (!this.memberRooms.has(uri)) this.#prefs.extra.set(uri, room.name);
    for (const invitation of this.invitations.values()) if (invitation.room.uri === uri) this.#prefs.handled.add(invitation.id);
    this.#savePrefs();
    this.emit('invitations');
    return room;
  }

  /** Leaves a room; it leaves my rooms (and is not joined again at the next sign-in). */
  async leave(uri) {
    const room = this.rooms.get(uri);
    if (!room) return;
    if (room.joined) {
      try {
        await this.#session.command('leave', { room: uri });
      } catch (error) {
        if (!(error instanceof ChatError) || !(error.isConnection || error.detail === 'room.notJoined' || error.code === 'UserNotJoined')) throw error;
      }
    }
    room.status = 'left';
    room.listed = false;
    room.reset();
    if (this.memberRooms.has(uri)) this.#prefs.left.add(uri);
    this.#prefs.extra.delete(uri);
    this.#savePrefs();
    this.emit('room', room);
    this.emit('list');
    this.emit('invitations');
  }

  /** Drops an ended or failed room from my rooms without asking the server. */
  forget(uri) {
    const room = this.rooms.get(uri);
    if (!room) return;
    room.listed = false;
    room.status = 'left';
    this.#prefs.extra.delete(uri);
    if (this.memberRooms.has(uri)) this.#prefs.left.add(uri);
    this.#savePrefs();
    this.emit('list');
    this.emit('room', room);
  }

  /** Loads the page of messages before the oldest held (50 by default). Resolves when done. */
  loadOlder(room, count = PAGE_SIZE) {
    if (!room.joined || !room.hasOlder) return Promise.resolve();
    if (room.loadingOlder) return room.loadingOlder;
    const before = room.messages[0]?.id;
    if (before === undefined) { room.hasOlder = false; return Promise.resolve(); }
    room.loadingOlder = (async () => {
      this.emit('history', { room });
      try {
        const reply = await this.#session.command('history', { room: { uri: room.uri }, last: this.#cap(count), before });
        if (room.messages[0]?.id !== before) return; // the list was replaced meanwhile
        const older = reply.messages.filter((m) => m.id < before && !room.ids.has(m.id));
        // Only an empty page ends the history: a short one may just be cut to fit the server's reply size.
        if (reply.messages.length === 0) room.hasOlder = false;
        if (older.length) {
          for (const m of older) room.ids.add(m.id);
          room.messages = [...older.sort((a, b) => a.id - b.id), ...room.messages];
        }
        this.emit('messages', { room, kind: 'prepend', messages: older });
      } catch (error) {
        if (!error.isConnection) room.hasOlder = false; // e.g. no right to read history
      } finally {
        room.loadingOlder = null;
        this.emit('history', { room });
      }
    })();
    return room.loadingOlder;
  }

  /** Loads older pages until message `id` is held (or the history ends). Resolves true when it is held. */
  async seek(room, id) {
    let guard = 0;
    while (room.joined && !room.ids.has(id) && room.hasOlder && room.messages.length && room.messages[0].id > id && guard < 100) {
      await this.loadOlder(room, SEEK_PAGE);
      guard += 1;
    }
    return room.ids.has(id);
  }

  markRead(room) {
    if (!room.unread && !room.unreadAlerts) return;
    room.unread = 0;
    room.unreadAlerts = 0;
    this.emit('list');
  }

  get unreadTotal() { return this.listed.reduce((n, r) => n + r.unread, 0); }

  /** Invitations not yet joined or dismissed, newest first, one per room. */
  pendingInvitations() {
    const byRoom = new Map();
    for (const invitation of [...this.invitations.values()].sort((a, b) => b.id - a.id)) {
      const room = this.rooms.get(invitation.room.uri);
      if (this.#prefs.handled.has(invitation.id) || byRoom.has(invitation.room.uri)) continue;
      if (room && room.listed && (room.joined || room.status === 'joining')) continue;
      byRoom.set(invitation.room.uri, invitation);
    }
    return [...byRoom.values()];
  }

  dismissInvitation(id) {
    const invitation = this.invitations.get(id);
    for (const other of this.invitations.values()) {
      if (invitation && other.room.uri === invitation.room.uri) this.#prefs.handled.add(other.id);
    }
    this.#prefs.handled.add(id);
    this.#savePrefs();
    this.emit('invitations');
  }

  /** Asks for the roster of a room too busy to announce joins and leaves. */
  async loadHiddenParticipants(room) {
    const reply = await this.#session.command('hiddenParticipants', { room: room.uri });
    room.participants = new Map(reply.participants.map((p) => [p.uri, p]));
    for (const p of reply.participants) this.learnName(p.uri, p.displayName);
    this.emit('roster', room);
  }

  /** Refreshes my permissions in a room (after a role, privacy or behaviour change). */
  async refreshPermissions(room) {
    try {
      const reply = await this.#session.command('getPermissions', { room: room.uri });
      room.permissions = reply.permissions;
      this.emit('room', room);
    } catch { /* keeps the old ones */ }
  }

  async refreshRoom(room) {
    try {
      const info = await this.#session.command('getRoom', { room: { uri: room.uri } });
      room.update({ ...info, category: undefined }, true);
      this.emit('room', room);
      this.emit('list');
    } catch { /* the snapshot stays */ }
  }

  /** The room of `uri`, made if new; a RoomSnapshot given (browse, my rooms) updates it. */
  #roomFor(uri, snapshot) {
    let room = this.rooms.get(uri);
    if (!room) {
      room = new Room(uri);
      this.rooms.set(uri, room);
    }
    if (snapshot) room.update(snapshot, true);
    return room;
  }

  /** A `history`/join count within the server's searchLimit (more is refused). */
  #cap(count) {
    const limit = this.#session.server?.searchLimit;
    return typeof limit === 'number' && limit > 0 ? Math.min(count, limit) : count;
  }

  #join(room, options) {
    if (room.joinPromise) return room.joinPromise;
    room.joinPromise = this.#joinNow(room, options).finally(() => { room.joinPromise = null; });
    return room.joinPromise;
  }

  async #joinNow(room, { merge }) {
    room.status = 'joining';
    room.error = null;
    room.pending = [];
    this.emit('room', room);
    this.emit('list');
    try {
      const data = { room: { uri: room.uri }, history: this.#cap(PAGE_SIZE) };
      let reply;
      try {
        reply = await this.#session.command('join', data);
      } catch (error) {
        // The server still holds a session this client lost track of: leave it and join afresh.
        if (error.detail !== 'room.alreadyJoined') throw error;
        await this.#session.command('leave', { room: room.uri }).catch(() => {});
        room.pending = [];
        reply = await this.#session.command('join', data);
      }
      // Still `joining` until the history is in place: live messages meanwhile wait in room.pending.
      await this.#applyJoin(room, reply, merge);
      if (room.status !== 'joining') { room.pending = []; return; } // ended or left meanwhile
      room.status = 'joined';
      this.#takePending(room);
    } catch (error) {
      room.pending = [];
      if (error instanceof ChatError && error.isConnection) room.status = 'joining'; // joined again once reconnected
      else { room.status = 'failed'; room.error = error; }
      throw error;
    } finally {
      this.emit('room', room);
      this.emit('list');
      this.emit('invitations');
    }
  }

  async #applyJoin(room, reply, merge) {
    room.update(reply.room, true);
    room.permissions = reply.permissions;
    room.filePostAllowed = !!reply.filePostAllowed;
    room.rosterHidden = !!reply.rosterHidden;
    room.participants = new Map((reply.participants || []).map((p) => [p.uri, p]));
    for (const p of reply.participants || []) this.learnName(p.uri, p.displayName);
    const history = reply.history || [];
    if (!merge || room.messages.length === 0) {
      room.setMessages(history);
      room.hasOlder = history.length > 0; // a short page is not the end (the server cuts large replies)
      this.emit('messages', { room, kind: 'reset', messages: room.messages });
    } else {
      await this.#fillGap(room, history);
    }
    this.emit('roster', room);
  }

  // After a reconnection the join's recent history may not reach back to the newest message held: page back until
  // it does, or until a page comes back empty (the history ends there), so no gap is left.
  async #fillGap(room, history) {
    const newest = room.messages[room.messages.length - 1].id;
    let fetched = history;
    while (fetched.length && fetched[0].id > newest) {
      const reply = await this.#session.command('history', { room: { uri: room.uri }, last: this.#cap(SEEK_PAGE), before: fetched[0].id });
      if (!reply.messages.length) break;
      fetched = [...reply.messages, ...fetched];
    }
    const { added, appended } = room.insert(fetched);
    this.#countUnread(room, added);
    this.emit('messages', { room, kind: appended ? 'append' : 'reset', messages: appended ? added : room.messages });
  }

  #countUnread(room, messages) {
    const seen = this.activeRoom === room.uri && document.visibilityState === 'visible';
    if (seen) return;
    let changed = false;
    for (const m of messages) {
      if (m.author === this.me?.uri) continue;
      room.unread += 1;
      if (m.alert) room.unreadAlerts += 1;
      changed = true;
    }
    if (changed) this.emit('list');
  }

  // The server admits a joining session before it reads the join's history: a message may come before the reply
  // and be missing from its history. Such messages wait in room.pending until the join is applied.
  #takePending(room) {
    const live = room.pending;
    room.pending = [];
    if (!live.length) return;
    const { added, appended } = room.insert(live);
    if (!added.length) return;
    this.#countUnread(room, added);
    this.emit('messages', { room, kind: appended ? 'append' : 'reset', messages: appended ? added : room.messages });
    for (const message of added) this.emit('incoming', { room, message });
  }

  #onMessage(message) {
    const room = this.rooms.get(message.room);
    if (room?.status === 'joining') { room.pending.push(message); return; }
    if (!room || !room.joined || room.ids.has(message.id)) return;
    if (message.roomName) room.name = message.roomName;
    const { added, appended } = room.insert([message]);
    this.#countUnread(room, added);
    this.emit('messages', { room, kind: appended ? 'append' : 'reset', messages: appended ? added : room.messages });
    this.emit('incoming', { room, message });
  }

  #onNotice({ ntc, data }) {
    if (ntc === 'invitation') {
      this.#addInvitation(data);
      this.emit('invitations');
      this.emit('invited', data);
      return;
    }
    const room = data && this.rooms.get(data.room);
    if (!room) return;
    switch (ntc) {
      case 'participantJoined':
      case 'privilegeChanged':
        room.participants.set(data.participant.uri, data.participant);
        this.learnName(data.participant.uri, data.participant.displayName);
        this.emit('roster', room);
        if (ntc === 'privilegeChanged' && data.participant.uri === this.me?.uri) this.refreshPermissions(room);
        break;
      case 'participantLeft':
        room.participants.delete(data.participant.uri);
        this.emit('roster', room);
        break;
      case 'roomChanged': {
        const changed = data.new || {};
        room.update(changed); // partial: its addIn is a name; refreshRoom below brings the AddIn object
        this.emit('room', room);
        this.emit('list');
        if ('behavior' in changed || 'privacy' in changed) this.refreshPermissions(room);
        this.refreshRoom(room); // also picks up the add-in
        break;
      }
      case 'sessionEnded':
        room.status = 'ended';
        room.error = new ChatError(data.reason || {});
        room.participants = new Map();
        this.emit('roster', room);
        this.emit('room', room);
        this.emit('list');
        break;
      default: break;
    }
  }

  async #refreshInvitations() {
    try {
      const reply = await this.#session.command('browseInvitations', { since: this.lastInviteId });
      for (const invitation of reply.invitations) this.#addInvitation(invitation);
      if (typeof reply.lastInviteId === 'number') this.lastInviteId = Math.max(this.lastInviteId, reply.lastInviteId);
    } catch { /* invitations stay as they were */ }
  }

  #addInvitation(invitation) {
    this.invitations.set(invitation.id, invitation);
    this.memberRooms.add(invitation.room.uri); // an invitation says I was made a member
    this.lastInviteId = Math.max(this.lastInviteId, invitation.id);
    const room = this.rooms.get(invitation.room.uri);
    if (room) room.update(invitation.room, true);
    // Already in the room: nothing to accept.
    if (room && room.listed && room.joined) { this.#prefs.handled.add(invitation.id); this.#savePrefs(); }
  }

  #savePrefs() {
    if (!this.me) return;
    try {
      localStorage.setItem(prefsKey(this.me.uri), JSON.stringify({
        left: [...this.#prefs.left],
        extra: [...this.#prefs.extra].map(([uri, name]) => ({ uri, name })),
        handled: [...this.#prefs.handled].slice(-500),
      }));
    } catch { /* storage full or off: the device just forgets */ }
  }
}
