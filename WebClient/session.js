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

  constructor() {
    super();
    window.addEventListener('online', () => { if (this.state === 'reconnecting') this.retryNow(); });
  }

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

  /** Revokes the token, terminates the connection, forgets everything. */
  async signOut(error) {
    const conn = this.#conn;
    const token = this.#credentials?.token;
    this.#forget();
    if (conn?.isOpen) {
      if (token) await conn.command('revokeSessionToken', { token }, 5000).catch(() => {});
      await conn.command('terminate', {}, 5000).catch(() => {});
      conn.close();
    } else {
      conn?.close();
    }
    this.emit('signedOut', { error });
  }

  command(cmd, data, timeoutMs) {
    return this.#conn ? this.#conn.command(cmd, data, timeoutMs) : Promise.reject(connectionLost());
  }

  post(data) {
    return this.#conn ? this.#conn.post(data) : Promise.reject(connectionLost());
  }

  /** Skips the wait before the next reconnection attempt. */
  retryNow() {
    if (this.state !== 'reconnecting') return;
    clearTimeout(this.#timer);
    this.#attemptOnce();
  }

  async #establish(data, credentials) {
    const generation = this.#generation;
    const conn = new Connection();
    await conn.open();
    let reply;
    try {
      reply = await conn.command('establish', { ...data, client: CLIENT_NAME }, 20_000);
    } catch (error) {
      conn.close();
      throw error;
    }
    if (generation !== this.#generation) { conn.close(); return; }
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
    conn.on('message', (message) => this.emit('message', message));
    conn.on('notice', (notice) => this.emit('notice', notice));
    conn.on('close', (event) => { if (this.#conn === conn && !event.intended) this.#down(event); });
    this.#attempt = 0;
    this.lastError = null;
    const first = !this.#established;
    this.#established = true;
    this.#setState('online');
    this.#startKeepalive();
    this.emit('established', { first });
  }

  async #attemptOnce() {
    const credentials = this.#credentials;
    if (!credentials) { this.signOut(); return; }
    const generation = this.#generation;
    const data = credentials.token
      ? { user: credentials.user, sessionToken: credentials.token }
      : { user: credentials.user, password: credentials.password, issueSessionToken: true };
    try {
      await this.#establish(data, credentials);
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
      if (generation !== this.#generation) return;
      this.lastError = error;
      if (error.isConnection) this.#schedule();
      else if (error.detail === 'identity.throttled' || error.detail === 'identity.directoryUnavailable'
        || error.code === 'ServerError') this.#schedule(error.retryAfterMs);
      else if (credentials.token && !error.detail.startsWith('identity.')) {
        // A server that does not take this token at all (e.g. one without tokens): sign in afresh.
        this.signOut(new ChatError({ code: 'InvalidToken', detail: 'identity.invalidSessionToken' }));
      } else this.signOut(error); // a refused token or identity: only a new sign-in helps
    }
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
