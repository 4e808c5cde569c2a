import Foundation
public import LedgerCore
import ZIPFoundation

/// Writes and reads audit packs as ZIP archives (deflate), in memory on the reading side so that
/// verification never writes anything.
public enum AuditPackArchive {
    /// The largest uncompressed file accepted when reading (guards against ZIP bombs).
    public static let maxFileBytes: UInt64 = 4 << 30

    /// Writes `files` in order to a new ZIP archive at `path`, which must not exist.
    ///
    /// - Parameter modified: the modification time stamped on every member (the pack's creation
    ///   time, so that the same pack gives the same archive).
    public static func write(_ files: [AuditPackFile], to path: String, modified: Timestamp) throws {
        let date = Date(timeIntervalSince1970: Double(modified.millisecondsSinceEpoch) / 1000)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for file in files {
            let bytes = file.bytes
            try archive.addEntry(
                with: file.path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                compressionMethod: .deflate, bufferSize: 1 << 20
            ) { position, size in
                let start = Int(position)
                return bytes.withUnsafeBufferPointer { Data(buffer: UnsafeBufferPointer(rebasing: $0[start..<(start + size)])) }
            }
        }
    }

    /// Reads every member of the archive at `path`, in archive order, duplicates included.
    ///
    /// - Throws: ``AuditPackFailure`` `.unreadable` when the file cannot be read or is not a ZIP
    ///   archive; `.integrity` naming the member when one is not a plain file, is too large or
    ///   fails its CRC-32.
    public static func read(_ path: String) throws(AuditPackFailure) -> [AuditPackFile] {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw AuditPackFailure(.unreadable, file: nil, "Cannot read '\(path)': check the path and its permissions.")
        }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw AuditPackFailure(.unreadable, file: nil, "'\(path)' is not a ZIP archive; an audit pack is the .zip written by 'govledger audit-pack'.")
        }
        var files: [AuditPackFile] = []
        for member in archive {
            guard member.type == .file else {
                throw AuditPackFailure(file: member.path, "the archive member is a \(member.type == .directory ? "folder" : "symbolic link"); an audit pack holds plain files only.")
            }
            guard UInt64(member.uncompressedSize) <= maxFileBytes else {
                throw AuditPackFailure(file: member.path, "the member is larger than \(maxFileBytes) bytes uncompressed.")
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(member.uncompressedSize))
            do {
                _ = try archive.extract(member, bufferSize: 1 << 20) { chunk in bytes.append(contentsOf: chunk) }
            } catch {
                throw AuditPackFailure(file: member.path, "the archive member cannot be extracted (damaged or its CRC-32 does not match): \(error).")
            }
            files.append(AuditPackFile(path: member.path, bytes: bytes))
        }
        return files
    }
}
