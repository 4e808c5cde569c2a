extension LineageInput {
    /// Reads JSON Lines in `parts` pieces at once (the file is cut at line ends), so that a large
    /// file is parsed on several cores. The result is exactly ``readJSONLines(_:)``'s: the same
    /// records and problems, with the same line numbers, in file order.
    ///
    /// ```swift
    /// let input = await LineageInput.readJSONLines(bytes, parts: 2)
    /// ```
    public static func readJSONLines(_ bytes: [UInt8], parts: Int) async -> LineageInput {
        await readJSONLines(bytes[...], firstLine: 1, parts: parts)
    }

    /// ``readJSONLines(_:parts:)`` for a segment of a larger file (cut at a line end), whose
    /// first line is line `firstLine` of the file: the records and problems carry the file's line
    /// numbers. The segment is read where it is, not copied.
    public static func readJSONLines(_ bytes: ArraySlice<UInt8>, firstLine: Int, parts: Int) async -> LineageInput {
        // Below a megabyte the tasks cost more than they save.
        guard parts > 1, bytes.count >= 1 << 20 else {
            return bytes.withUnsafeBufferPointer { readJSONLines($0, firstLine: firstLine) }
        }
        // Cuts are offsets from the segment's start, each just after a line feed.
        let (cuts, firstLines) = bytes.withUnsafeBufferPointer { bytes in
            var cuts = [0]
            for part in 1..<parts {
                var cut = max(bytes.count * part / parts, cuts.last! + 1)
                while cut < bytes.count, bytes[cut - 1] != 0x0A { cut += 1 }
                if cut < bytes.count { cuts.append(cut) }
            }
            cuts.append(bytes.count)
            // A piece's first line number: one more than the line ends before it.
            var firstLines = [firstLine]
            for index in 1..<(cuts.count - 1) {
                firstLines.append(firstLines[index - 1] + lineEnds(in: UnsafeBufferPointer(rebasing: bytes[cuts[index - 1]..<cuts[index]])))
            }
            return (cuts, firstLines)
        }
        var pieces = await withTaskGroup(of: (Int, LineageInput).self) { group in
            for index in 0..<(cuts.count - 1) {
                let range = cuts[index]..<cuts[index + 1]
                let firstLine = firstLines[index]
                group.addTask {
                    let input = bytes.withUnsafeBufferPointer { readJSONLines(UnsafeBufferPointer(rebasing: $0[range]), firstLine: firstLine) }
                    return (index, input)
                }
            }
            var pieces: [(Int, LineageInput)] = []
            for await piece in group { pieces.append(piece) }
            return pieces.sorted { $0.0 < $1.0 }.map(\.1)
        }
        // The pieces' records are moved, not copied: a copy retains and later releases every
        // string of a record. The first piece's array is taken over; the others' records are
        // taken off their ends (popLast hands the record over) after reversing them in place.
        let total = pieces.reduce(0) { $0 + $1.records.count }
        var input = LineageInput()
        swap(&input, &pieces[0])
        input.records.reserveCapacity(total)
        for index in pieces.indices.dropFirst() {
            var piece = LineageInput()
            swap(&piece, &pieces[index])
            piece.records.reverse()
            while let record = piece.records.popLast() { input.records.append(record) }
            input.problems += piece.problems
        }
        return input
    }

    /// The number of line feeds in `bytes`: the lines a segment of JSON Lines ends.
    public static func lineFeeds(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { lineEnds(in: $0) }
    }
}
