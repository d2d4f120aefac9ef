# shellcheck shell=bash
# Finding and installing what Squall needs on one machine; sourced by bin/squall-test, bin/squall-dev and
# bin/squall doctor (not a command). Each script sets squall_log_name before using it. Functions print errors on
# stderr, each with the command that fixes it, and return non-zero; none exits the calling script.

# The kube-apiserver version the tests and bin/squall-dev run (KubeApiServerSupport, LocalApiServer).
squall_kube_version=1.20.2

squall_log() { echo "${squall_log_name:-squall}: $*" >&2; }

# The java to use: $JAVA_HOME/bin/java, else java on the PATH; prints nothing when there is none.
squall_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java || true
  fi
}

# The feature version of a java binary (8, 11, 17...), from `java -version`; empty when it cannot tell.
squall_java_major() {
  local line version
  line=$("$1" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }') || true
  version=${line#1.} # 1.8.0_392 -> 8.0_392
  echo "${version%%[.+_-]*}"
}

# The JDK 17 that Debian's openjdk-17-jdk-headless installs, when present.
squall_debian_jdk17() {
  local dir
  for dir in /usr/lib/jvm/java-17-openjdk-*; do
    if [ -x "$dir/bin/javac" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

# Makes Java 17+ available: keeps $JAVA_HOME or the java on the PATH when it is 17 or newer, else uses (installing
# it when missing and this user can) Debian's openjdk-17-jdk-headless, exporting JAVA_HOME and PATH. Sets
# squall_java_bin. Call it directly, not in $(...).
squall_ensure_java() {
  local major="" jdk
  squall_java_bin=$(squall_java)
  if [ -n "$squall_java_bin" ]; then
    major=$(squall_java_major "$squall_java_bin")
  fi
  if [ -n "$major" ] && [ "$major" -ge 17 ]; then
    return 0
  fi
  squall_log "${squall_java_bin:-no java}${major:+ (Java $major)}: Java 17+ is needed (Debian package openjdk-17-jdk-headless)"
  jdk=$(squall_debian_jdk17 || true)
  if [ -z "$jdk" ]; then
    squall_apt_install openjdk-17-jdk-headless || return 1
    jdk=$(squall_debian_jdk17) || { squall_log "openjdk-17-jdk-headless is installed but /usr/lib/jvm has no JDK 17"; return 1; }
  fi
  export JAVA_HOME=$jdk PATH="$jdk/bin:$PATH"
  squall_java_bin=$jdk/bin/java
  squall_log "using JAVA_HOME=$JAVA_HOME"
}

# Makes mvn available: installs Debian's maven when it is missing and this user can.
squall_ensure_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  squall_log "mvn not found (Debian package maven)"
  squall_apt_install maven
}

# nats-server: $nats_server_path (jnats-server-runner's variable), else on the PATH, else /usr/sbin (Debian's
# place, not on every user's PATH); prints nothing when there is none.
squall_nats_server() {
  if [ -n "${nats_server_path:-}" ] && [ -x "$nats_server_path" ]; then
    echo "$nats_server_path"
  elif command -v nats-server >/dev/null 2>&1; then
    command -v nats-server
  elif [ -x /usr/sbin/nats-server ]; then
    echo /usr/sbin/nats-server
  fi
}

# Whether this user can install Debian packages: root, or sudo without a password.
squall_can_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  [ "$(id -u)" -eq 0 ] && return 0
  command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null
}

# apt-get install of Debian packages, as root or with sudo; says which command to run when it cannot.
squall_apt_install() {
  local sudo=()
  if ! command -v apt-get >/dev/null 2>&1; then
    squall_log "cannot install $*: no apt-get here; install them with this system's package manager"
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1 || ! sudo -n true 2>/dev/null; then
      squall_log "cannot install $* as $(id -un) (not root, no password-less sudo); run:"
      squall_log "  sudo apt-get update && sudo apt-get install -y $*"
      return 1
    fi
    sudo=(sudo -n)
  fi
  squall_log "installing $* (apt-get)"
  "${sudo[@]}" apt-get update -qq >&2 || return 1
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >&2
}

# Makes nats-server available: installs the Debian package nats-server when it is missing and this user can, puts
# its directory on the PATH and sets squall_nats to its path. Call it directly, not in $(...): it exports PATH.
squall_ensure_nats_server() {
  squall_nats=$(squall_nats_server)
  if [ -z "$squall_nats" ]; then
    squall_log "nats-server not found (Debian package nats-server)"
    squall_apt_install nats-server || return 1
    squall_nats=$(squall_nats_server)
    if [ -z "$squall_nats" ]; then
      squall_log "the package nats-server is installed but there is no nats-server on the PATH or in /usr/sbin"
      return 1
    fi
  fi
  local dir
  dir=$(dirname "$squall_nats")
  case ":$PATH:" in
    *":$dir:"*) ;;
    *) export PATH="$PATH:$dir" ;;
  esac
}

# Whether DIR holds the kube-apiserver binaries laid out as kube-api-test's offline mode expects.
squall_kube_binaries_in() {
  local binary
  for binary in kube-apiserver etcd kubectl; do
    [ -x "$1/k8s/$squall_kube_version-linux-amd64/$binary" ] || return 1
  done
}

# The workplace's provisioning script: $SQUALL_KUBE_PROVISION, else ../shared/tools/kube-apiserver/provision.sh
# beside the checkout ROOT; prints nothing when there is none.
squall_kube_provision_script() {
  local script=${SQUALL_KUBE_PROVISION:-$(cd "$1/.." && pwd)/shared/tools/kube-apiserver/provision.sh}
  if [ -f "$script" ]; then
    echo "$script"
  fi
}

# Sets and exports SQUALL_KUBE_API_TEST_DIR for the checkout ROOT: kept when set (it must hold the binaries), else
# the directory the provisioning script prints (it builds the binaries once, then answers from its cache), else
# left unset: kube-api-test then downloads envtest binaries (needs the internet). Call it directly, not in $(...).
squall_ensure_kube_binaries() {
  local root=$1 script dir
  if [ -n "${SQUALL_KUBE_API_TEST_DIR:-}" ]; then
    if ! squall_kube_binaries_in "$SQUALL_KUBE_API_TEST_DIR"; then
      squall_log "SQUALL_KUBE_API_TEST_DIR=$SQUALL_KUBE_API_TEST_DIR has no executable"
      squall_log "  k8s/$squall_kube_version-linux-amd64/{kube-apiserver,etcd,kubectl}: unset it, or point it at such a directory"
      return 1
    fi
    return 0
  fi
  script=$(squall_kube_provision_script "$root")
  if [ -n "$script" ]; then
    squall_log "provisioning kube-apiserver $squall_kube_version with $script (minutes the first time, then cached)"
    dir=$(bash "$script") || { squall_log "$script failed (its messages are above)"; return 1; }
    dir=$(printf '%s\n' "$dir" | tail -n 1)
    if ! squall_kube_binaries_in "$dir"; then
      squall_log "$script did not print a directory with k8s/$squall_kube_version-linux-amd64/{kube-apiserver,etcd,kubectl} (got: $dir)"
      return 1
    fi
    export SQUALL_KUBE_API_TEST_DIR=$dir
    squall_log "SQUALL_KUBE_API_TEST_DIR=$dir"
    return 0
  fi
  squall_log "SQUALL_KUBE_API_TEST_DIR is not set and there is no provisioning script: kube-api-test downloads"
  squall_log "  the kube-apiserver binaries (needs the internet)"
}
