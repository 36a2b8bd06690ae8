import CZlib
import Foundation

/// Raw deflate streams (RFC 1951), as a zip entry holds them, through zlib.
///
/// Inflating works on the whole compressed entry in memory and stops at the stream's end, at a
/// damaged stream, at input that ends before the stream does, and at the output limit, so no
/// input can make it loop or grow without bound. (ZIPFoundation 0.9.20, used before, looped for
/// ever on a stream cut short: it kept asking for more input past the end of the file.)
enum Deflate {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The bytes `compressed` inflates to; throws when that is more than `limit` bytes.
    static func inflate(_ compressed: [UInt8], limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "cannot start zlib")
        }
        defer { inflateEnd(&stream) }
        var input = compressed
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        return try input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(inputBuffer.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[..<produced])
                if output.count > limit { throw Failure(description: "inflates past \(limit >> 20) MiB (a zip bomb?)") }
                switch status {
                case Z_STREAM_END:
                    return output
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress was possible: with fresh room for output, the input ran out.
                    throw Failure(description: "the compressed data ends early")
                default:
                    throw Failure(description: "damaged compressed data")
                }
            }
        }
    }

    /// `data` deflated at zlib's default level: the same bytes always give the same stream.
    static func deflate(_ data: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "cannot start zlib")
        }
        defer { deflateEnd(&stream) }
        var input = data
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))))
        let status = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = UInt32(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(outputBuffer.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw Failure(description: "zlib could not compress a part") }
        output.removeLast(Int(stream.avail_out))
        return output
    }

    /// The CRC-32 a zip entry records of its uncompressed bytes.
    static func crc32(_ data: [UInt8]) -> UInt32 {
        data.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
    }
}
