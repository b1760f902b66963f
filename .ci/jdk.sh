# Sourced by .ci/run and the benchmark scripts: exports JAVA_HOME (and PATH) for a JDK 21+.
# Keeps JAVA_HOME when it is already 21+, else the default java when it is 21+, else the newest
# JDK 21+ under /usr/lib/jvm; exits 1 with a hint when there is none.

java_major() { # prints the feature version of the java binary given
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | sed 's/^1\.//'
}

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    return
  fi
  if command -v java >/dev/null 2>&1 && [ "$(java_major "$(command -v java)")" -ge 21 ]; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    return
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$(dirname "$(dirname "$candidate")")"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "No JDK 21+ found (default java is too old and none under /usr/lib/jvm). Install one and set JAVA_HOME." >&2
    exit 1
  fi
  JAVA_HOME="$best"
}

pick_jdk
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
