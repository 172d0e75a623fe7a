// Renders a message body: formatted parts (text, hyperlink, emoticon, roomLink, fileLink) or plain text, with
// http(s)/mailto addresses in text made into links. Untrusted text only ever goes into text nodes.
import { formatSize, h, roomHash, safeUrl } from './dom.js';

const EMOTICONS = {
  smile: ['🙂', ':)'], frown: ['🙁', ':('], cool: ['😎', '8-)'], laughing: ['😄', ':-D'], shocked: ['😮', ':-O'],
  confused: ['😕', ':-/'], crying: ['😢', ":'("], tongue: ['😛', ':-P'], wink: ['😉', ';)'], angry: ['😠', '>:O'],
  kissing: ['😘', ':-*'],
};

const URL_PATTERN = /\b(?:https?:\/\/|mailto:)[^\s<>"]+/gi;

export function externalLink(url, text) {
  return h('a', { class: 'hyperlink', href: url, text, rel: 'noopener noreferrer', target: '_blank' });
}

/** Text with its web addresses as links. `highlight` (optional) marks search terms. */
export function linkify(text, highlight) {
  const out = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let candidate = match[0];
    // Leave trailing punctuation out of the link, and an unbalanced closing bracket.
    while (/[.,;:!?'’)\]}]$/.test(candidate)) {
      const end = candidate[candidate.length - 1];
      if (end === ')' && (candidate.match(/\(/g) || []).length >= (candidate.match(/\)/g) || []).length) break;
      candidate = candidate.slice(0, -1);
    }
    const url = safeUrl(candidate);
    if (!url) continue;
    out.push(...marked(text.slice(last, match.index), highlight));
    out.push(externalLink(url, candidate));
    last = match.index + candidate.length;
  }
  out.push(...marked(text.slice(last), highlight));
  return out;
}

/** Splits text around the search terms, wrapping each hit in <mark>. */
export function marked(text, terms) {
  if (!text) return [];
  if (!terms || !terms.length) return [text];
  const escaped = terms.filter(Boolean).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!escaped.length) return [text];
  const pattern = new RegExp(`(${escaped.join('|')})`, 'iu');
  // Splitting on a capturing group alternates text and hits.
  return text.split(pattern).map((piece, i) => (i % 2 ? h('mark', { text: piece }) : piece)).filter((p) => p !== '');
}

function renderPart(part, ctx) {
  switch (part.type) {
    case 'text':
      return linkify(part.text || '', ctx.highlight);
    case 'hyperlink': {
      const url = safeUrl(part.url || '');
      const text = part.text || part.url || '';
      return url ? externalLink(url, text) : text;
    }
    case 'emoticon': {
      const [emoji, characters] = EMOTICONS[part.emoticon] || ['', part.emoticon || ''];
      return h('span', { class: 'emoticon', text: emoji || characters, title: characters, attrs: { role: 'img', 'aria-label': part.emoticon || characters } });
    }
    case 'roomLink':
      return h('a', { class: 'room-link-part', href: roomHash(part.room), text: part.text || 'room', title: 'Open this room' });
    case 'fileLink': {
      const link = h('a', {
        class: 'file-link', href: '#', text: part.name || 'file',
        dataset: { fileUri: part.uri || '' },
        attrs: { 'aria-label': `Download ${part.name || 'file'} (${formatSize(part.size || 0)})` },
        on: { click: (event) => { event.preventDefault(); ctx.download?.(part, event.currentTarget); } },
      });
      return h('span', { class: 'file' }, link, h('span', { class: 'file-size', text: ` ${formatSize(part.size || 0)}` }));
    }
    default:
      return part.text || '';
  }
}

/** The nodes of a message's body. ctx: {download(part, anchor), highlight: [terms]}. */
export function renderBody(message, ctx = {}) {
  if (Array.isArray(message.parts) && message.parts.length) return message.parts.flatMap((p) => renderPart(p, ctx));
  return linkify(message.text || '', ctx.highlight);
}
