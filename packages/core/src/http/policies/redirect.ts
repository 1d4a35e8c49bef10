/**
 * Redirects: every request goes out with `redirect: 'manual'` and this policy follows a 3xx itself
 * (redirect.ts: within the origin as sent, to an allowed origin without any credential, anything
 * else refused with `RedirectError`). Rare, so the code that follows them is loaded on the first one.
 */
import { RedirectError } from '../../errors.js';
import { lazyModule } from '../../lazy.js';
import { isSecretName } from '../../redact.js';
import type { TransportSettings } from '../call.js';
import type { ExchangePolicy } from '../pipeline.js';

const loadRedirects = lazyModule(() => import('../redirect.js'));

/** Follows or refuses the redirects of each exchange. */
export function redirectPolicy(settings: TransportSettings): ExchangePolicy {
  const { vendor, redactor, logger, allowedOrigins, send } = settings;
  return {
    name: 'redirect',
    async sendRequest(call, next) {
      const response = await next(call);
      // (Status 0 is a browser's `opaqueredirect`; `response.type` is not read on every call: it costs.)
      if (!((response.status > 300 && response.status < 309) || response.status === 0)) return response;
      const { followRedirects } = await loadRedirects();
      const input = call.input;
      // A copy: the hops change headers (a body dropped takes its Content-Type along), and a retry
      // of the call must send the headers it started with.
      return followRedirects(response, new Headers(call.headers), call.signal, {
        vendor,
        operation: call.operation,
        redactor,
        logger,
        allowedOrigins,
        isSecretName,
        refused: (message, init) => new RedirectError(message, init),
        send,
        url: call.url,
        method: call.method,
        headersBeforeAuth: call.headersInit,
        hasBody: typeof input === 'string' ? call.requestBody !== undefined : input.body !== null,
        mayResend: call.mayResend,
        resendBody: () => call.resendBody(),
      });
    },
  };
}
