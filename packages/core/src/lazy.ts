/** A module imported on first use and kept; see `lazyModule`. */
export interface LazyModule<T> {
  /** The module, imported on the first call: one promise per process (a failed import is tried again next time). */
  (): Promise<T>;
  /** The module once an import has finished, for synchronous code; undefined before. */
  loaded(): T | undefined;
}

/**
 * Wraps a dynamic `import()` so that a module only some paths need (e.g. `@jobwire/xml`) is
 * loaded on first use, once. The `import()` stays in the caller's package, so its bundler and its
 * CJS build (which turns `import()` into `require()`) resolve it as they would a static import.
 *
 * ```ts
 * const loadXml = lazyModule(() => import('@jobwire/xml'));
 * const { parseXml } = await loadXml();
 * ```
 */
export function lazyModule<T>(load: () => Promise<T>): LazyModule<T> {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  const get = (): Promise<T> => {
    loading ??= load().then(
      (module) => {
        loaded = module;
        return module;
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  return Object.assign(get, { loaded: () => loaded });
}
