// Sign-in, the session token, and reconnecting with backoff.
//
// The password is never stored. After a password sign-in the server issues a session token; `{user,
// token}` is kept in sessionStorage so a reload signs in again with it. A server that issues no token gets no
// persistence: the password then stays in memory only, for reconnecting while the page lives.
import { Connection } from './connection.js';
import { Emitter } from './dom.js';
import { ChatError, connectionLost } from './errors.js';

const STORAGE_KEY = 'pchat.session';
const CLIENT_NAME = 'pchat-web/1';
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];
const KEEPALIVE_MS = 25_000;
const REVOKE_TRIES = 6; // background attempts to revoke a token signed out of while offline (and again when online)

/**
 * What to do after a refused sign-in: `signOut` (only a new sign-in helps), `noTokens` (a server that does not take
 * tokens at all) or `retry` (the connection, the server or the directory failed for now; throttled: after the wait).
 */
function refusalKind(error, withToken) {
  if (!(error instanceof ChatError)) return 'retry';
  const detail = error.detail || '';
  if (detail.startsWith('identity.') && detail !== 'identity.directoryUnavailable' && detail !== 'identity.throttled') return 'signOut';
  if (withToken && (detail === 'protocol.malformedFrame' || detail === 'argument.invalid')) return 'noTokens';
  return 'retry'; // connection.*, server.internal, DatabaseConnection, UnknownServerError, ServerError, …
}

/** Signs in with `token` on a connection of its own only to revoke it. Resolves {done} or {done: false, waitMs}. */
async function revokeToken(user, token) {
  const conn = new Connection();
  try {
    await conn.open();
    await conn.command('establish', { user, sessionToken: token, client: CLIENT_NAME }, 20_000);
    await conn.command('revokeSessionToken', { token }, 10_000);
    await conn.command('terminate', {}, 5000).catch(() => {});
    return { done: true };
  } catch (error) {
    // A token the server refuses signs nobody in: nothing is left to revoke.
    if (refusalKind(error, true) !== 'retry') return { done: true };
    return { done: false, waitMs: error.retryAfterMs || 0 };
  } finally {
    conn.close();
  }
}

function readStored() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    if (!saved || typeof saved.user !== 'string' || typeof saved.token !== 'string') return null;
    if (typeof saved.expiresAt === 'number' && saved.expiresAt <= Date.now()) return null;
    return saved;
  } catch {
    return null;
  }
}

/**
 * Events: `established` ({first}), `status` ({state, retryAt}), `signedOut` ({error?}), `notice`, `message`.
 * States: signedOut, connecting, online, reconnecting.
 */
export class Session extends Emitter {
  state = 'signedOut';
  user = null; // {uri, displayName}
  server = null; // ServerInfo
  retryAt = 0;
  lastError = null; // why the last reconnection attempt failed
  #conn = null;
  #credentials = null; // {user, token} or {user, password} (memory only)
  #established = false;
  #attempt = 0;
  #timer = 0;
  #keepalive = 0;
  #generation = 0; // bumped by sign-in and sign-out, so a late answer of an older attempt is dropped
  #attempting = null; // the (re)connection attempt in flight: only one at a time
  #revocations = new Map(); // token → user: signed out of while offline, revoked once the server answers
  #revoking = false;
  #revokeTries = 0;
  #revokeTimer = 0;

