/**
 * A `Response` whose JSON was parsed once already, for openapi-fetch: `json()` hands back that
 * value and `text()` the text, without the body stream a string `Response` builds (the costly part
 * of rebuilding one); the stream, `arrayBuffer()`, `blob()`… are made on first use from the text.
 *
 * The class is defined on first use, not at import: `class … extends Response` makes Node load
 * its whole fetch implementation (undici), ~20 ms of start-up for every client that imports core.
 */
export function parsedJsonResponse(text: string, parsed: unknown, init: ResponseInit): Response {
  ParsedJsonResponse ??= defineParsedJsonResponse();
  return new ParsedJsonResponse(text, parsed, init);
}

type ParsedJsonResponseClass = new (text: string, parsed: unknown, init: ResponseInit) => Response;
let ParsedJsonResponse: ParsedJsonResponseClass | undefined;

function defineParsedJsonResponse(): ParsedJsonResponseClass {
  return class ParsedJsonResponse extends Response {
    readonly #text: string;
    readonly #parsed: unknown;
    #full: Response | undefined;
    #textRead = false;
    constructor(text: string, parsed: unknown, init: ResponseInit) {
      super(null, init);
      // What `new Response(text, init)` adds when the server sent no Content-Type.
      if (!this.headers.has('content-type')) this.headers.set('content-type', 'text/plain;charset=UTF-8');
      this.#text = text;
      this.#parsed = parsed;
    }
    #materialized(): Response {
      this.#full ??= new Response(this.#text, { status: this.status, statusText: this.statusText, headers: this.headers });
      return this.#full;
    }
    #consumed(): boolean {
      return this.#textRead || (this.#full?.bodyUsed ?? false);
    }
    override get body(): Response['body'] {
      return this.#materialized().body;
    }
    override get bodyUsed(): boolean {
      return this.#consumed();
    }
    override json(): Promise<never> {
      return Promise.resolve(this.#parsed as never);
    }
    override text(): Promise<string> {
      if (this.#consumed()) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
      this.#textRead = true;
      return Promise.resolve(this.#text);
    }
    override arrayBuffer(): Promise<ArrayBuffer> {
      return this.#textRead ? this.text().then(() => new ArrayBuffer(0)) : this.#materialized().arrayBuffer();
    }
    override blob(): Promise<Blob> {
      return this.#textRead ? this.text().then(() => new Blob()) : this.#materialized().blob();
    }
    override bytes(): ReturnType<Response['bytes']> {
      return this.#textRead ? this.text().then(() => new Uint8Array(0)) : this.#materialized().bytes();
    }
    override formData(): Promise<FormData> {
      return this.#textRead ? this.text().then(() => new FormData()) : this.#materialized().formData();
    }
    override clone(): Response {
      if (this.#consumed()) throw new TypeError('Response.clone: Body has already been consumed.');
      return new ParsedJsonResponse(this.#text, this.#parsed, {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      });
    }
  };
}

/** The UTF-8 byte length of a string, without encoding it (lone surrogates count 3, as U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2; // 4 bytes for the pair of 2 code units
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}
