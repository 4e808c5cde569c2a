// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "govledger",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "govledger", targets: ["govledger"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
        .library(name: "LedgerStore", targets: ["LedgerStore"]),
        .library(name: "Governance", targets: ["Governance"]),
        .library(name: "Projections", targets: ["Projections"]),
        .library(name: "LedgerServer", targets: ["LedgerServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "LedgerCore",
            dependencies: ["CLibCrypto"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LedgerStore",
            dependencies: [
                "LedgerCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Governance",
            dependencies: [
                "LedgerCore",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Projections",
            dependencies: [
                "LedgerCore",
                "Governance",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LedgerServer",
            dependencies: [
                "LedgerCore",
                "LedgerStore",
                "Governance",
                "Projections",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LedgerTestSupport",
            dependencies: ["LedgerCore"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "govledger",
            dependencies: [
                "LedgerCore",
                "LedgerStore",
                "Governance",
                "Projections",
                "LedgerServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "govledger-bench",
            dependencies: [
                "LedgerCore", "LedgerStore", "Governance", "Projections",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "govledger-load",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "govledger-fuzz",
            dependencies: ["LedgerCore", "Governance"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LedgerCoreTests",
            dependencies: ["LedgerCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LedgerStoreTests",
            dependencies: ["LedgerCore", "LedgerStore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GovernanceTests",
            dependencies: ["Governance", "LedgerCore", "LedgerTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: ["Projections", "Governance", "LedgerCore", "LedgerTestSupport"],
            // Read from the repository by path, not bundled.
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LedgerServerTests",
            dependencies: [
                "LedgerServer",
                "LedgerCore",
                "LedgerStore",
                "Governance",
                "Projections",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GovLedgerCLITests",
            dependencies: ["govledger", "LedgerCore", "LedgerStore", "Governance"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
