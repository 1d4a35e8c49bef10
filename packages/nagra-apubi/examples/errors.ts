import { SoapFaultError, UnexpectedResponseError } from '@jobwire/nagra-apubi';
import { apubi } from './connect.js';

try {
  await apubi.getTaskStatus(process.env.APUBI_TASK_ID ?? 'no-such-task');
} catch (error) {
  // The publishing server's fault: faultcode, faultstring and the ExceptionWS message.
  if (error instanceof SoapFaultError) console.log(`fault ${error.faultCode}: ${error.faultString}`);
  // Not a SOAP envelope at all (an HTML proxy page, malformed XML).
  else if (error instanceof UnexpectedResponseError) console.log(`not APUBI: ${error.message}`);
  else throw error;
}
