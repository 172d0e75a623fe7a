// One WebSocket to pchatd (docs/protocol.md): numbered commands answered by `rpl` frames, plus notices and live
// chat messages. Knows nothing about sign-in; session.js drives it.
import { Emitter } from './dom.js';
import { ChatError, connectionLost } from './errors.js';

/** The chat endpoint on the page's own host: wss: when the page is https. */
export function chatUrl() {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/pchat/v1`;
}

const COMMAND_TIMEOUT_MS = 60_000;
const OPEN_TIMEOUT_MS = 15_000;

/**
 * Events: `message` (a chat message), `notice` ({ntc, data}), `close` ({code, reason, intended}).
 */
export class Connection extends Emitter {
  #socket = null;
  #seq = 0;
  #pending = new Map(); // seq → {resolve, reject, timer}
  #closing = false;
  lastFrameAt = 0;

  /** Opens the socket; rejects with `connection.failed` when it cannot. */
  open(url = chatUrl()) {
    return new Promise((resolve, reject) => {
      let opened = false;
      let socket;
      try {
        socket = new WebSocket(url);
      } catch {
        reject(new ChatError({ detail: 'connection.failed' }));
        return;
      }
      this.#socket = socket;
      // A socket that neither opens nor fails (a black-holed address) is given up on.
      const timer = setTimeout(() => { if (!opened) { socket.close(); reject(new ChatError({ detail: 'connection.failed' })); } }, OPEN_TIMEOUT_MS);
      socket.addEventListener('open', () => { opened = true; clearTimeout(timer); this.lastFrameAt = Date.now(); resolve(); });
      socket.addEventListener('message', (event) => this.#receive(event.data));
      socket.addEventListener('close', (event) => {
        this.#failPending();
        clearTimeout(timer);
        if (!opened) reject(new ChatError({ detail: 'connection.failed' }));
        else this.emit('close', { code: event.code, reason: event.reason, intended: this.#closing });
      });
      // An error is always followed by close, which does the work.
      socket.addEventListener('error', () => {});
    });
  }

  get isOpen() { return this.#socket?.readyState === WebSocket.OPEN; }

  /** Sends a command; resolves with the reply's `data`, rejects with a ChatError. */
  command(cmd, data = {}, timeoutMs = COMMAND_TIMEOUT_MS) {
    return this.#send({ v: 1, type: 'cmd', cmd, data }, timeoutMs);
  }

  /** Posts a chat message (a `grpchat` frame); resolves once it is durable: {messageId, timestamp, duplicate}. */
  post(data) {
    return this.#send({ v: 1, type: 'grpchat', data }, COMMAND_TIMEOUT_MS);
  }

  close(code = 1000, reason = '') {
    this.#closing = true;
    try { this.#socket?.close(code, reason); } catch { /* already closed */ }
  }

  #send(frame, timeoutMs) {
    if (!this.isOpen) return Promise.reject(connectionLost());
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(seq);
        reject(new ChatError({ detail: 'connection.timeout' }));
      }, timeoutMs);
      this.#pending.set(seq, { resolve, reject, timer });
      try {
        this.#socket.send(JSON.stringify({ ...frame, seq }));
      } catch {
        clearTimeout(timer);
        this.#pending.delete(seq);
        reject(connectionLost());
      }
    });
  }

  #receive(text) {
    this.lastFrameAt = Date.now();
    let frame;
    try { frame = JSON.parse(text); } catch { console.warn('pchat: unreadable frame'); return; }
    switch (frame.type) {
      case 'rpl': {
        const waiting = this.#pending.get(frame.seq);
        if (!waiting) return;
        this.#pending.delete(frame.seq);
        clearTimeout(waiting.timer);
        if (frame.code === 200) waiting.resolve(frame.data ?? {});
        else waiting.reject(new ChatError(frame.error || {}, frame.code));
        break;
      }
      case 'grpchat': this.emit('message', frame.data); break;
      case 'ntc': this.emit('notice', { ntc: frame.ntc, data: frame.data }); break;
      default: break;
    }
  }

  #failPending() {
    for (const { reject, timer } of this.#pending.values()) { clearTimeout(timer); reject(connectionLost()); }
    this.#pending.clear();
  }
}
