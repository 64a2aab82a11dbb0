import type { DeliveryPayload } from '../domain/index.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Only http(s) links are rendered as links. */
const safeUrl = (url: string | null): string | null => {
  if (!url) return null;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol) ? url : null;
  } catch {
    return null;
  }
};

/** The plain-text body of a message: content, then the action link. */
export function renderText(p: DeliveryPayload): string {
  const url = safeUrl(p.actionUrl);
  return url ? `${p.content}\n\n${url}` : p.content;
}

/** A small HTML body: everything from the message is escaped; line breaks are kept. */
export function renderHtml(p: DeliveryPayload): string {
  const url = safeUrl(p.actionUrl);
  const body = escapeHtml(p.content).replace(/\r?\n/g, '<br>');
  const link = url ? `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>` : '';
  return `<!doctype html><html><body><h2>${escapeHtml(p.title)}</h2><p>${body}</p>${link}<p style="color:#888;font-size:12px">${escapeHtml(p.messageType)} · ${escapeHtml(p.priority)}</p></body></html>`;
}
