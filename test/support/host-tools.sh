# host-tools.sh - sourced by the setup scripts: which Debian packages are missing.
#
#   missing_packages TOOL=PACKAGE ... [/path/to/file=PACKAGE ...]
#
# prints each PACKAGE (once, sorted) whose TOOL is not an executable on PATH, or whose
# absolute path does not exist. Tools are found with `type -P`: a shell function or an
# alias of the same name (labhost.sh defines a `debootstrap` function) must not count.
missing_packages() {
  local pair tool pkg out=()
  for pair in "$@"; do
    tool=${pair%%=*} pkg=${pair#*=}
    if [[ $tool == /* ]]; then
      [[ -e $tool ]] || out+=("$pkg")
    else
      type -P "$tool" >/dev/null || out+=("$pkg")
    fi
  done
  ((${#out[@]})) || return 0
  printf '%s\n' "${out[@]}" | sort -u
}
