# shellcheck shell=bash
# `bin/squall doctor`: what a new user is missing, each with the command that fixes it. Sourced by bin/squall after
# bin/lib/setup.sh, with $root set to the checkout; squall_doctor prints the report and returns 0 when nothing
# FAILs, 1 otherwise. It changes nothing: it installs nothing and starts nothing. Every check handles its own
# failure (bin/squall runs it without errexit: a check that cannot run is a finding, not a reason to stop).

squall_doctor_usage() {
  cat <<'EOF'
usage: bin/squall doctor

Checks what Squall needs and says how to fix what is missing:
  this machine   Java 17+, Maven, nats-server 2.9+, the kube-apiserver binaries of the tests and bin/squall-dev,
                 whether the modules are built
  the cluster    kubectl, the API server is reachable, the Squall CRDs are installed and the same as crds/ in this
                 checkout, the operator is healthy
The cluster is the one kubectl uses (KUBECONFIG or ~/.kube/config); without either, bin/squall-dev's
(.squall-dev/kubeconfig, or SQUALL_DEV_STATE_DIR) when it is running. The operator's health is read from
SQUALL_OPERATOR_URL (e.g. http://127.0.0.1:8081) when set, from bin/squall-dev's operator when the cluster is
bin/squall-dev's, else from the ready replicas of its Deployment (labels app.kubernetes.io/part-of=squall,
app.kubernetes.io/component=operator). Exit status: 0 when nothing failed, 1 otherwise.
EOF
}

squall_doctor_failed=0

# One line per check: ok, warn (works, but not as well) or FAIL, then the fixes, one per line.
squall_report() {
  local status=$1 what=$2 detail=$3 fix
  shift 3
  printf '  %-5s %-15s %s\n' "$status" "$what" "$detail"
  for fix in "$@"; do
    printf '  %-5s %-15s fix: %s\n' "" "" "$fix"
  done
  if [ "$status" = FAIL ]; then
    squall_doctor_failed=1
  fi
}

