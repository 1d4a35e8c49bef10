const MESSAGE_KEYS = ['message', 'Message', 'error_description', 'errorMessage', 'detail', 'title', 'error', 'faultstring'];
const MAX_MESSAGE = 300;

/**
 * The server's own words from an error body: the usual JSON message fields, an HTML page's
 * title, or the start of a plain-text body. Returns '' when there is nothing readable.
 */
export function serverMessage(body: unknown, text: string, contentType: string): string {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const key of MESSAGE_KEYS) {
      const value = (body as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.trim() !== '') return shorten(value);
      if (value && typeof value === 'object') {
        const nested = serverMessage(value, '', '');
        if (nested) return nested;
      }
    }
    return '';
  }
  if (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(text)?.[1];
    return title ? shorten(decodeBasicEntities(title)) : '';
  }
  if (typeof body === 'string' && body.trim() !== '' && !body.trimStart().startsWith('<')) return shorten(body);
  return text.trim() === '' || text.trimStart().startsWith('<') ? '' : shorten(text);
}

/**
 * A short excerpt of a body for `UnexpectedResponseError`, on one line. With `redact`, secrets are
 * scrubbed before the cut (a secret cut in half would escape the scrubber), over a bounded window.
 */
export function excerptOf(text: string, max = 200, redact?: (text: string) => string): string {
  const window = redact ? redact(text.slice(0, max * 8 + 1024)) : text;
  const flat = window.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function shorten(text: string): string {
  return excerptOf(text, MAX_MESSAGE);
}

function decodeBasicEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
