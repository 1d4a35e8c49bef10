import { pathSegment } from '../ids.js';

/** Query parameters of `requestUrl`: `undefined` values are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

/**
 * The URL openapi-fetch would build for `template` (a path of the vendor's spec, e.g.
 * `'/v3/jobs/{jobId}'`; pass the generated `paths` type to have it checked): one trailing slash of
 * `baseUrl` dropped, each `{name}` filled with the checked, percent-encoded id, the query encoded
 * with `encodeURIComponent`. For the calls that go through `HttpTransport.request`.
 */
export function requestUrl<Paths = Record<string, unknown>>(
  baseUrl: string,
  template: keyof Paths & string,
  path: Record<string, string> = {},
  query: QueryParams = {},
): string {
  const filled = template.replace(/\{([^}]+)\}/g, (_match, name: string) =>
    encodeURIComponent(pathSegment(path[name] as string, name)),
  );
  const search = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${baseUrl.replace(/\/$/, '')}${filled}${search ? `?${search}` : ''}`;
}

/**
 * Remembers the URL `build` made for each of the last ids (up to `max`, then it starts over), so
 * polling the same job sends the very same string again: Node's fetch handles it ~8 µs faster
 * than an equal new one (bench/README.md: 1.10× a hand-written fetch instead of 1.17×).
 */
export function urlCache(build: (id: string) => string, max = 1024): (id: string) => string {
  const urls = new Map<string, string>();
  return (id) => {
    let url = urls.get(id);
    if (url === undefined) {
      if (urls.size >= max) urls.clear();
      url = build(id);
      urls.set(id, url);
    }
    return url;
  };
}
