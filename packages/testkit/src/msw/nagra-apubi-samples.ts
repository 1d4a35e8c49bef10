// The samples of specs/nagra-apubi/samples/, as strings so the published testkit needs no file access.
// packages/nagra-apubi/test/conformance.test.ts checks that each one is byte-identical to its file.

/** File name in specs/nagra-apubi/samples/ of each sample. */
export const nagraApubiSampleFiles = {
  getTaskStatusRequest: 'get-task-status.request.xml',
  inProgressVerbatim: 'get-task-status.in-progress.verbatim.xml',
  inProgress: 'get-task-status.in-progress.xml',
  successVerbatim: 'get-task-status.success.verbatim.xml',
  success: 'get-task-status.success.xml',
  faultVerbatim: 'get-task-status.fault.verbatim.xml',
  fault: 'get-task-status.fault.xml',
  successWithDestination: 'get-task-status.success-destination.xml',
  failed: 'get-task-status.failed.xml',
  loadAssetRequest: 'load-asset.request.xml',
  loadAssetResponse: 'load-asset.response.xml',
  purgeAssetRequest: 'purge-asset.request.xml',
  purgeAssetResponse: 'purge-asset.response.xml',
} as const;

/** The documented APUBI samples (verbatim and faithful fixtures) and the FACTS fixtures. */
export const nagraApubiSamples: Record<keyof typeof nagraApubiSampleFiles, string> = {
  getTaskStatusRequest:
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n    <soap:Body>\n        <GetTaskStatus xmlns="wfm:APUBI/v1/schemas" xmlns:ns2="wfm:/APUBI/v1/schemas">\n            <TaskId>TestAssetA</TaskId>\n        </GetTaskStatus>\n    </soap:Body>\n</soap:Envelope>\n',
  inProgressVerbatim:
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas">\n   <soapenv:Header/>\n   <soapenv:Body>\n      <ns:GetTaskStatusResponse>\n          <ns:Status>IN_PROGRESS</ns: Status >\n      </ns:GetTaskStatusResponse>\n   </soapenv:Body>\n</soapenv:Envelope>\n',
  inProgress:
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas">\n   <soapenv:Header/>\n   <soapenv:Body>\n      <ns:GetTaskStatusResponse>\n          <ns:Status>IN_PROGRESS</ns:Status>\n      </ns:GetTaskStatusResponse>\n   </soapenv:Body>\n</soapenv:Envelope>\n',
  successVerbatim:
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas">\n   <soapenv:Header/>\n   <soapenv:Body>\n      <ns:GetTaskStatusResponse>\n          <ns:Status>SUCCESS</ns: Status >\n      </ns:GetTaskStatusResponse>\n   </soapenv:Body>\n</soapenv:Envelope>\n',
  success:
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas">\n   <soapenv:Header/>\n   <soapenv:Body>\n      <ns:GetTaskStatusResponse>\n          <ns:Status>SUCCESS</ns:Status>\n      </ns:GetTaskStatusResponse>\n   </soapenv:Body>\n</soapenv:Envelope>\n',
  faultVerbatim:
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas">\n    <soapenv:Header/>\n    <soapenv:Body>\n        <soapenv:Fault>\n            <faultcode>env:Server</faultcode>\n            <faultstring>Task Id does not exist </faultstring>\n            <detail>\n                <ns2:ExceptionWS xmlns:ns2="wfm:APUBI/v1/schemas">\n                    <message>Task Id does not exist</message>\n                  </ns2:ExceptionWS>\n            </detail>\n        </soapenv:Fault>\n    </soapenv:Body>\n</soapenv:Envelope>\n',
  fault:
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas">\n    <soapenv:Header/>\n    <soapenv:Body>\n        <soapenv:Fault>\n            <faultcode>soapenv:Server</faultcode>\n            <faultstring>Task Id does not exist </faultstring>\n            <detail>\n                <ns2:ExceptionWS xmlns:ns2="wfm:APUBI/v1/schemas">\n                    <message>Task Id does not exist</message>\n                  </ns2:ExceptionWS>\n            </detail>\n        </soapenv:Fault>\n    </soapenv:Body>\n</soapenv:Envelope>\n',
  successWithDestination:
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas">\n   <soapenv:Header/>\n   <soapenv:Body>\n      <ns:GetTaskStatusResponse>\n          <ns:Status>SUCCESS</ns:Status>\n          <ns:DestinationAsset>movie_01072015100045</ns:DestinationAsset>\n      </ns:GetTaskStatusResponse>\n   </soapenv:Body>\n</soapenv:Envelope>\n',
  failed:
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas">\n   <soapenv:Header/>\n   <soapenv:Body>\n      <ns:GetTaskStatusResponse>\n          <ns:Status>FAILED</ns:Status>\n      </ns:GetTaskStatusResponse>\n   </soapenv:Body>\n</soapenv:Envelope>\n',
  loadAssetRequest:
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n    <soap:Body>\n        <LoadAsset xmlns="wfm:APUBI/v1/schemas">\n            <SourceAssetUrl>ftp://user:password@CIS:21/repository/movie.ts</SourceAssetUrl>\n            <DestinationAsset>ftp://user:password@CDN:21/data/cdn/movie_01072015100045.ts</DestinationAsset>\n            <MetaData>title=Movie 01</MetaData>\n        </LoadAsset>\n    </soap:Body>\n</soap:Envelope>\n',
  loadAssetResponse:
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas">\n   <soapenv:Header/>\n   <soapenv:Body>\n      <ns:LoadAssetResponse>\n          <ns:TaskId>TestAssetA</ns:TaskId>\n      </ns:LoadAssetResponse>\n   </soapenv:Body>\n</soapenv:Envelope>\n',
  purgeAssetRequest:
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n    <soap:Body>\n        <PurgeAsset xmlns="wfm:APUBI/v1/schemas">\n            <DestinationAsset>movie_01072015100045</DestinationAsset>\n        </PurgeAsset>\n    </soap:Body>\n</soap:Envelope>\n',
  purgeAssetResponse:
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas">\n   <soapenv:Header/>\n   <soapenv:Body>\n      <ns:PurgeAssetResponse>\n          <ns:TaskId>TestPurgeA</ns:TaskId>\n      </ns:PurgeAssetResponse>\n   </soapenv:Body>\n</soapenv:Envelope>\n',
};
