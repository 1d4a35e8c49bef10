import type {
  GetTaskStatus,
  GetTaskStatusResponse,
  LoadAsset,
  LoadAssetResponse,
  PurgeAsset,
  PurgeAssetResponse,
} from './generated/apubi/index.js';

/*
 * The type of `client.soap()`, written here rather than taken from the generated client (which
 * extends node-soap's `Client`): this package's .d.ts must not import `soap` (an optional peer),
 * or a TypeScript user without it gets an unresolved import — an error without skipLibCheck, a
 * silent `any` with it — and node-soap's own types pull in `@types/sax` and a newer
 * `@types/node`. client.ts assigns the generated client to this type, so the compiler keeps the
 * two in step. The object is node-soap's `Client`: its other members (addSoapHeader,
 * setSecurity, events…) are there at run time; type them with `soap`'s own `Client` if needed.
 */

/**
 * What a raw call resolves with, as node-soap gives it: the decoded result (node-soap's own
 * all-optional, untrimmed object), the response body, the parsed SOAP Header (when one was sent)
 * and the request envelope.
 */
export type ApubiSoapResult<Result> = [result: Result, rawResponse: string, soapHeader: unknown, rawRequest: string];

/**
 * Per-call options node-soap passes on to the HTTP client (jobwire's transport, which reads
 * none of them) and reads a few of itself (e.g. `postProcess`). Optional.
 */
export interface ApubiSoapCallOptions {
  /** node-soap's per-call options, as the `soap` package documents them. */
  [option: string]: unknown;
}

/** One operation as node-soap describes it: its input and output, from the WSDL's schema. */
export interface ApubiSoapOperationDescription {
  /** The request element's description (names and XML Schema types). */
  input: unknown;
  /** The response element's description. */
  output: unknown;
}

/**
 * The raw node-soap client of `client.soap()`, built from the embedded WSDL: one `…Async` method
 * per APUBI operation (resolving with `[result, rawResponse, soapHeader, rawRequest]`), calling
 * through the client's transport and checks, and node-soap's record of the last exchange. Typed
 * by this package, so neither `soap` nor its types are needed to compile against it.
 */
export interface ApubiClient {
  /** LoadAsset, sent by node-soap; resolves with node-soap's result and the raw exchange. */
  LoadAssetAsync(loadAsset: LoadAsset, options?: ApubiSoapCallOptions): Promise<ApubiSoapResult<LoadAssetResponse>>;
  /** PurgeAsset, sent by node-soap. */
  PurgeAssetAsync(purgeAsset: PurgeAsset, options?: ApubiSoapCallOptions): Promise<ApubiSoapResult<PurgeAssetResponse>>;
  /** GetTaskStatus, sent by node-soap (retried as a read, like `getTaskStatus`). */
  GetTaskStatusAsync(
    getTaskStatus: GetTaskStatus,
    options?: ApubiSoapCallOptions,
  ): Promise<ApubiSoapResult<GetTaskStatusResponse>>;
  /** The WSDL's services, ports and operations, as node-soap read them. */
  describe(): {
    APUBIService: {
      APUBIPort: Record<'LoadAsset' | 'PurgeAsset' | 'GetTaskStatus', ApubiSoapOperationDescription>;
    };
  };
  /** The last request envelope node-soap sent. */
  readonly lastRequest?: string;
  /** The last request's body element, without the envelope. */
  readonly lastMessage?: string;
  /** The URL the last request went to. */
  readonly lastEndpoint?: string;
  /** The last response body received (null after a call that failed to send). */
  readonly lastResponse?: unknown;
  /** How long the last call took, in milliseconds (null after one that failed to send). */
  readonly lastElapsedTime?: number | null;
}
