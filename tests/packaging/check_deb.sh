#!/usr/bin/env bash
# Builds the .deb with CPack and checks what a user installing it gets: files, dependencies on the
# plugin packages, valid desktop and AppStream files, and binaries that run from the unpacked tree.
set -uo pipefail
build=$1
src=$2
passed=0
failed=0
check() {  # check "description" command...
  local what=$1; shift
  if "$@" >/dev/null 2>"$tmp/err"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: $what"; sed 's/^/    /' "$tmp/err"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$build" || exit 1
rm -f retort_*.deb
if ! cpack -G DEB >"$tmp/cpack.log" 2>&1; then cat "$tmp/cpack.log"; echo "0 passed, 1 failed"; exit 1; fi
deb=$(ls retort_*_*.deb | head -n1)
echo "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/files"
for f in ./usr/bin/retort ./usr/bin/retort-cli \
         ./usr/share/applications/io.github.retort.Retort.desktop \
         ./usr/share/metainfo/io.github.retort.Retort.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/io.github.retort.Retort.svg \
         ./usr/share/icons/hicolor/48x48/apps/io.github.retort.Retort.png \
         ./usr/share/icons/hicolor/128x128/apps/io.github.retort.Retort.png \
         ./usr/share/icons/hicolor/256x256/apps/io.github.retort.Retort.png \
         ./usr/share/man/man1/retort.1.gz ./usr/share/man/man1/retort-cli.1.gz \
         ./usr/share/doc/retort/README.md ./usr/share/doc/retort/copyright ./usr/share/doc/retort/changelog.gz \
         ./usr/share/bash-completion/completions/retort-cli \
         ./usr/share/retort/demo/alembic.ini ./usr/share/retort/demo/alembic/env.py \
         ./usr/share/retort/demo/instance/config.py ./usr/share/retort/demo/ourapp/models.py \
         ./usr/share/retort/demo/alembic/versions/f4d3c2b1a098_sample_engines.py; do
  check "the package contains $f" grep -qxF "$f" "$tmp/files"
done
check "no database file is shipped" bash -c "! grep -q '\\.db$' '$tmp/files'"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for d in libqt6sql6-sqlite libqt6sql6-psql libqt6sql6-mysql libqt6svg6 libqscintilla2-qt6 libqt6widgets6 libqt6sql6 libsqlite3-0; do
  check "Depends names $d" grep -q "$d" <<<"$depends"
done
recommends=$(dpkg-deb -f "$deb" Recommends)
for r in postgresql-client mariadb-client; do
  check "Recommends names $r (backups use its dump tool)" grep -q "$r" <<<"$recommends"
done
check "the PNG icons are PNG images" bash -c "file '$src/resources/icons/hicolor/48x48/io.github.retort.Retort.png' | grep -q 'PNG image data, 48 x 48'"

# What Debian's own checker says of the package: no error, no warning.
check "lintian reports no error or warning" bash -c "lintian --fail-on error,warning '$deb' >&2"
dpkg-deb -x "$deb" "$tmp/root"
check "desktop-file-validate accepts the desktop entry" desktop-file-validate "$tmp/root/usr/share/applications/io.github.retort.Retort.desktop"
check "appstreamcli validates the metainfo" appstreamcli validate --no-net --explain "$tmp/root/usr/share/metainfo/io.github.retort.Retort.metainfo.xml"
check "the packaged retort-cli runs" bash -c "'$tmp/root/usr/bin/retort-cli' --version | grep -q '^retort-cli '"
# Its bash completion, as bash-completion loads it, completes a command through the packaged binary.
check "the packaged bash completion completes commands" env PATH="$tmp/root/usr/bin:$PATH" bash -c \
      "source '$tmp/root/usr/share/bash-completion/completions/retort-cli'; COMP_WORDS=(retort-cli downg); COMP_CWORD=1; _retort_cli; [[ \${COMPREPLY[*]} == downgrade ]]"
# The packaged app finds its demo under ../share/retort/demo and renders it.
check "the packaged retort opens its demo" env HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/data" XDG_CONFIG_HOME="$tmp/home/config" \
      QT_QPA_PLATFORM=offscreen "$tmp/root/usr/bin/retort" --screenshot "$tmp/shot.png"
check "the packaged demo database was created" test -s "$tmp/home/data/retort/demo/instance/spaceship.db"
check "the packaged retort-cli lists the demo's engine table" \
      bash -c "'$tmp/root/usr/bin/retort-cli' --project '$tmp/home/data/retort/demo' tables | grep -qx engine"
check "the packaged retort-cli backs the demo up and migrates it" \
      env XDG_DATA_HOME="$tmp/home/data" bash -c "'$tmp/root/usr/bin/retort-cli' --project '$tmp/home/data/retort/demo' upgrade heads --backup \
        >'$tmp/upgrade.out' && grep -q '^Backup: $tmp/home/data/retort/backups/spaceship-' '$tmp/upgrade.out'"
check "the packaged retort-cli shows the run in its log" \
      bash -c "'$tmp/root/usr/bin/retort-cli' --project '$tmp/home/data/retort/demo' log | grep -q 'upgrade heads .* ok'"

echo "package_deb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