  constructor() {
    super();
    window.addEventListener('online', () => {
      this.retryNow();
      if (this.#revocations.size) { this.#revokeTries = 0; this.#revokeAll(); }
    });
  }

  /** Whether a (re)connection attempt is under way (then "Reconnect now" has nothing to do). */
  get attempting() { return this.#attempting !== null; }

  /** The saved sign-in of this tab, if any: {user, token}. */
  get saved() { return readStored(); }

  /** Signs in with a password. Rejects with the refusal (the sign-in view shows it). */
  async signIn(user, password) {
    this.#generation += 1;
    this.#stop();
    this.#established = false;
    this.#setState('connecting');
    try {
      await this.#establish({ user, password, issueSessionToken: true }, { user, password });
    } catch (error) {
      this.#setState('signedOut');
      throw error;
    }
  }

  /** Signs in with the tab's saved token. Resolves once established or once it keeps retrying in the background. */
  async resume() {
    const saved = readStored();
    if (!saved) return false;
    this.#generation += 1;
    this.#stop();
    this.#established = false;
    this.#credentials = { user: saved.user, token: saved.token };
    this.#setState('connecting');
    await this.#attemptOnce();
    return true;
  }

  /**
   * Revokes the token, terminates the connection, forgets everything. Offline, the token is kept in memory and
   * revoked in the background on a connection of its own once the server answers. A sign-out because the server
   * refused the identity or the token (`error` with an identity detail) has nothing to revoke.
   */
  async signOut(error) {
    const conn = this.#conn;
    const credentials = this.#credentials;
    const token = credentials?.token;
    this.#forget();
    let revoked = !token || (error instanceof ChatError && refusalKind(error, true) !== 'retry' && error.detail !== 'identity.moved');
    if (conn?.isOpen) {
      if (!revoked) revoked = await conn.command('revokeSessionToken', { token }, 5000).then(() => true, () => false);
      await conn.command('terminate', {}, 5000).catch(() => {});
    }
    conn?.close();
    if (!revoked) {
      this.#revocations.set(token, credentials.user);
      this.#revokeTries = 0;
      this.#revokeAll();
    }
    this.emit('signedOut', { error });
  }

  command(cmd, data, timeoutMs) {
    return this.#conn ? this.#conn.command(cmd, data, timeoutMs) : Promise.reject(connectionLost());
  }

  post(data) {
    return this.#conn ? this.#conn.post(data) : Promise.reject(connectionLost());
  }

  /** Skips the wait before the next reconnection attempt (nothing to do while one is under way). */
  retryNow() {
    if (this.state !== 'reconnecting' || this.#attempting) return;
    clearTimeout(this.#timer);
    this.#attemptOnce();
  }

  async #establish(data, credentials) {
    const generation = this.#generation;
    const conn = new Connection();
    // Only the current connection speaks for the session; a stale one is closed and ignored.
    conn.on('message', (message) => { if (this.#conn === conn) this.emit('message', message); });
    conn.on('notice', (notice) => { if (this.#conn === conn) this.emit('notice', notice); });
    conn.on('close', (event) => { if (this.#conn === conn && !event.intended) this.#down(event); });
    await conn.open();
    let reply;
    try {
      reply = await conn.command('establish', { ...data, client: CLIENT_NAME }, 20_000);
    } catch (error) {
      conn.close();
      throw error;
    }
    if (generation !== this.#generation) {
      // Signed out (or in again) meanwhile: a token issued to this late attempt is revoked before closing.
      const issued = reply.sessionToken?.token;
      if (issued) await conn.command('revokeSessionToken', { token: issued }, 5000).catch(() => {});
      conn.close();
      return;
    }
    if (this.#conn && this.#conn !== conn) this.#conn.close();
    this.#conn = conn;
    this.user = reply.user;
    this.server = reply.server;
    const token = reply.sessionToken?.token;
    if (token) {
      this.#credentials = { user: reply.user.uri, token };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ user: reply.user.uri, token, expiresAt: reply.sessionToken.expiresAt }));
    } else if (credentials.password !== undefined) {
      // No token from this server: keep the password in memory to reconnect; nothing is persisted.
      this.#credentials = { user: reply.user.uri, password: credentials.password };
    }
    this.#attempt = 0;
    this.lastError = null;
    const first = !this.#established;
    this.#established = true;
    this.#setState('online');
    this.#startKeepalive();
    this.emit('established', { first });
    if (this.#revocations.size) { this.#revokeTries = 0; this.#revokeAll(); } // the server answers again
  }

  /** Starts a (re)connection attempt unless one is under way; resolves when it is over. */
  #attemptOnce() {
    if (!this.#credentials) { this.signOut(); return Promise.resolve(); }
    if (!this.#attempting) {
      this.retryAt = 0;
      this.#attempting = this.#tryEstablish();
      this.#setState(this.state); // tells the views that an attempt runs
    }
    return this.#attempting;
  }

  async #tryEstablish() {
    const credentials = this.#credentials;
    const generation = this.#generation;
    const data = credentials.token
      ? { user: credentials.user, sessionToken: credentials.token }
      : { user: credentials.user, password: credentials.password, issueSessionToken: true };
    let error = null;
    try {
      await this.#establish(data, credentials);
    } catch (caught) {
      if (!(caught instanceof ChatError)) console.error(caught);
      error = caught instanceof ChatError ? caught : connectionLost();
    }
    if (generation !== this.#generation) return; // signed out or in again meanwhile (#stop dropped the attempt)
    this.#attempting = null;
    if (!error) return;
    this.lastError = error;
    const kind = refusalKind(error, !!credentials.token);
    // A server that does not take tokens at all: sign in afresh with the password.
    if (kind === 'noTokens') this.signOut(new ChatError({ code: 'InvalidToken', detail: 'identity.invalidSessionToken' }));
    else if (kind === 'signOut') this.signOut(error); // a refused token or identity: only a new sign-in helps
    else this.#schedule(error.retryAfterMs); // the connection, the server or the directory failed: try again
  }

  // Revokes the tokens signed out of while offline, each on its own short connection; retries with backoff.
  async #revokeAll() {
    if (this.#revoking) return;
    this.#revoking = true;
    clearTimeout(this.#revokeTimer);
    let waitMs = 0;
    for (const [token, user] of [...this.#revocations]) {
      const result = await revokeToken(user, token);
      if (result.done) this.#revocations.delete(token);
      else waitMs = Math.max(waitMs, result.waitMs);
    }
    this.#revoking = false;
    if (!this.#revocations.size || this.#revokeTries >= REVOKE_TRIES) return; // the next `online` event tries again
    const delay = Math.max(waitMs, BACKOFF_MS[Math.min(this.#revokeTries, BACKOFF_MS.length - 1)]);
    this.#revokeTries += 1;
    this.#revokeTimer = setTimeout(() => this.#revokeAll(), delay);
  }

  #down(event) {
    this.#conn = null;
    this.lastError = null;
    clearInterval(this.#keepalive);
    // A directory change that signs the user out closes with 1008 and the identity detail as reason.
    const detail = /^identity\.[A-Za-z]+/.exec(event.reason || '')?.[0];
    if (event.code === 1008 && detail) {
      this.signOut(new ChatError({ code: 'ErrorPermission', detail }));
      return;
    }
    this.#schedule();
  }

  #schedule(minimumMs = 0) {
    const base = BACKOFF_MS[Math.min(this.#attempt, BACKOFF_MS.length - 1)];
    this.#attempt += 1;
    const delay = Math.max(minimumMs, Math.round(base * (0.8 + Math.random() * 0.4)));
    this.retryAt = Date.now() + delay;
    this.#setState('reconnecting');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#attemptOnce(), delay);
  }

  // The browser answers the server's pings, but cannot see a silently dead socket: after a quiet spell, ask.
  #startKeepalive() {
    clearInterval(this.#keepalive);
    this.#keepalive = setInterval(() => {
      const conn = this.#conn;
      if (!conn || Date.now() - conn.lastFrameAt < KEEPALIVE_MS) return;
      conn.command('serverInfo', {}, 15_000).catch((error) => {
        if (this.#conn !== conn || error.detail !== 'connection.timeout') return;
        conn.close(4000, 'no answer');
        this.#down({ code: 0, reason: '' });
      });
    }, KEEPALIVE_MS);
  }

  #stop() {
    clearTimeout(this.#timer);
    clearInterval(this.#keepalive);
    this.#attempting = null;
  }

  #forget() {
    this.#generation += 1;
    this.#stop();
    sessionStorage.removeItem(STORAGE_KEY);
    this.#credentials = null;
    this.#conn = null;
    this.#established = false;
    this.user = null;
    this.server = null;
    this.#setState('signedOut');
  }

  #setState(state) {
    this.state = state;
    this.emit('status', { state, retryAt: this.retryAt });
  }
}
