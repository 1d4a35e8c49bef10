declare const __PACKAGE_VERSION__: string;
/** This package's version, written in by the build (tsup `define`); the default User-Agent carries it. */
export const VERSION: string = __PACKAGE_VERSION__;
