// Exclusive, private, link-refusing file creation with POSIX calls (Qt's QFile and QSaveFile follow
// links and may fall back to copying).
#include "runner/PrivateFile.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace retort::backup {

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

bool entryExists(const QString &path)
{
    struct stat st;
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0;
}

Status makePrivateFolder(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList missing;
    QString at = QDir::cleanPath(absolute);
    while (!at.isEmpty() && !entryExists(at)) {
        missing.prepend(at);
        const QString parent = QFileInfo(at).path();
        if (parent == at)
            break;
        at = parent;
    }
    for (const QString &dir : missing) {
        if (::mkdir(QFile::encodeName(dir).constData(), 0700) != 0 && errno != EEXIST)
            return makeError(QStringLiteral("Cannot create the backup folder %1: %2.").arg(dir, errnoText(errno)));
    }
    if (!QFileInfo(absolute).isDir())
        return makeError(QStringLiteral("The backup folder %1 is not a folder.").arg(absolute));
    return Status();
}

Status createPrivateFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return makeError(QStringLiteral("Cannot create %1: %2.").arg(path, errnoText(errno)));
    // The umask may have taken bits away, never added them; make the mode exact all the same.
    const bool ok = ::fchmod(fd, 0600) == 0;
    const int error = errno;
    ::close(fd);
    if (!ok)
        return makeError(QStringLiteral("Cannot make %1 private: %2.").arg(path, errnoText(error)));
    return Status();
}

Status moveWithoutReplacing(const QString &from, const QString &to)
{
    const QByteArray source = QFile::encodeName(from);
    const QByteArray target = QFile::encodeName(to);
    if (::renameat2(AT_FDCWD, source.constData(), AT_FDCWD, target.constData(), RENAME_NOREPLACE) == 0)
        return Status();
    if (errno != EINVAL && errno != ENOSYS)
        return makeError(QStringLiteral("Cannot move %1 into place at %2: %3.").arg(from, to, errnoText(errno)));
    // File systems without RENAME_NOREPLACE: a hard link fails on any existing entry just the same.
    if (::link(source.constData(), target.constData()) != 0)
        return makeError(QStringLiteral("Cannot move %1 into place at %2: %3.").arg(from, to, errnoText(errno)));
    ::unlink(source.constData());
    return Status();
}

Status writeNewPrivateFile(const QString &path, const QByteArray &content)
{
    if (entryExists(path))
        return makeError(QStringLiteral("%1 already exists; Retort never overwrites it.").arg(path));
    const QString partial = path + QStringLiteral(".partial");
    if (Status problem = createPrivateFile(partial); !problem)
        return problem;
    const int fd = ::open(QFile::encodeName(partial).constData(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
    bool ok = fd >= 0;
    qsizetype written = 0;
    while (ok && written < content.size()) {
        const ssize_t n = ::write(fd, content.constData() + written, size_t(content.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        written += ok ? n : 0;
    }
    ok = ok && ::fsync(fd) == 0;
    const int error = errno;
    if (fd >= 0)
        ::close(fd);
    if (!ok) {
        ::unlink(QFile::encodeName(partial).constData());
        return makeError(QStringLiteral("Cannot write %1: %2.").arg(path, errnoText(error)));
    }
    if (Status problem = moveWithoutReplacing(partial, path); !problem) {
        ::unlink(QFile::encodeName(partial).constData());
        return problem;
    }
    return Status();
}

} // namespace retort::backup
