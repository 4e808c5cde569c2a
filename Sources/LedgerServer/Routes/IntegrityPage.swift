import Hummingbird
import LedgerCore
import LedgerStore

/// `GET /`: a public, server-rendered page with the latest signed checkpoint, the size of the
/// log and how to verify it independently. Plain HTML, no JavaScript, readable on a phone.
struct IntegrityPage {
    let store: SQLiteEventStore

    func render() throws -> Response {
        let stats = try store.statistics()
        let checkpoint = try store.latestCheckpoint()
        var body = "<h1>govledger</h1>\n<p>An append-only, hash-chained audit ledger for ML model governance.</p>\n"
        body += "<h2>Integrity</h2>\n<dl>\n"
        body += "<dt>Entries</dt><dd>\(stats.entries)</dd>\n"
        if stats.entries > 0 {
            body += "<dt>Head</dt><dd>seq \(stats.head.nextSeq - 1) at \(HTML.escape(stats.head.time?.description ?? "?"))</dd>\n"
            body += "<dt>Head leaf hash</dt><dd><code>\(stats.head.leafHash.hex)</code></dd>\n"
        }
        body += "</dl>\n<h2>Latest signed checkpoint</h2>\n"
        if let checkpoint {
            body += "<p>Tree size \(checkpoint.size), signed \(HTML.escape(checkpoint.time.description)), root <code>\(checkpoint.root.hex)</code>.</p>\n"
            body += "<pre>\(HTML.escape(checkpoint.noteText))</pre>\n"
        } else {
            body += "<p>No checkpoint has been signed yet (<code>govledger checkpoint --key FILE</code>).</p>\n"
        }
        body += """
            <h2>Verify it yourself</h2>
            <ol>
            <li>Fetch the checkpoint: <code>curl -s HOST/checkpoint &gt; checkpoint.txt</code> and compare it with copies you or witnesses kept.</li>
            <li>Fetch an inclusion proof for an entry: <code>GET /v1/proof/inclusion?seq=N</code>, and check it offline with <code>govledger verify-proof FILE --key KEY</code>.</li>
            <li>Check that the log only grew: <code>GET /v1/proof/consistency?from=OLD&amp;to=NEW</code>.</li>
            <li>With a copy of the ledger file: <code>govledger verify --rules --checkpoint checkpoint.txt --key KEY</code>.</li>
            </ol>
            <p>The API is described at <a href="/openapi.json">/openapi.json</a>.</p>

            """
        let page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>govledger · integrity</title>
            <style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem;line-height:1.5}pre,code{overflow-wrap:anywhere;white-space:pre-wrap;background:#f4f4f4}dt{font-weight:bold}</style>
            </head><body>
            \(body)</body></html>

            """
        return JSONResponse.bytesResponse(Array(page.utf8), contentType: "text/html; charset=utf-8")
    }
}

/// HTML text escaping for the server-rendered pages.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
