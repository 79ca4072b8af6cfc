// A range in a source file: byte-free, in QString (UTF-16) offsets, with 1-based line and column of its start.
#pragma once

namespace retort {

struct SourceSpan
{
    int offset = 0;  ///< start, in QChars from the beginning of the text
    int length = 0;  ///< in QChars; the span is [offset, offset + length)
    int line = 1;    ///< 1-based line of the start
    int column = 1;  ///< 1-based column of the start, in QChars
    int end() const { return offset + length; }
};

} // namespace retort
