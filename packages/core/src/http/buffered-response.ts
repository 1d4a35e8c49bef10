/** What `bufferedResponse` already holds besides the text. */
export interface BufferedBody {
  /** The body parsed as JSON already: `json()` hands it back instead of parsing again. */
  parsed?: unknown;
  /** The original bytes, for the stream, `arrayBuffer()`, `blob()`… (default: the text, as UTF-8). */
  bytes?: Uint8Array<ArrayBuffer>;
}

/**
 * A `Response` whose body was read whole already: `text()` and `json()` answer from what is held,
 * without the body stream a `new Response(text)` builds (the costly part of rebuilding one, on
 * every poll); the stream, `arrayBuffer()`, `blob()`… are made on first use from the bytes (or the
 * text). For transports and fetch wrappers that must look at a body and still hand on a response.
 *
 * The class is defined on first use, not at import: `class … extends Response` makes Node load
 * its whole fetch implementation (undici), ~20 ms of start-up for every client that imports core.
 */
export function bufferedResponse(text: string, init: ResponseInit, held: BufferedBody = {}): Response {
  BufferedResponse ??= defineBufferedResponse();
  return new BufferedResponse(text, init, held);
}

type BufferedResponseClass = new (text: string, init: ResponseInit, held: BufferedBody) => Response;
let BufferedResponse: BufferedResponseClass | undefined;

function defineBufferedResponse(): BufferedResponseClass {
  return class BufferedResponse extends Response {
    readonly #text: string;
    readonly #held: BufferedBody;
    #full: Response | undefined;
    #read = false;
    constructor(text: string, init: ResponseInit, held: BufferedBody) {
      super(null, init);
      // What `new Response(text, init)` adds when the server sent no Content-Type.
      if (!held.bytes && !this.headers.has('content-type')) this.headers.set('content-type', 'text/plain;charset=UTF-8');
      this.#text = text;
      this.#held = held;
    }
    #materialized(): Response {
      this.#full ??= new Response(this.#held.bytes ?? this.#text, {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      });
      return this.#full;
    }
    override get body(): Response['body'] {
      return this.#materialized().body;
    }
    override get bodyUsed(): boolean {
      return this.#read || (this.#full?.bodyUsed ?? false);
    }
    override text(): Promise<string> {
      if (this.bodyUsed) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
      this.#read = true;
      return Promise.resolve(this.#text);
    }
    override json(): Promise<never> {
      return this.text().then((text) => ('parsed' in this.#held ? this.#held.parsed : JSON.parse(text)) as never);
    }
    override arrayBuffer(): Promise<ArrayBuffer> {
      return this.#read ? this.text().then(() => new ArrayBuffer(0)) : this.#materialized().arrayBuffer();
    }
    override blob(): Promise<Blob> {
      return this.#read ? this.text().then(() => new Blob()) : this.#materialized().blob();
    }
    override bytes(): ReturnType<Response['bytes']> {
      return this.#read ? this.text().then(() => new Uint8Array(0)) : this.#materialized().bytes();
    }
    override formData(): Promise<FormData> {
      return this.#read ? this.text().then(() => new FormData()) : this.#materialized().formData();
    }
    override clone(): Response {
      if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
      return bufferedResponse(
        this.#text,
        { status: this.status, statusText: this.statusText, headers: this.headers },
        this.#held,
      );
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
