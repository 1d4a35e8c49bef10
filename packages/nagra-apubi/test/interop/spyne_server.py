"""An APUBI publishing server built with spyne (Debian: python3-spyne), a SOAP stack nobody on
jobwire wrote, from the same types as specs/nagra-apubi/apubi.wsdl: namespace wfm:APUBI/v1/schemas,
document/literal SOAP 1.1, LoadAsset(SourceAssetUrl, DestinationAsset, MetaData) -> TaskId,
PurgeAsset(DestinationAsset, MetaData?) -> TaskId, GetTaskStatus(TaskId) -> Status,
DestinationAsset?, faults with an ExceptionWS/message detail. MetaData is `anyType`.

Run by packages/nagra-apubi/test/interop-independent.test.ts: binds 127.0.0.1 on a free port,
prints {"port": N} as its first line, and serves until it is killed. GET /_received answers what
the server read from each request (spyne's and lxml's reading, not jobwire's) as JSON.
"""

import json
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

from lxml import etree
from spyne import AnyUri, AnyXml, Application, Fault, ServiceBase, Unicode, rpc
from spyne.protocol.soap import Soap11
from spyne.server.wsgi import WsgiApplication

NS = "wfm:APUBI/v1/schemas"
received = []

# Text that is easy to damage: surrounding white space, a CR, markup characters, non-ASCII,
# something that looks like CDATA.
TRICKY = "  Fish & Chips <b>\"q\"</b> 'a'\r\n\tÜ 日本 🎬 <![CDATA[x]]> ]]>  "

STATUSES = {
    "in-progress": ("IN_PROGRESS", None),
    "success": ("SUCCESS", "movie_01072015100045"),
    "success-no-destination": ("SUCCESS", None),
    "failed": ("FAILED", None),
    "unknown-status": ("PAUSED", None),
    "tricky-destination": ("SUCCESS", TRICKY),
}


def fault(code, message):
    detail = etree.Element("{%s}ExceptionWS" % NS)
    etree.SubElement(detail, "message").text = message
    return Fault(faultcode=code, faultstring=message, detail=detail)


def metadata_of(ctx):
    """The MetaData element of the request as lxml read it: text and elements in document order."""
    found = ctx.in_document.find(".//{%s}MetaData" % NS)
    return None if found is None else content(found)


def content(element):
    out = {"children": []}
    if element.attrib:
        out["attributes"] = dict(element.attrib)

    def add_text(text):
        if not text:
            return
        if out["children"] and isinstance(out["children"][-1], str):
            out["children"][-1] += text
        else:
            out["children"].append(text)

    add_text(element.text)
    for child in element:
        if isinstance(child.tag, str):
            inner = content(child)
            node = {"name": etree.QName(child).localname}
            if "attributes" in inner:
                node["attributes"] = inner["attributes"]
            if inner["children"]:
                node["children"] = inner["children"]
            out["children"].append(node)
        add_text(child.tail)
    return out


def record(ctx, operation, **fields):
    received.append(
        {
            "operation": operation,
            "fields": fields,
            "metadata": metadata_of(ctx),
            "soapAction": ctx.transport.req_env.get("HTTP_SOAPACTION"),
        }
    )


class APUBIService(ServiceBase):
    @rpc(AnyUri(min_occurs=1), Unicode(min_occurs=1), AnyXml(min_occurs=1), _returns=Unicode, _out_variable_name="TaskId")
    def LoadAsset(ctx, SourceAssetUrl, DestinationAsset, MetaData):
        record(ctx, "LoadAsset", SourceAssetUrl=SourceAssetUrl, DestinationAsset=DestinationAsset)
        if "missing" in SourceAssetUrl:
            raise fault("Client", "Source asset does not exist")
        return TRICKY if DestinationAsset == "tricky-task-id" else "load-%d" % len(received)

    @rpc(Unicode(min_occurs=1), AnyXml(min_occurs=0), _returns=Unicode, _out_variable_name="TaskId")
    def PurgeAsset(ctx, DestinationAsset, MetaData):
        record(ctx, "PurgeAsset", DestinationAsset=DestinationAsset)
        if DestinationAsset == "undeletable":
            raise fault("Server", "Not able to delete Destination asset")
        return "purge-%d" % len(received)

    @rpc(
        Unicode(min_occurs=1),
        _returns=(Unicode, Unicode(min_occurs=0)),
        _out_variable_names=("Status", "DestinationAsset"),
    )
    def GetTaskStatus(ctx, TaskId):
        record(ctx, "GetTaskStatus", TaskId=TaskId)
        if TaskId == "missing":
            raise fault("Client", "Task Id does not exist")
        return STATUSES.get(TaskId, ("IN_PROGRESS", None))


application = Application(
    [APUBIService],
    tns=NS,
    name="APUBI",
    in_protocol=Soap11(validator="lxml"),
    out_protocol=Soap11(),
)
soap = WsgiApplication(application)


def app(environ, start_response):
    if environ["REQUEST_METHOD"] == "GET" and environ.get("PATH_INFO") == "/_received":
        body = json.dumps(received).encode("utf-8")
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]
    return soap(environ, start_response)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
    sys.stdout.write(json.dumps({"port": server.server_port}) + "\n")
    sys.stdout.flush()
    server.serve_forever()
