#!/usr/bin/env bash
# A .vsix for desktop VS Code on this platform: better-sqlite3 rebuilt for VS Code's Electron, then
# packaged with a platform target. Needs to download Electron headers, so run it where that works.
#   ELECTRON=34.5.8 TARGET=linux-x64 bash scripts/package-desktop.sh
# ELECTRON is the Electron version of your VS Code (Help → About); TARGET one of vsce's targets
# (win32-x64, darwin-arm64, linux-x64, ...) matching the machine that runs the rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${ELECTRON:?set ELECTRON to the Electron version of your VS Code (Help → About)}"
TARGET=${TARGET:-$(node -p "process.platform + '-' + process.arch")}
npx --yes @electron/rebuild --version "$ELECTRON" --only better-sqlite3 --force
node scripts/package.mjs
version=$(node -p "require('./package.json').version")
mv "loupe-$version.vsix" "loupe-$version-$TARGET.vsix"
echo "packaged loupe-$version-$TARGET.vsix for Electron $ELECTRON"
# The checkout's own better-sqlite3 now targets Electron: rebuild it for Node before running tests.
npm rebuild better-sqlite3
