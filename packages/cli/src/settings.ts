import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { UsageError } from './errors.js';
import type { Setting, Settings, VendorAdapter } from './vendors/types.js';

/** Every vendor has a URL; the rest comes from the vendor's adapter. */
export const urlSetting: Setting = { key: 'url', description: 'base URL of the server (or SOAP endpoint)' };

/** `clientId` → `client-id`: the flag name. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `alteryx-server`, `clientId` → `JOBWIRE_ALTERYX_SERVER_CLIENT_ID`. */
export function envName(vendor: string, key: string): string {
  return `JOBWIRE_${vendor}_${flagName(key)}`.replace(/-/g, '_').toUpperCase();
}

/**
 * Reads an env file (`KEY=value` lines, as dotenv) into a copy of the environment; the process
 * environment wins, so a file never overrides what the caller set explicitly.
 */
export function withEnvFile(env: NodeJS.ProcessEnv, path: string | undefined): NodeJS.ProcessEnv {
  if (path === undefined) return env;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --env-file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return { ...parseEnv(text), ...env };
}

/**
 * A vendor's settings: each from its flag, else from `JOBWIRE_<VENDOR>_<KEY>`. Secrets are read only
 * from the environment, so they never show in a process list or shell history.
 */
export function resolveSettings(
  adapter: VendorAdapter,
  flags: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
): Settings {
  // Commander names a parsed `--client-id` `clientId`: the setting's key.
  const settings: Record<string, string | undefined> = {};
  for (const setting of [urlSetting, ...adapter.settings]) {
    const flag = setting.secret ? undefined : flags[setting.key];
    const value = typeof flag === 'string' ? flag : env[envName(adapter.vendor, setting.key)];
    settings[setting.key] = value === '' ? undefined : value;
  }
  if (settings.url === undefined) {
    throw new UsageError(`no URL for ${adapter.vendor}: pass --url or set ${envName(adapter.vendor, 'url')}`);
  }
  return settings;
}

/** The error for missing settings: any one of the groups of keys would do. */
export function missingSettings(adapter: VendorAdapter, ...groups: string[][]): UsageError {
  const where = (key: string) => {
    const secret = adapter.settings.find((s) => s.key === key)?.secret === true;
    const env = envName(adapter.vendor, key);
    return secret ? env : `--${flagName(key)} (or ${env})`;
  };
  return new UsageError(`${adapter.vendor} needs ${groups.map((g) => g.map(where).join(' + ')).join(', or ')}`);
}
