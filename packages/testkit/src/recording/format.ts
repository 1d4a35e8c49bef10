// The recording format: what `jobwire check --record <dir>` writes and `--replay <dir>`, the
// testkit's `recordingHandlers` and the recorded conformance suites read. One directory per run,
// laid out like `specs/<vendor>/samples/`: one body file per request and per answer, named after the
// probe (`003-run-a-workflow.response.json`), and `index.json` with everything else — provenance,
// the settings the probes started from (never a secret), and each exchange's method, path, query,
// status and headers.

/** `index.json`'s `format`: bumped when a reader of the old one would misread the new. */
export const RECORDING_FORMAT = 'jobwire-recording/1';

/** The index file's name in a recording directory. */
export const RECORDING_INDEX = 'index.json';

/** One probe's outcome at record time, so a replay can be compared with the live run. */
export interface RecordedProbe {
  /** The probe's name. */
  name: string;
  /** What it did live. */
  outcome: 'passed' | 'failed' | 'skipped';
  /** Its report line (redacted, and anonymized with the recording). */
  detail: string;
}

/** One request and its answer, as `index.json` lists it; bodies are files beside it. */
export interface RecordingEntry {
  /** The probe that made the request. */
  probe: string;
  /** The request: only what identifies it. `Authorization`, cookies and token headers are never kept. */
  request: {
    method: string;
    /** The URL's path, as sent (percent-encoding kept). */
    path: string;
    /** The URL's query with its `?`, or `''`; secret-named parameters read `***`. */
    query: string;
    /** Headers that say what the request is (`content-type`, `accept`, `soapaction`), lower-case names. */
    headers: Record<string, string>;
    /** The body's file name in the directory, when the request had one. */
    body?: string;
  };
  /** The answer. */
  response: {
    status: number;
    /** The reason phrase the server sent (`Not Found`), when it sent one: clients quote it in errors. */
    statusText?: string;
    /**
     * Every header but transport ones (date, connection, content-length, …), lower-case names;
     * secret-named ones (`set-cookie`, `authentication-token`) kept with the value `***`, so a
     * client still finds them on replay.
     */
    headers: Record<string, string>;
    /** The body's file name in the directory, when the answer had one. */
    body?: string;
    /** The body was longer than the recorder keeps (`MAX_RECORDED_BODY_BYTES`) and was cut there. */
    truncated?: boolean;
  };
}

/** `index.json`. */
export interface RecordingIndex {
  /** `RECORDING_FORMAT`. */
  format: typeof RECORDING_FORMAT;
  /** The vendor id (`alteryx-server`). */
  vendor: string;
  /** When the run started (ISO 8601). */
  recordedAt: string;
  /** What recorded it: `@jobwire/cli@0.1.0` and the vendor package, `@jobwire/alteryx-server@0.1.0`. */
  recordedBy: string[];
  /** The product's version, where the server tells it (a probe found it, or its `server` header). */
  productVersion?: string;
  /** The server's base URL (user info removed; its host a placeholder when anonymized). */
  url: string;
  /** Whether write probes (start, cancel) ran. */
  writes: boolean;
  /** Host names, user names and ids were replaced by stable placeholders. */
  anonymized: boolean;
  /** The non-secret settings the probes started from (ids, auth mode, user name), as the probes saw them. */
  settings: Record<string, string>;
  /** The names of the secret settings that were given (their values never are). */
  secretSettings: string[];
  /** Each probe's outcome at record time. */
  probes: RecordedProbe[];
  /** Every exchange, in the order it happened. */
  exchanges: RecordingEntry[];
}

/** One exchange as the recorder captured it, in memory, before redaction. */
export interface CapturedExchange {
  /** The probe that made the request. */
  probe: string;
  /** The request as fetch sent it: method, whole URL, every header, the body as text. */
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  /** The answer as it came: status, every header, the body as text (cut at `MAX_RECORDED_BODY_BYTES`, then `truncated`). */
  response: { status: number; statusText?: string; headers: Record<string, string>; body: string; truncated?: boolean };
}

/** A recording read back: the index and each exchange's bodies as text. */
export interface Recording {
  /** Where it was read from. */
  dir: string;
  /** `index.json`, as `readRecording` checked it. */
  index: RecordingIndex;
  /** `index.exchanges` with their bodies (`''` when there was none). */
  exchanges: Array<RecordingEntry & { requestBody: string; responseBody: string }>;
}

/** Answers longer than this are cut when recorded (and marked `truncated`): a recording stays bounded. */
export const MAX_RECORDED_BODY_BYTES = 4 * 1024 * 1024;
