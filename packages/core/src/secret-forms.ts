// Every form a secret may take in text, shared by core's redactor and by the testkit's recorder
// (`writeRecording`), which scrubs recorded files by value: one list, so both look for the same forms.

/**
 * A secret may surface as itself, URL-encoded (query strings, forms; upper- or lower-case `%xx`,
 * once or twice; as `encodeURIComponent`, `URLSearchParams` and RFC 3986-strict encoders write it),
 * JSON-escaped (also as .NET and PHP writers escape), XML-escaped (also leniently), as HTML numeric
 * entities, or base64-encoded.
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
  for (const form of moreForms(secret)) forms.add(form);
  return [...forms].filter((f) => f !== '');
}

/**
 * Forms servers really write besides the common ones above: XML text may leave `>`,
 * `"` and `'` unescaped (or use `&#34;`/`&#39;`), and JSON writers escape more than they must
 * (.NET's `\u0026`-style escapes of `<>&'"+`, any `\uXXXX`, PHP's `\/`); URL encoders differ
 * in which of `!'()*~` they escape.
 */
function moreForms(secret: string): string[] {
  const out: string[] = [];
  const base = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  for (const gt of ['>', '&gt;']) {
    for (const quot of ['"', '&quot;', '&#34;']) {
      for (const apos of ["'", '&apos;', '&#39;']) out.push(base.replace(/>/g, gt).replace(/"/g, quot).replace(/'/g, apos));
    }
  }
  out.push(JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'));
  // UTF-16 units, as JSON's `\uXXXX` escapes are (a character beyond U+FFFF is two of them).
  const unicode = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  const dotnet = secret.replace(/["&'+<>`\\]|[^\x20-\x7e]/g, (c) => (c === '\\' ? '\\\\' : unicode(c)));
  for (const form of [dotnet, secret.replace(/[^A-Za-z0-9 ]/g, unicode)])
    out.push(
      form,
      form.replace(/\\u\w{4}/g, (h) => `\\u${h.slice(2).toUpperCase()}`),
    );
  // Form bodies and queries written by URLSearchParams (`!`→`%21`, space→`+`) or RFC 3986-strict encoders (`*`→`%2A`).
  const form = new URLSearchParams([['a', secret]]).toString().slice(2);
  const strict = encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  for (const encoded of [form, form.replace(/\+/g, '%20'), strict, strict.replace(/%20/g, '+')]) {
    out.push(
      encoded,
      encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    );
  }
  return out;
}

/** UTF-8 base64 without Node's Buffer (core also runs in browsers). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