# GET an http://host:port/path URL: prints "<status code> <body>"; curl when there is one, else bash's /dev/tcp.
squall_http_get() {
  local url=$1 hostport path host port response
  if command -v curl >/dev/null 2>&1; then
    { curl -s -m 5 -w '\n%{http_code}' "$url" 2>/dev/null || true; } | awk '{ lines[NR] = $0 } END { printf "%s ", lines[NR]; for (i = 1; i < NR; i++) print lines[i] }'
    return
  fi
  hostport=${url#http://}
  path=/${hostport#*/}
  hostport=${hostport%%/*}
  host=${hostport%%:*}
  port=${hostport##*:}
  [ "$port" = "$hostport" ] && port=80
  # shellcheck disable=SC2016 # the inner bash expands its own $0 $1 $2
  response=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$0" >&3 && cat <&3' \
    "$host" "$port" "$path" 2>/dev/null) || { echo "000 "; return; }
  printf '%s %s\n' "$(printf '%s' "$response" | awk 'NR == 1 { print $2 }')" "$(printf '%s' "$response" | awk 'body { print } /^\r?$/ { body = 1 }')"
}

squall_doctor_machine() {
  local java major mvn version nats provision cache missing=() path
  echo "This machine:"
  java=$(squall_java)
  if [ -z "$java" ]; then
    squall_report FAIL "Java 17+" "no java (JAVA_HOME is unset or wrong and there is none on the PATH)" \
      "apt-get install -y openjdk-17-jdk-headless   (bin/squall-test and bin/squall-dev do it when run as root)"
  else
    major=$(squall_java_major "$java")
    if [ -n "$major" ] && [ "$major" -ge 17 ]; then
      squall_report ok "Java 17+" "$java (Java $major)"
    else
      squall_report FAIL "Java 17+" "$java is Java ${major:-of an unknown version}" \
        "apt-get install -y openjdk-17-jdk-headless, then export JAVA_HOME=$(squall_debian_jdk17 || echo /usr/lib/jvm/java-17-openjdk-amd64)"
    fi
  fi

  mvn=$(command -v mvn || true)
  if [ -z "$mvn" ]; then
    squall_report FAIL "Maven 3.8+" "no mvn on the PATH (it builds Squall: the tests, bin/squall-dev's first run)" \
      "apt-get install -y maven   (bin/squall-test and bin/squall-dev do it when run as root)"
  else
    version=$("$mvn" -v 2>/dev/null | sed -n 's/\x1b\[[0-9;]*m//g; s/^Apache Maven \([0-9][0-9.]*\).*/\1/p' | head -n 1)
    if [ -n "$version" ] && printf '%s\n3.8\n' "$version" | sort -V -C -r; then
      squall_report ok "Maven 3.8+" "$mvn (Maven $version)"
    else
      squall_report FAIL "Maven 3.8+" "$mvn is Maven ${version:-of an unknown version}" "apt-get install -y maven"
    fi
  fi

  nats=$(squall_nats_server)
  if [ -z "$nats" ]; then
    squall_report FAIL "nats-server" "not found (on the PATH, in /usr/sbin or \$nats_server_path)" \
      "apt-get install -y nats-server   (bin/squall-test and bin/squall-dev do it when run as root)"
  else
    version=$("$nats" --version 2>/dev/null | sed -n 's/.*v\([0-9][0-9.]*\).*/\1/p' | head -n 1)
    if [ -n "$version" ] && printf '%s\n2.9\n' "$version" | sort -V -C -r; then
      squall_report ok "nats-server" "$nats (v$version)"
    else
      squall_report FAIL "nats-server" "$nats is ${version:+v}${version:-of an unknown version}; JetStream needs 2.9+" \
        "apt-get install -y nats-server (Debian 12 has 2.9)"
    fi
  fi

  provision=$(squall_kube_provision_script "$root")
  cache=${SQUALL_KUBE_CACHE:-$HOME/.cache/squall-kube}/kubeapitest
  if [ -n "${SQUALL_KUBE_API_TEST_DIR:-}" ]; then
    if squall_kube_binaries_in "$SQUALL_KUBE_API_TEST_DIR"; then
      squall_report ok "kube-apiserver" "$SQUALL_KUBE_API_TEST_DIR (SQUALL_KUBE_API_TEST_DIR)"
    else
      squall_report FAIL "kube-apiserver" "SQUALL_KUBE_API_TEST_DIR=$SQUALL_KUBE_API_TEST_DIR has no k8s/$squall_kube_version-linux-amd64/{kube-apiserver,etcd,kubectl}" \
        "${provision:+export SQUALL_KUBE_API_TEST_DIR=\$(bash $provision | tail -n 1)   or }unset SQUALL_KUBE_API_TEST_DIR"
    fi
  elif [ -n "$provision" ] && squall_kube_binaries_in "$cache"; then
    squall_report ok "kube-apiserver" "provisioned in $cache (bin/squall-test and bin/squall-dev use it)"
  elif [ -n "$provision" ]; then
    squall_report warn "kube-apiserver" "not provisioned yet: bin/squall-test and bin/squall-dev build it with $provision (minutes, once)" \
      "export SQUALL_KUBE_API_TEST_DIR=\$(bash $provision | tail -n 1)   to do it now"
  else
    squall_report warn "kube-apiserver" "no SQUALL_KUBE_API_TEST_DIR and no provisioning script: kube-api-test downloads the binaries (needs the internet)" \
      "export SQUALL_KUBE_API_TEST_DIR=<a directory with k8s/$squall_kube_version-linux-amd64/{kube-apiserver,etcd,kubectl}>   where there is no internet"
  fi

  for path in cli/target/squall.jar engine/target/squall-engine.jar operator/target/quarkus-app/quarkus-run.jar \
    runner-image/target/squall-runner.jar sensors/target/quarkus-app/quarkus-run.jar local/target/squall-local.jar; do
    [ -e "$root/$path" ] || missing+=("$path")
  done
  if ((${#missing[@]})); then
    squall_report warn "built" "not built: ${missing[*]}" \
      "bin/squall-dev builds what it runs on its first start; or (cd $root && mvn -B -q install -DskipTests)"
  else
    squall_report ok "built" "the command line, engine, operator, runner, sensors and local jars are in */target"
  fi
}

squall_doctor_cluster() {
  local state kubectl kubeconfig context server out crds=() missing=() stale=() file name shape here there
  local url health down deployments ready wanted
  state=${SQUALL_DEV_STATE_DIR:-$root/.squall-dev}
  echo "The cluster:"

  kubectl=$(command -v kubectl || true)
  if [ -z "$kubectl" ] && [ -x "$state/kubectl" ]; then
    kubectl=$state/kubectl
  fi
  if [ -z "$kubectl" ] && [ -n "${SQUALL_KUBE_API_TEST_DIR:-}" ] && [ -x "$SQUALL_KUBE_API_TEST_DIR/k8s/$squall_kube_version-linux-amd64/kubectl" ]; then
    kubectl=$SQUALL_KUBE_API_TEST_DIR/k8s/$squall_kube_version-linux-amd64/kubectl
  fi
  if [ -z "$kubectl" ]; then
    squall_report FAIL "kubectl" "not found (on the PATH, or bin/squall-dev's $state/kubectl)" \
      "bin/squall-dev, then: export KUBECONFIG=$state/kubeconfig PATH=$state:\$PATH" \
      "or install kubectl for your cluster (https://kubernetes.io/docs/tasks/tools/)"
    return
  fi
  squall_report ok "kubectl" "$kubectl"

  kubeconfig=${KUBECONFIG:-}
  if [ -z "$kubeconfig" ] && [ ! -f "$HOME/.kube/config" ] && [ -f "$state/kubeconfig" ]; then
    kubeconfig=$state/kubeconfig
  fi
  k() { "$kubectl" ${kubeconfig:+--kubeconfig "$kubeconfig"} --request-timeout=10s "$@"; }
  if [ -z "$kubeconfig" ] && [ ! -f "$HOME/.kube/config" ]; then
    squall_report FAIL "reachable" "no kubeconfig: KUBECONFIG is unset, there is no ~/.kube/config and bin/squall-dev is not running" \
      "bin/squall-dev, then: export KUBECONFIG=$state/kubeconfig PATH=$state:\$PATH" \
      "or export KUBECONFIG=<your cluster's kubeconfig>"
    return
  fi
  context=$(k config current-context 2>/dev/null || true)
  server=$(k config view --minify -o jsonpath='{.clusters[0].cluster.server}' 2>/dev/null || true)
  if ! out=$(k get --raw /readyz 2>&1); then
    squall_report FAIL "reachable" "${server:-the API server} (context ${context:-none}${kubeconfig:+, kubeconfig $kubeconfig}) does not answer: $(printf '%s' "$out" | head -n 1)" \
      "start it (bin/squall-dev for a local one), or export KUBECONFIG=<a kubeconfig whose cluster runs>"
    return
  fi
  squall_report ok "reachable" "$server (context ${context:-none}${kubeconfig:+, kubeconfig $kubeconfig})"

  # CRDs: each of crds/ installed, and with the schema of this checkout (both sides as kubectl reads them)
  shape='{range .spec.versions[*]}{.name}{" "}{.served}{" "}{.storage}{" "}{.schema}{" "}{.subresources}{"\n"}{end}'
  for file in "$root"/crds/*.yml "$root"/crds/*.yaml; do
    [ -f "$file" ] || continue
    crds+=("$file")
  done
  for file in "${crds[@]}"; do
    if ! name=$(k create --dry-run=client --validate=false -o name -f "$file" 2>&1); then
      squall_report FAIL "CRDs" "kubectl cannot read $file: $(printf '%s' "$name" | head -n 1)" "git checkout -- crds/"
      return
    fi
    name=${name#*/}
    if ! out=$(k get crd "$name" -o name 2>&1); then
      if printf '%s' "$out" | grep -q NotFound; then
        missing+=("$name")
        continue
      fi
      squall_report FAIL "CRDs" "cannot read CustomResourceDefinition $name: $(printf '%s' "$out" | head -n 1)" \
        "ask for get on customresourcedefinitions (apiextensions.k8s.io), or use a cluster-admin kubeconfig"
      return
    fi
    here=$(k create --dry-run=client --validate=false -o jsonpath="$shape" -f "$file" 2>/dev/null || true)
    there=$(k get crd "$name" -o jsonpath="$shape" 2>/dev/null || true)
    if [ "$here" != "$there" ]; then
      stale+=("$name")
    fi
  done
  if ((${#missing[@]})); then
    squall_report FAIL "CRDs" "not installed: ${missing[*]}" "kubectl apply -f $root/crds/"
  fi
  if ((${#stale[@]})); then
    squall_report FAIL "CRDs" "installed but not the same as crds/ in this checkout (schema, versions or subresources): ${stale[*]}" \
      "kubectl apply -f $root/crds/"
  fi
  if ((${#missing[@]} + ${#stale[@]} == 0)); then
    squall_report ok "CRDs" "${#crds[@]} installed, the same as crds/"
  fi

  # the operator's health
  url=${SQUALL_OPERATOR_URL:-}
  if [ -z "$url" ] && [ "$kubeconfig" = "$state/kubeconfig" ]; then
    url=http://127.0.0.1:${SQUALL_DEV_OPERATOR_PORT:-8081}
  fi
  if [ -n "$url" ]; then
    health=$(squall_http_get "${url%/}/q/health/ready")
    case "$health" in
      "200 "*) squall_report ok "operator" "${url%/}/q/health/ready: UP" ;;
      "000 "* | " "*) squall_report FAIL "operator" "nothing answers at ${url%/}/q/health/ready" \
        "start it: bin/squall-dev (local), or java -jar $root/operator/target/quarkus-app/quarkus-run.jar (see README)" ;;
      *)
        down=$(printf '%s' "${health#* }" | tr -d '\n' | grep -o '"name" *: *"[^"]*" *, *"status" *: *"DOWN"' \
          | sed 's/"name" *: *"\([^"]*\)".*/\1/' | paste -sd, - | sed 's/,/, /g' || true)
        squall_report FAIL "operator" "${url%/}/q/health/ready answers ${health%% *}: not ready${down:+ (DOWN: $down)}" \
          "read the operator's log (bin/squall-dev: $state/operator.log) for what it waits for" ;;
    esac
    return
  fi
  if ! deployments=$(k get deployments --all-namespaces -l app.kubernetes.io/part-of=squall,app.kubernetes.io/component=operator \
    -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name}|{.status.readyReplicas}|{.spec.replicas}{"\n"}{end}' 2>&1); then
    squall_report FAIL "operator" "cannot list Deployments: $(printf '%s' "$deployments" | head -n 1)" \
      "set SQUALL_OPERATOR_URL to the operator's HTTP address (port 8080 in the cluster), e.g. after kubectl port-forward"
    return
  fi
  if [ -z "$deployments" ]; then
    squall_report FAIL "operator" "no operator Deployment in the cluster (labels app.kubernetes.io/part-of=squall, component=operator)" \
      "helm install squall $root/helm/squall -n squall --create-namespace --set nats.url=nats://<nats>:4222" \
      "or run it outside the cluster (see README: Run) and set SQUALL_OPERATOR_URL"
    return
  fi
  while IFS='|' read -r name ready wanted; do
    [ -n "$name" ] || continue
    if [ -n "$ready" ] && [ "$ready" != 0 ] && [ "$ready" = "$wanted" ]; then
      squall_report ok "operator" "Deployment $name: $ready/$wanted ready"
    else
      squall_report FAIL "operator" "Deployment $name: ${ready:-0}/${wanted:-?} ready" \
        "kubectl -n ${name%%/*} describe deployment ${name#*/}; kubectl -n ${name%%/*} logs deployment/${name#*/}"
    fi
  done <<<"$deployments"
}

squall_doctor() {
  case "${1:-}" in
    -h|--help) squall_doctor_usage; return 0 ;;
    "") ;;
    *) echo "squall doctor: unknown argument: $1 (see bin/squall doctor --help)" >&2; return 2 ;;
  esac
  echo "squall doctor: checkout $root"
  squall_doctor_machine
  squall_doctor_cluster
  if [ "$squall_doctor_failed" -ne 0 ]; then
    echo "Something is missing: run the fix commands above, then bin/squall doctor again."
    return 1
  fi
  echo "Nothing is missing."
}
