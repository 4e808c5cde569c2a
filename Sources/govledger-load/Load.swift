import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `govledger-load`: an HTTP load client for `govledger serve`, over loopback keep-alive
/// connections.
///
///     govledger-load --url http://127.0.0.1:8080 --clients 64 --seconds 60 \
///         --token T --post /v1/models/m-{client}/versions/1.0.0/validations --body '{"suite":"smoke",…}' \
///         [--acks FILE]
///     govledger-load --url … --clients 64 --seconds 10 --token T --get /v1/registry
///
/// `{client}` in a path is replaced by the client's number (0 ..< clients), `{n}` by a counter
/// per client. Prints one JSON object: requests, errors by status, requests per second, latency
/// p50/p99/max in milliseconds. With `--acks FILE`, writes the `seq` of every entry acknowledged
/// (from `{"entries": [{"seq": …}]}` bodies), one per line, so that a checker can confirm each
/// acknowledged entry is in the log exactly once.
@main
enum Load {
    struct Options {
        var url = "http://127.0.0.1:8080"
        var clients = 8
        var seconds = 10.0
        var token: String?
        var method = HTTPMethod.GET
        var path = "/v1/registry"
        var body: String?
        var acks: String?

        init(_ arguments: [String]) throws {
            var iterator = arguments.makeIterator()
            func value(_ name: String) throws -> String {
                guard let text = iterator.next() else { throw LoadError("\(name) needs a value") }
                return text
            }
            while let argument = iterator.next() {
                switch argument {
                case "--url": url = try value(argument)
                case "--clients": clients = Int(try value(argument)) ?? 0
                case "--seconds": seconds = Double(try value(argument)) ?? 0
                case "--token": token = try value(argument)
                case "--get": method = .GET; path = try value(argument)
                case "--post": method = .POST; path = try value(argument)
                case "--body": body = try value(argument)
                case "--acks": acks = try value(argument)
                default: throw LoadError("unknown option \(argument); options: --url U --clients N --seconds S --token T (--get PATH | --post PATH --body JSON) [--acks FILE]")
                }
            }
            guard clients >= 1, clients <= 1024 else { throw LoadError("--clients must be from 1 to 1024") }
            guard seconds > 0 else { throw LoadError("--seconds must be more than 0") }
            if method == .POST, body == nil { throw LoadError("--post needs --body") }
        }
    }

    struct LoadError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    struct ClientResult: Sendable {
        var latencies: [Double] = []
        var statuses: [Int: Int] = [:]
        var failures = 0
        var acks: [Int] = []
    }

    static func main() async {
        do {
            let options = try Options(Array(CommandLine.arguments.dropFirst()))
            try await run(options)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(2)
        }
    }

    static func run(_ options: Options) async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: options.clients)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let deadline = ContinuousClock.now + .milliseconds(Int64(options.seconds * 1000))
        let started = ContinuousClock.now
        let results = await withTaskGroup(of: ClientResult.self, returning: [ClientResult].self) { group in
            for index in 0..<options.clients {
                group.addTask { await worker(index, options, client, deadline) }
            }
            var all: [ClientResult] = []
            for await result in group { all.append(result) }
            return all
        }
        let elapsed = started.duration(to: .now)
        try await client.shutdown()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var latencies = results.flatMap(\.latencies)
        latencies.sort()
        var statuses: [Int: Int] = [:]
        for result in results { for (status, count) in result.statuses { statuses[status, default: 0] += count } }
        let failures = results.map(\.failures).reduce(0, +)
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000
        }
        if let acks = options.acks {
            let text = results.flatMap(\.acks).map(String.init).joined(separator: "\n")
            try Data((text.isEmpty ? "" : text + "\n").utf8).write(to: URL(fileURLWithPath: acks))
        }
        let statusText = statuses.keys.sorted().map { "\"\($0)\": \(statuses[$0]!)" }.joined(separator: ", ")
        print("""
            {"clients": \(options.clients), "seconds": \(round(seconds * 1000) / 1000), "requests": \(latencies.count), "failures": \(failures), \
            "statuses": {\(statusText)}, "requestsPerSecond": \(round(Double(latencies.count) / seconds)), \
            "p50ms": \(round(percentile(0.5) * 1000) / 1000), "p99ms": \(round(percentile(0.99) * 1000) / 1000), \
            "maxms": \(round((latencies.last ?? 0) * 1_000_000) / 1000)}
            """)
    }

    static func worker(_ index: Int, _ options: Options, _ client: HTTPClient, _ deadline: ContinuousClock.Instant) async -> ClientResult {
        var result = ClientResult()
        var counter = 0
        while ContinuousClock.now < deadline {
            let path = options.path.replacingOccurrences(of: "{client}", with: String(index)).replacingOccurrences(of: "{n}", with: String(counter))
            counter += 1
            var request = HTTPClientRequest(url: options.url + path)
            request.method = options.method
            if let token = options.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let body = options.body {
                let text = body.replacingOccurrences(of: "{client}", with: String(index)).replacingOccurrences(of: "{n}", with: String(counter))
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: text))
            }
            let start = ContinuousClock.now
            do {
                let response = try await client.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 16 << 20)
                let elapsed = start.duration(to: .now)
                result.latencies.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                result.statuses[Int(response.status.code), default: 0] += 1
                if options.acks != nil, response.status.code == 201 {
                    result.acks += seqs(String(buffer: body))
                }
            } catch {
                result.failures += 1
            }
        }
        return result
    }

    /// The `"seq":N` values of a response body.
    static func seqs(_ body: String) -> [Int] {
        var out: [Int] = []
        var rest = Substring(body)
        while let range = rest.range(of: "\"seq\":") {
            rest = rest[range.upperBound...]
            let digits = rest.prefix { $0.isNumber }
            if let value = Int(digits) { out.append(value) }
        }
        return out
    }
}
