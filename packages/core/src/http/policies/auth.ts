/**
 * Credentials: the client's `Authenticator` sets them on the headers of each attempt (under the
 * attempt's timer and signal, holding its slot), and on a 401 renews them once per call and sends
 * again, writes included: the server refused the request unread. Left out of the pipeline when the
 * client has no authenticator; skipped for the request that obtains credentials (`authenticate: false`).
 */
import type { Authenticator } from '../../auth.js';
import { AuthenticationError } from '../../errors.js';
import type { TransportCall } from '../call.js';
import type { CallPolicy } from '../pipeline.js';
import { failure } from './error-mapping.js';

/** Applies credentials, renewing them once on a 401. */
export function authPolicy(authenticator: Authenticator): CallPolicy {
  // Typed errors pass; anything else (a token no header can carry) is mapped as the network's would be.
  const applyTo = async (call: TransportCall): Promise<void> => {
    try {
      await authenticator.apply(call.headers, call.signal);
    } catch (error) {
      throw failure(call, error);
    }
  };
  return {
    name: 'auth',
    async sendRequest(call, next) {
      if (!call.authenticate) return next(call);
      // A failure here (e.g. the token request refused) is not renewed: these are the credentials.
      await applyTo(call);
      try {
        return await next(call);
      } catch (error) {
        if (call.renewed || !authenticator.renew || !(error instanceof AuthenticationError)) throw error;
        call.renewed = true;
        // `call.headers` are the ones refused: the renewal looks at which credential to drop.
        if (!(await authenticator.renew(call.headers, call.signal))) throw error;
        await applyTo(call);
        return next(call);
      }
    },
  };
}
