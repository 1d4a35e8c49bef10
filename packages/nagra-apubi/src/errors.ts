import { AuthenticationError, apiErrorInit, type JobwireError, PermissionError } from '@jobwire/core';
import type { ErrorResponse } from '@jobwire/core/internal';
import { faultFromErrorBody } from './decode.js';

/**
 * APUBI servers answer errors as SOAP faults with an HTTP error status (400, 500). A fault is a
 * SoapFaultError, which is not retried: "Task Id does not exist" will not change on a second try.
 * A fault that comes with 401/403 is an AuthenticationError/PermissionError carrying the fault
 * string. Anything else (an HTML proxy page, a bare 503) falls back to the HTTP status classes.
 */
export function mapApubiError(response: ErrorResponse): JobwireError | undefined {
  const text = typeof response.body === 'string' ? response.body : '';
  const fault = faultFromErrorBody(text, { vendor: response.vendor, operation: response.operation, status: response.status });
  if (!fault) return undefined;
  if (response.status === 401 || response.status === 403) {
    const ErrorClass = response.status === 401 ? AuthenticationError : PermissionError;
    return new ErrorClass(
      `${response.vendor} ${response.operation} failed: HTTP ${response.status}: ${fault.faultString || fault.faultCode}`,
      apiErrorInit(response),
    );
  }
  return fault;
}
