// Errors as values: every core call that can fail returns Result<T> (or Error for void work).
// Front ends decide how to show them; core never prints or pops dialogs.
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace retort {

/// What went wrong, in one sentence a user can act on, plus where.
struct Error
{
    QString message;      ///< one sentence, never contains a password
    QString detail;       ///< the driver's or tool's own text, already redacted (may be empty)
    QString file;         ///< source file the problem is in (may be empty)
    int line = 0;         ///< 1-based line in file, 0 when unknown
    QString sql;          ///< statement that failed (may be empty)

    /// "file:line: message" when a location is known, else the message.
    QString toString() const
    {
        QString text = message;
        if (!file.isEmpty())
            text = (line > 0 ? QStringLiteral("%1:%2: ").arg(file, QString::number(line)) : file + QStringLiteral(": ")) + text;
        if (!detail.isEmpty() && !message.contains(detail))
            text += QStringLiteral(" (%1)").arg(detail);
        return text;
    }
};

template<typename T>
class Result
{
public:
    Result(T value) : m_data(std::move(value)) {}             // NOLINT: implicit by design
    Result(Error error) : m_data(std::move(error)) {}         // NOLINT: implicit by design

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const T &operator*() const { return value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Result of work that returns nothing: success, or the Error. Truthy on success, as Result is:
/// `if (Status s = f(); !s; !s) return s.error();`.
class Status
{
public:
    Status() = default;                                        ///< success
    Status(Error error) : m_error(std::move(error)) {}         // NOLINT: implicit by design, like Result

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

inline Error makeError(QString message, QString detail = {})
{
    Error e;
    e.message = std::move(message);
    e.detail = std::move(detail);
    return e;
}

} // namespace retort
