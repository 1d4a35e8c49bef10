// Every form a secret may take in text, shared by core's redactor and by the testkit's recorder
// (`writeRecording`), which scrubs recorded files by value: one list, so both look for the same forms.

/**
 * A secret may surface as itself, URL-encoded (query strings, forms; upper- or lower-case `%xx`,
 * once or twice), JSON-escaped, XML-escaped, as HTML numeric entities, or base64-encoded.
 * Returns every distinct non-empty form of `secret` (itself first); base64 forms only for 8+ characters.
 */
export function secretForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  const twice = encodeURIComponent(encoded);
  const lower = (s: string) => s.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
  const forms = new Set([secret, encoded, JSON.stringify(secret).slice(1, -1)]);
  for (const form of [encoded.replace(/%20/g, '+'), lower(encoded), twice, lower(twice)]) forms.add(form);
  const chars = [...secret];
  forms.add(chars.map((c) => `&#${c.codePointAt(0)};`).join(''));
  forms.add(chars.map((c) => `&#x${(c.codePointAt(0) ?? 0).toString(16)};`).join(''));
  forms.add(chars.map((c) => (/[&<>"']/.test(c) ? `&#${c.codePointAt(0)};` : c)).join(''));
  // base64 of the bare secret (8+ characters: a shorter one is too likely to occur by chance).
  if (secret.length >= 8) {
    const b64 = base64(secret);
    forms.add(b64);
    forms.add(b64.replace(/=+$/, ''));
    forms.add(b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  }
  // XML-escaped (a SOAP fault quoting it): a parser would decode it back after redaction saw the text.
  const xmlText = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const xmlQuoted = xmlText.replace(/"/g, '&quot;');
  for (const form of [xmlText, xmlQuoted, xmlQuoted.replace(/'/g, '&apos;'), xmlQuoted.replace(/'/g, '&#39;')]) forms.add(form);
  return [...forms].filter((f) => f !== '');
}

/** UTF-8 base64 without Node's Buffer (core also runs in browsers). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
