// A room's add-in (Lync PersistentChatAddIn): a web page shown beside the room, sandboxed, told which room it is in
// by postMessage to its exact origin (never "*"). The page's CSP allows frames from registered add-in origins only.
import { h } from '../dom.js';

/** The add-in's origin, or null when its URL is not http(s). */
export function addInOrigin(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** Fills `aside#add-in` for the room's add-in; returns false when there is none to show. */
export function mountAddIn(aside, room) {
  const addIn = room.addIn;
  const origin = addIn && addInOrigin(addIn.url);
  if (!origin) { aside.replaceChildren(); return false; }
  if (aside.dataset.addInUrl === addIn.url && aside.querySelector('iframe')) return true; // already showing it
  // A sandbox without allow-same-origin gives the frame an opaque origin, and postMessage to the add-in's exact
  // origin would never arrive. A frame of another origin keeps its own origin (it cannot reach this page either
  // way); one of this page's origin stays opaque, or it could lift its own sandbox.
  const sandbox = `allow-scripts allow-forms allow-popups${origin !== location.origin ? ' allow-same-origin' : ''}`;
  const frame = h('iframe', {
    src: addIn.url, title: `${addIn.name} (add-in)`,
    attrs: { sandbox, referrerpolicy: 'no-referrer' },
  });
  frame.addEventListener('load', () => {
    frame.contentWindow?.postMessage({ type: 'pchat.room', room: { uri: room.uri, name: room.name } }, origin);
  });
  aside.dataset.addInUrl = addIn.url;
  aside.replaceChildren(
    h('h3', { class: 'pane-title', text: addIn.name }),
    frame);
  return true;
}
