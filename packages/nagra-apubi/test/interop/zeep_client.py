"""Calls an APUBI publishing server with zeep (Debian: python3-zeep), a SOAP client nobody on
jobwire wrote, as NAGRA's Workflow Manager would: from a WSDL, with HTTP Basic credentials.

Run by packages/nagra-apubi/test/interop-zeep.test.ts. Reads one JSON job on standard input:
  {"wsdl": URL or file, "endpoint": URL, "username": ..., "password": ...,
   "calls": [{"operation": "LoadAsset", "args": {...}, "metadataXml": "<MetaData ...>...</MetaData>"}]}
and writes one JSON list on standard output, one entry per call:
  {"ok": <the answer, as zeep read it>, "soapAction": <the header zeep sent>} or
  {"fault": {"code", "message", "detailMessage"}, "status": <HTTP status>, "soapAction": ...} or
  {"error": <what zeep raised otherwise>}.
"metadataXml" (a whole MetaData element in the APUBI namespace) replaces the MetaData element zeep
writes: zeep cannot build mixed content (text beside elements) from arguments.
"""

import json
import sys

import requests
import zeep
from lxml import etree
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.plugins import Plugin
from zeep.transports import Transport

NS = "wfm:APUBI/v1/schemas"


class Wire(Plugin):
    """Replaces MetaData with the caller's exact XML, and notes the SOAPAction and HTTP status."""

    def __init__(self):
        self.metadata_xml = None
        self.soap_action = None
        self.status = None

    def egress(self, envelope, http_headers, operation, binding_options):
        self.soap_action = http_headers.get("SOAPAction")
        if self.metadata_xml is not None:
            for element in envelope.iter("{%s}MetaData" % NS):
                replacement = etree.fromstring(self.metadata_xml.encode("utf-8"))
                replacement.tail = element.tail
                element.getparent().replace(element, replacement)
        return envelope, http_headers


def main():
    job = json.load(sys.stdin)
    session = requests.Session()
    if job.get("username") is not None:
        session.auth = (job["username"], job["password"])
    wire = Wire()
    session.hooks["response"].append(lambda response, *args, **kwargs: setattr(wire, "status", response.status_code))
    client = zeep.Client(job["wsdl"], transport=Transport(session=session, timeout=30), plugins=[wire])
    service = client.create_service("{%s}APUBIBinding" % NS, job["endpoint"])
    metadata_type = client.get_type("{%s}MetaDataType" % NS)
    results = []
    for call in job["calls"]:
        # {"$skip": true} leaves a required element out (zeep.xsd.SkipValue): a request the kit must refuse.
        args = {name: zeep.xsd.SkipValue if value == {"$skip": True} else value for name, value in call.get("args", {}).items()}
        wire.metadata_xml = call.get("metadataXml")
        wire.status = None
        if wire.metadata_xml is not None:
            args["MetaData"] = metadata_type()
        try:
            answer = getattr(service, call["operation"])(**args)
            results.append({"ok": serialize_object(answer, dict), "soapAction": wire.soap_action})
        except Fault as fault:
            message = None
            if fault.detail is not None:
                found = fault.detail.find(".//message")
                message = None if found is None else found.text
            results.append(
                {
                    "fault": {"code": fault.code, "message": fault.message, "detailMessage": message},
                    "status": wire.status,
                    "soapAction": wire.soap_action,
                }
            )
        except Exception as error:  # noqa: BLE001 - reported to the test as is
            results.append(
                {"error": "%s: %s" % (type(error).__name__, error), "status": wire.status, "soapAction": wire.soap_action}
            )
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
