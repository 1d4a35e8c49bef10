import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { ClientOptions } from '@jobwire/core';
import {
  MissingSettingsError,
  type Setting,
  type Settings,
  type StartField,
  type VendorDefinition,
  type VendorSession,
} from '@jobwire/core/definition';
import { UsageError } from './errors.js';

/** Every vendor has a URL; the rest comes from the vendor's definition. */
export const urlSetting: Setting = { key: 'url', description: 'base URL of the server (or SOAP endpoint)' };

/** `clientId` → `client-id`: the flag name. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Option names the commands take for themselves. A vendor setting or start field of the same name gets
 * no flag (a setting then comes from its variable only, a start field from `--input-file` only): a
 * vendor package cannot break the command line.
 */
export const ownOptionKeys: ReadonlySet<string> = new Set([
  'url',
  'envFile',
  'requestTimeout',
  'json',
  'timeout',
  'minDelay',
  'maxDelay',
  'writes',
  'report',
  'inputFile',
  'wait',
  'help',
  'version',
]);

/** A setting's flag, `--client-id`, or `undefined` when it has none (secrets, and other names the commands take). */
export function settingFlag(setting: Setting): string | undefined {
  if (setting.secret) return undefined;
  if (setting.key === urlSetting.key) return '--url';
  return ownOptionKeys.has(setting.key) ? undefined : `--${flagName(setting.key)}`;
}

/** A start field's flag, `--workflow-id`, or `undefined` for a field only `--input-file` can give. */
export function fieldFlag(field: StartField): string | undefined {
  return ownOptionKeys.has(field.key) ? undefined : `--${flagName(field.key)}`;
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
  definition: VendorDefinition,
  flags: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
): Settings {
  // Commander names a parsed `--client-id` `clientId`: the setting's key.
  const settings: Record<string, string | undefined> = {};
  for (const setting of [urlSetting, ...definition.settings]) {
    const flag = settingFlag(setting) === undefined ? undefined : flags[setting.key];
    const value = typeof flag === 'string' ? flag : env[envName(definition.id, setting.key)];
    settings[setting.key] = value === '' ? undefined : value;
  }
  if (settings.url === undefined) {
    throw new UsageError(`no URL for ${definition.id}: pass --url or set ${envName(definition.id, 'url')}`);
  }
  return settings;
}

/** Where a setting comes from, for people: `--client-id (or JOBWIRE_…_CLIENT_ID)`, or only the variable for secrets. */
function settingSource(definition: VendorDefinition, key: string): string {
  const setting = key === urlSetting.key ? urlSetting : definition.settings.find((s) => s.key === key);
  const flag = setting && settingFlag(setting);
  const env = envName(definition.id, key);
  return flag ? `${flag} (or ${env})` : env;
}

/**
 * A session from resolved settings. What a definition refuses before any request is a configuration
 * mistake (exit code 2): missing settings are named by their flags and variables.
 */
export function connect(definition: VendorDefinition, settings: Settings, options: ClientOptions): VendorSession {
  try {
    return definition.connect(settings, options);
  } catch (error) {
    if (error instanceof MissingSettingsError) {
      const groups = error.groups.map((group) => group.map((key) => settingSource(definition, key)).join(' + '));
      throw new UsageError(`${definition.id} needs ${groups.join(', or ')}`, { cause: error });
    }
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}
