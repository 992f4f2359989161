# Shared helpers for scripts/*.sh (sourced, not run).

# ensure_packages PKG...: apt-get install whatever is not installed yet.
# `apt-get update` runs only when something is missing, so the common case
# (everything present) needs no network and takes no time.
ensure_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "note: not a Debian-like system; make sure these are installed: $*" >&2
        return 0
    fi
    local missing=() pkg
    for pkg in "$@"; do
        # dpkg -s alone also succeeds for removed-but-not-purged packages.
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    [ "${#missing[@]}" -eq 0 ] && return 0

    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "error: missing packages (${missing[*]}) and not root; install them and re-run" >&2
            return 1
        fi
    fi
    echo "==> installing missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Format a number of seconds as 1m05s.
fmt_duration() {
    printf '%dm%02ds' $(( $1 / 60 )) $(( $1 % 60 ))
}
