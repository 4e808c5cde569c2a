public import Hummingbird
public import LedgerCore
import NIOCore

/// Responses with canonical JSON (RFC 8785) or other bytes as their body.
public enum JSONResponse {
    /// A JSON response: the canonical form of `value` and a line feed.
    public static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var bytes = value.canonicalBytes()
        bytes.append(0x0A)
        return bytesResponse(bytes, contentType: "application/json", status: status)
    }

    /// A response holding `bytes` with the given content type.
    public static func bytesResponse(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
