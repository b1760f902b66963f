#!/usr/bin/env bash
# A user's build against the published artifacts, not the reactor:
#  1. deploys every published module (POMs as published: flattened) to a file repository,
#     target/staging-repo, with a JDK 21+ (the build's own);
#  2. builds examples/consumer (a project outside the reactor: BOM import, faultline-undertow,
#     --release 17) whose only source of Faultline is that repository, and runs its test, on a Java 17
#     runtime when the machine has one (FAULTLINE_CONSUMER_JAVA_HOME picks another);
#  3. checks that every Faultline artifact the consumer used came from the staging repository.
# Run by .ci/run after the main verify (so step 1 mostly reuses compiled classes). Writes nothing to
# ~/.m2 (shared with other builds): both steps get a local repository of their own under target/, with
# ~/.m2 as a read-only tail for plugins and third-party artifacts, and staging skips the install phase.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

. .ci/jdk.sh   # JAVA_HOME: a JDK 21+ for the reactor
build_java_home="$JAVA_HOME"

version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
staging="$root/target/staging-repo"
staging_local="$root/target/staging-m2"
consumer_repo="$root/target/consumer-m2"
rm -rf "$staging" "$staging_local" "$consumer_repo"

echo "== Staging Faultline $version in $staging"
# examples (not published) are left out; modules with maven.deploy.skip deploy nothing
./mvnw -B -ntp -q deploy -pl '!examples' -DskipTests -Dmaven.install.skip=true \
  -Dmaven.repo.local="$staging_local" -Dmaven.repo.local.tail="$HOME/.m2/repository" \
  -DaltDeploymentRepository="faultline-staging::file://$staging"
if [ ! -f "$staging/dev/faultline/faultline-bom/$version/maven-metadata.xml" ] && \
   ! ls "$staging/dev/faultline/faultline-bom/$version/"*.pom >/dev/null 2>&1; then
  echo "consumer-check: the BOM was not staged" >&2
  exit 1
fi
if [ -e "$staging/dev/faultline/faultline-parent" ]; then
  echo "consumer-check: faultline-parent was staged, but published POMs are flattened and the parent is not published" >&2
  exit 1
fi

# Java 17 for the consumer, where there is one
consumer_java_home="${FAULTLINE_CONSUMER_JAVA_HOME:-}"
if [ -z "$consumer_java_home" ]; then
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    if [ "$(java_major "$candidate")" = "17" ]; then
      consumer_java_home="$(dirname "$(dirname "$(readlink -f "$candidate")")")"
      break
    fi
  done
fi
if [ -z "$consumer_java_home" ]; then
  consumer_java_home="$build_java_home"
  echo "consumer-check: no Java 17 runtime under /usr/lib/jvm; the consumer compiles with --release 17 but runs on $(java_major "$consumer_java_home/bin/java")"
fi

echo "== Consumer build (examples/consumer) on Java $(java_major "$consumer_java_home/bin/java") ($consumer_java_home)"
JAVA_HOME="$consumer_java_home" PATH="$consumer_java_home/bin:$PATH" \
  ./mvnw -B -ntp -U -f examples/consumer/pom.xml clean verify \
    -Dmaven.repo.local="$consumer_repo" \
    -Dmaven.repo.local.tail="$HOME/.m2/repository" \
    -Dfaultline.version="$version" \
    -Dfaultline.repo="file://$staging"

# Every dev.faultline artifact the consumer resolved must have come from the staging repository
# (downloaded into its own local repository), never from anywhere else.
used="$( (find "$consumer_repo/dev/faultline" -name '*.jar' -o -name '*.pom' 2>/dev/null || true) | wc -l)"
for artifact in faultline-bom faultline-undertow faultline-core; do
  if [ ! -d "$consumer_repo/dev/faultline/$artifact" ]; then
    echo "consumer-check: the consumer did not resolve $artifact from the staging repository (found elsewhere?)" >&2
    exit 1
  fi
done
foreign="$(find "$consumer_repo/dev/faultline" -name _remote.repositories -exec grep -H '>' {} + | grep -v '>faultline-staging=$' || true)"
if [ -n "$foreign" ]; then
  echo "consumer-check: Faultline artifacts that came from a repository other than the staging one:" >&2
  echo "$foreign" >&2
  exit 1
fi
echo "consumer-check: passed ($used Faultline files resolved from $staging)"
