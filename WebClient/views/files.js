// File transfer: uploads in chunks of at most 1 MiB over HTTP (XMLHttpRequest, for upload progress), with cancel;
// downloads through a short-lived token. The server posts an uploaded file to the room as a fileLink message.
import { formatSize, h } from '../dom.js';
import { ChatError, describeError } from '../errors.js';
import { icon } from '../icons.js';

const CHUNK = 1 << 20;

/** PUTs one chunk; resolves with the JSON answer. `onProgress(bytesOfThisChunk)`. */
function putChunk(path, offset, blob, onProgress, register) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    register(xhr);
    xhr.open('PUT', `${path}?offset=${offset}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded));
    xhr.addEventListener('load', () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText || '{}'); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ChatError(body.error || { code: 'FileUploadFailed', detail: '', message: `The upload failed (HTTP ${xhr.status}).` }, xhr.status));
    });
    xhr.addEventListener('error', () => reject(new ChatError({ detail: 'connection.failed' })));
    xhr.addEventListener('abort', () => reject(new ChatError({ code: 'Cancelled', detail: 'upload.cancelled' })));
    xhr.send(blob);
  });
}

const uploaders = new Map(); // room uri → uploader: an upload goes on while another room is on screen

/** The uploader of a room (made once per room, so its upload and progress survive switching rooms). */
export function uploaderFor(session, room) {
  if (!uploaders.has(room.uri)) uploaders.set(room.uri, createUploader({ session, room }));
  return uploaders.get(room.uri);
}

/** Cancels every upload (sign-out). */
export function cancelAllUploads() {
  for (const uploader of uploaders.values()) uploader.cancel();
  uploaders.clear();
}

/**
 * The attach control (label + `input#file-input`) and the progress panel (`progress#upload-progress`,
 * `button#upload-cancel`, `#upload-error`) for one room.
 */
function createUploader({ session, room }) {
  const input = h('input', { id: 'file-input', type: 'file', class: 'sr-only', multiple: true });
  const control = h('label', { class: 'icon-button attach', htmlFor: 'file-input', title: 'Attach files' },
    icon('attach'), h('span', { class: 'sr-only', text: 'Attach a file' }));
  const fileName = h('span', { class: 'upload-name' });
  const percent = h('span', { class: 'upload-percent' });
  const progress = h('progress', { id: 'upload-progress', max: 1, value: 0, attrs: { 'aria-label': 'Upload progress' } });
  const cancel = h('button', { type: 'button', id: 'upload-cancel', class: 'button-quiet', text: 'Cancel' });
  const status = h('p', { id: 'upload-status', class: 'upload-status muted', attrs: { role: 'status' } });
  const error = h('p', { id: 'upload-error', class: 'inline-error', attrs: { role: 'alert' }, hidden: true });
  const bar = h('div', { class: 'upload', hidden: true }, icon('file'), fileName, progress, percent, cancel);
  const panel = h('div', { class: 'upload-panel' }, bar, status, error);

  let current = null; // {xhr, path, cancelled}
  let queue = [];

  input.addEventListener('change', () => {
    const files = [...input.files];
    input.value = ''; // the same file may be chosen again
    if (!files.length) return;
    queue.push(...files);
    if (!current) next();
  });
  cancel.addEventListener('click', () => {
    queue = [];
    if (!current) return;
    current.cancelled = true;
    current.xhr?.abort();
    if (current.path) fetch(current.path, { method: 'DELETE', credentials: 'same-origin' }).catch(() => {});
  });

  function showError(text) { error.textContent = text; error.hidden = !text; }

  async function next() {
    const file = queue.shift();
    if (!file) { current = null; bar.hidden = true; return; }
    current = { xhr: null, path: null, cancelled: false };
    const job = current;
    showError('');
    status.textContent = '';
    fileName.textContent = file.name;
    progress.max = Math.max(file.size, 1);
    progress.value = 0;
    percent.textContent = '0%';
    bar.hidden = false;
    try {
      const transfer = await session.command('fileUpload', { room: room.uri, fileName: file.name, size: file.size });
      job.path = transfer.path;
      let offset = 0;
      do {
        if (job.cancelled) throw new ChatError({ code: 'Cancelled', detail: 'upload.cancelled' });
        const chunk = file.slice(offset, offset + CHUNK);
        const base = offset;
        await putChunk(transfer.path, offset, chunk, (loaded) => {
          progress.value = base + loaded;
          percent.textContent = `${Math.floor(((base + loaded) / Math.max(file.size, 1)) * 100)}%`;
        }, (xhr) => { job.xhr = xhr; });
        offset += chunk.size;
      } while (offset < file.size);
      status.textContent = `${file.name} (${formatSize(file.size)}) was posted.`;
    } catch (failure) {
      if (failure.detail === 'upload.cancelled' || job.cancelled) status.textContent = `The upload of ${file.name} was cancelled.`;
      else {
        const limit = failure.detail === 'file.tooLarge' && session.server?.fileSizeLimit;
        showError(`${file.name}: ${describeError(failure)}${limit ? ` The limit is ${formatSize(limit)}.` : ''}`);
      }
    }
    next();
  }

  return {
    control, input, panel,
    setEnabled(enabled) {
      input.disabled = !enabled;
      control.classList.toggle('disabled', !enabled);
    },
    cancel() { if (current || queue.length) cancel.click(); },
  };
}

/** Downloads a fileLink part: asks a token, then lets the browser fetch it (the server answers as an attachment). */
export async function downloadFile(session, part, anchor) {
  const note = anchor.parentElement.querySelector('.file-error') || h('span', { class: 'file-error inline-error', attrs: { role: 'alert' } });
  note.textContent = '';
  anchor.setAttribute('aria-busy', 'true');
  try {
    const transfer = await session.command('fileDownload', { file: part.uri });
    const link = h('a', { href: transfer.path, download: part.name || transfer.fileName, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
  } catch (failure) {
    note.textContent = ` ${describeError(failure)}`;
    anchor.parentElement.append(note);
  } finally {
    anchor.removeAttribute('aria-busy');
  }
}
