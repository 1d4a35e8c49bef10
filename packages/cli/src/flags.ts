// Names only: which flag and which variable each setting and start field has. Imports no code from
// core, so building the command line (and `--help`) loads nothing it does not show.
import type { Setting, StartField } from '@jobwire/core/definition';

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
  'verbose',
  'timeout',
  'minDelay',
  'maxDelay',
  'writes',
  'report',
  'record',
  'anonymize',
  'replay',
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
